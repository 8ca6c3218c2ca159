package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost per call through a whole processor over OTLP: the forwarded spans carry the price table's
 * cost, the counter sums it by service, model and operation, unknown models are counted.
 */
class CostPerCallTest {
  private static final String COST_SERIES =
      "genai_watch_cost_usd_total{gen_ai_operation_name=\"chat\",gen_ai_request_model=\"%s\","
          + "genai_watch_cost_basis=\"price_table\",service_name=\"shop\"}";

  @TempDir Path dataDir;

  @Test
  void modelCallSpansGetTheirPriceTableCostAndUnknownModelsAreCounted() {
    Span snapshot =
        GenAiCalls.chat("gpt-4o", 1000, 200, "hello").toBuilder()
            .addAttributes(GenAiCalls.string("gen_ai.response.model", "gpt-4o-2024-08-06"))
            .addAttributes(GenAiCalls.integer("gen_ai.usage.cache_read.input_tokens", 600))
            // A sender's own cost attribute is replaced, never trusted or doubled.
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("genai_watch.cost.usd")
                    .setValue(AnyValue.newBuilder().setDoubleValue(99)))
            .build();
    Span reasoning =
        GenAiCalls.chat("o4-mini", 100, 500, "think").toBuilder()
            .addAttributes(GenAiCalls.integer("gen_ai.usage.reasoning.output_tokens", 400))
            .build();
    Span unknown = GenAiCalls.chat("qwen2.5-7b-instruct", 100, 10, "self-hosted");
    try (OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p =
            TestProcessor.start(
                dataDir, Map.of("downstream.endpoint", downstream.grpcEndpoint()))) {
      p.client.postTraces(
          GenAiCalls.request("shop", snapshot, reasoning, unknown, GenAiCalls.plain("GET /")));
      List<ReceivedSpan> spans =
          downstream
              .telemetry()
              .awaitSpans(s -> s.name().startsWith("chat "), 3, Duration.ofSeconds(30));

      double gpt4o = (400 * 2.50 + 600 * 1.25 + 200 * 10.00) / 1e6;
      double o4mini = (100 * 1.10 + 500 * 4.40) / 1e6;
      assertThat(span(spans, "chat gpt-4o").attrDouble("genai_watch.cost.usd"))
          .isCloseTo(gpt4o, within(1e-12));
      assertThat(span(spans, "chat gpt-4o").attributes())
          .containsEntry("genai_watch.cost.basis", "price_table");
      assertThat(span(spans, "chat o4-mini").attrDouble("genai_watch.cost.usd"))
          .isCloseTo(o4mini, within(1e-12));
      assertThat(span(spans, "chat qwen2.5-7b-instruct").attributes())
          .doesNotContainKeys("genai_watch.cost.usd", "genai_watch.cost.basis");

      assertThat(p.client.metric(COST_SERIES.formatted("gpt-4o"))).isCloseTo(gpt4o, within(1e-12));
      assertThat(p.client.metric(COST_SERIES.formatted("o4-mini")))
          .isCloseTo(o4mini, within(1e-12));
      assertThat(
              p.client.metric(
                  "genai_watch_cost_unpriced_total{gen_ai_request_model=\"qwen2.5-7b-instruct\"}"))
          .isEqualTo(1);
    }
  }

  private static ReceivedSpan span(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
