package dev.genaiwatch.processor.cost;

import dev.genaiwatch.processor.pipeline.GenAiSpans;
import dev.genaiwatch.processor.pipeline.SpanEnricher;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Set;

/**
 * Prices every model-call span that reports usage: {@code genai_watch.cost.usd} and {@code
 * genai_watch.cost.basis=price_table} on the span, the amount on {@code genai_watch_cost_usd}. The
 * response model (what was billed, often a dated snapshot) is looked up first, then the request
 * model. A call to a server with a GPU price gets its estimate from {@link GpuTimeCost} once the
 * server's inference time is known; any other unknown model is counted as unpriced.
 */
public final class CostEnricher implements SpanEnricher {
  public static final String COST_USD = "genai_watch.cost.usd";
  public static final String COST_BASIS = "genai_watch.cost.basis";
  private static final Set<String> MODEL_CALLS =
      Set.of("chat", "text_completion", "generate_content", "embeddings");

  private final CostSettings settings;
  private final CostMetrics metrics;

  public CostEnricher(CostSettings settings, CostMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void enrich(Resource resource, InstrumentationScope scope, Span.Builder span) {
    List<KeyValue> attributes = span.getAttributesList();
    String operation = GenAiSpans.string(attributes, GenAiSpans.OPERATION_NAME);
    if (!settings.enabled() || !MODEL_CALLS.contains(operation)) {
      return;
    }
    TokenUsage usage = TokenUsage.of(attributes);
    if (usage == null) {
      return;
    }
    String requestModel = orUnknown(GenAiSpans.string(attributes, "gen_ai.request.model"));
    ModelPrice price =
        settings.prices().lookup(GenAiSpans.string(attributes, "gen_ai.response.model"));
    if (price == null) {
      price = settings.prices().lookup(requestModel);
    }
    // Cost attributes are the processor's to set: a sender's own copy is dropped, not doubled.
    removeAttributes(span);
    if (price == null) {
      String address = GenAiSpans.string(attributes, "server.address");
      if (!(settings.gpuPricePerHour(address, GenAiSpans.string(attributes, "server.port")) > 0)) {
        metrics.unpriced(requestModel);
      }
      return;
    }
    double usd = price.usd(usage);
    span.addAttributes(
        KeyValue.newBuilder().setKey(COST_USD).setValue(AnyValue.newBuilder().setDoubleValue(usd)));
    span.addAttributes(
        KeyValue.newBuilder()
            .setKey(COST_BASIS)
            .setValue(AnyValue.newBuilder().setStringValue(CostBasis.PRICE_TABLE.label())));
    String service = orUnknown(GenAiSpans.string(resource.getAttributesList(), "service.name"));
    metrics.cost(service, requestModel, operation, CostBasis.PRICE_TABLE, usd);
  }

  private static void removeAttributes(Span.Builder span) {
    for (int i = span.getAttributesCount() - 1; i >= 0; i--) {
      String key = span.getAttributes(i).getKey();
      if (key.equals(COST_USD) || key.equals(COST_BASIS)) {
        span.removeAttributes(i);
      }
    }
  }

  static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "unknown" : value;
  }
}
