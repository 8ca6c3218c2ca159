package dev.genaiwatch.processor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallOverviewTest {
  private static final long T0 = 1_700_000_000L * 1_000_000_000L;

  /** A call as /api/calls lists it, {@code second} seconds after T0. */
  private static Map<String, Object> call(
      String service, String model, int second, double duration, Map<String, Object> attributes) {
    Map<String, Object> all = new LinkedHashMap<>(attributes);
    all.put("gen_ai.request.model", model);
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("service.name", service);
    call.put("startTimeUnixNano", T0 + second * 1_000_000_000L);
    call.put("durationSeconds", duration);
    call.put("status", "STATUS_CODE_UNSET");
    call.put("attributes", all);
    return call;
  }

  @Test
  void quantilesAreNearestRankPerServiceAndModel() {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      calls.add(
          call("shop", "m", i, i / 10.0, Map.of("gen_ai.response.time_to_first_chunk", i / 100.0)));
    }
    calls.add(call("desk", "m2", 3, 7.0, Map.of()));

    Map<String, Object> overview = CallOverview.of(calls);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) overview.get("groups");

    assertThat(groups).extracting(g -> g.get("service")).containsExactly("desk", "shop");
    Map<String, Object> shop = groups.get(1);
    assertThat(shop.get("calls")).isEqualTo(20);
    assertThat(shop.get("durationP50")).isEqualTo(1.0);
    assertThat(shop.get("durationP95")).isEqualTo(1.9);
    assertThat(shop.get("ttftP95")).isEqualTo(0.19);
    assertThat(groups.get(0).get("ttftP50")).isNull();
  }

  @Test
  void errorsCacheHitRatioAndCostAddUp() {
    List<Map<String, Object>> calls =
        List.of(
            call(
                "shop",
                "m",
                0,
                1,
                Map.of(
                    "gen_ai.usage.input_tokens",
                    100L,
                    "gen_ai.usage.cache_read.input_tokens",
                    80L,
                    CallOverview.COST,
                    0.5)),
            call(
                "shop",
                "m",
                1,
                1,
                Map.of(
                    "gen_ai.usage.input_tokens",
                    300L,
                    "error.type",
                    "timeout",
                    CallOverview.COST,
                    0.25)));

    Map<String, Object> shop = group(CallOverview.of(calls));

    assertThat(shop.get("errors")).isEqualTo(1L);
    assertThat(shop.get("cacheHitRatio")).isEqualTo(0.2);
    assertThat(shop.get("costUsd")).isEqualTo(0.75);
  }

  @Test
  void costIsAbsentWhenNoSpanCarriesIt() {
    Map<String, Object> shop =
        group(
            CallOverview.of(
                List.of(call("shop", "m", 0, 1, Map.of("gen_ai.usage.input_tokens", 10L)))));

    assertThat(shop.get("costUsd")).isNull();
  }

  @Test
  void bucketsSpanTheCallsInAtMostThirty() {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(call("shop", "m", i * 10, 1, Map.of()));
    }

    Map<String, Object> overview = CallOverview.of(calls);
    @SuppressWarnings("unchecked")
    List<Object> calledPerBucket =
        (List<Object>) ((Map<String, Object>) group(overview).get("series")).get("calls");

    assertThat(overview.get("bucketSeconds")).isEqualTo(60L);
    assertThat((List<?>) overview.get("times"))
        .hasSize(calledPerBucket.size())
        .hasSizeLessThanOrEqualTo(30);
    assertThat(calledPerBucket.stream().mapToInt(c -> (Integer) c).sum()).isEqualTo(100);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> group(Map<String, Object> overview) {
    return ((List<Map<String, Object>>) overview.get("groups")).get(0);
  }
}
