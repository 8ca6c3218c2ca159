package dev.genaiwatch.processor.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code /api/latency} says about a key's calls. */
class RecentBreakdownsTest {
  static final long MS = 1_000_000L;

  static LatencyBreakdown pair(String service, long network, long queue, long prefill) {
    return new LatencyBreakdown(
        "t",
        "s",
        service,
        "chat",
        "qwen",
        "host:8000",
        null,
        true,
        0,
        0,
        0,
        queue * MS,
        prefill * MS,
        50 * MS,
        0,
        0,
        network * MS,
        -1,
        -1,
        -1,
        -1,
        false);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> key(RecentBreakdowns recent, int index) {
    return ((List<Map<String, Object>>) recent.toJson().get("keys")).get(index);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> part(Map<String, Object> key, String name) {
    return (Map<String, Object>) key.get(name);
  }

  @Test
  void theLatestSplitNamesTheQueueWhenMostRecentCallsQueuedDespiteOneSlowClientWarmUp() {
    RecentBreakdowns recent = new RecentBreakdowns(100);
    recent.add(pair("shop", 2_000, 0, 30));
    for (int i = 0; i < 5; i++) {
      recent.add(pair("shop", 3, 200, 30));
    }

    Map<String, Object> shop = key(recent, 0);
    assertThat(part(shop, "latest")).containsEntry("dominantPartOfFirstToken", "queue");
    assertThat(part(shop, "latest")).containsEntry("medianQueueMs", 200.0);
    // Over every call the one warm-up's 2 s of network still weighs most.
    assertThat(part(shop, "all")).containsEntry("dominantPartOfFirstToken", "network");
  }

  @Test
  void theLatestSplitForgetsCallsOlderThanTheLatestTwenty() {
    RecentBreakdowns recent = new RecentBreakdowns(100);
    for (int i = 0; i < 30; i++) {
      recent.add(pair("shop", 3, 200, 30));
    }
    for (int i = 0; i < RecentBreakdowns.LATEST_PER_KEY; i++) {
      recent.add(pair("shop", 3, 0, 30));
    }

    Map<String, Object> shop = key(recent, 0);
    assertThat(part(shop, "latest"))
        .containsEntry("calls", (long) RecentBreakdowns.LATEST_PER_KEY)
        .containsEntry("dominantPartOfFirstToken", "prefill")
        .containsEntry("queueShareOfFirstToken", 0.0);
    assertThat(part(shop, "all")).containsEntry("calls", 50L);
  }

  @Test
  void keysAreSeparateAndTheRecentPairsAreBounded() {
    RecentBreakdowns recent = new RecentBreakdowns(3);
    recent.add(pair("shop", 3, 0, 30));
    recent.add(pair("bank", 3, 0, 30));
    for (int i = 0; i < 5; i++) {
      recent.add(pair("shop", 3, 0, 30));
    }

    assertThat((List<?>) recent.toJson().get("keys")).hasSize(2);
    assertThat((List<?>) recent.toJson().get("recent")).hasSize(3);
    assertThat(key(recent, 1)).containsEntry("serviceName", "bank");
  }
}
