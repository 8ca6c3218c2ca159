package dev.genaiwatch.core;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;

import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attribute sets of a call's metric points, built once per distinct (operation, provider,
 * models, server, error type) instead of three times per call: an application talks to a handful of
 * models on a handful of servers, and reusing the same {@link Attributes} also spares the SDK
 * rehashing a fresh set for each histogram it records to. At most {@value #CAPACITY} sets are kept;
 * past that a call's sets are built for it alone, as before.
 */
final class MetricAttributeSets {
  static final int CAPACITY = 512;

  /** The duration's set, and the token usage's with the input or output token type. */
  record Sets(Attributes common, Attributes inputTokens, Attributes outputTokens) {}

  /**
   * A plain class rather than a record: a record's {@code hashCode} and {@code equals} go through
   * {@code ObjectMethods} method handles, which the JIT was still compiling (and deoptimising)
   * thousands of calls in, and which hash the seven fields again on every lookup; the hash is
   * computed once here.
   */
  private static final class Key {
    private final Object[] values;
    private final int hash;

    Key(LlmCall call, String errorType) {
      this.values =
          new Object[] {
            call.operation,
            call.provider,
            call.requestModel,
            call.responseModel,
            call.serverAddress,
            call.serverPort,
            errorType
          };
      this.hash = Arrays.hashCode(values);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(values, k.values);
    }
  }

  private final Map<Key, Sets> known = new ConcurrentHashMap<>();

  Sets of(LlmCall call, String errorType) {
    Key key = new Key(call, errorType);
    Sets sets = known.get(key);
    if (sets == null) {
      sets = build(call, errorType);
      if (known.size() < CAPACITY) {
        known.putIfAbsent(key, sets);
      }
    }
    return sets;
  }

  int size() {
    return known.size();
  }

  private static Sets build(LlmCall call, String errorType) {
    AttributesBuilder ab =
        Attributes.builder()
            .put(GEN_AI_OPERATION_NAME, call.operation)
            .put(GEN_AI_PROVIDER_NAME, call.provider);
    putIfPresent(ab, GEN_AI_REQUEST_MODEL, call.requestModel);
    putIfPresent(ab, GEN_AI_RESPONSE_MODEL, call.responseModel);
    putIfPresent(ab, ServerAttributes.SERVER_ADDRESS, call.serverAddress);
    putIfPresent(ab, ServerAttributes.SERVER_PORT, call.serverPort);
    putIfPresent(ab, ErrorAttributes.ERROR_TYPE, errorType);
    Attributes common = ab.build();
    return new Sets(
        common,
        common.toBuilder().putAll(GenAiMetrics.INPUT).build(),
        common.toBuilder().putAll(GenAiMetrics.OUTPUT).build());
  }

  private static <T> void putIfPresent(AttributesBuilder b, AttributeKey<T> key, T value) {
    if (value != null) {
      b.put(key, value);
    }
  }
}
