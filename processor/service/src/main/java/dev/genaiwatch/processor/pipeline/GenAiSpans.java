package dev.genaiwatch.processor.pipeline;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/** Reading span and resource attributes of the span contract from the OTLP proto model. */
public final class GenAiSpans {
  public static final String OPERATION_NAME = "gen_ai.operation.name";

  private GenAiSpans() {}

  /**
   * A GenAI call span is one that names its operation, per the contract. The processor's own judge
   * calls never get here: the pipeline does not enrich what the processor emitted itself (by
   * identity, not by an attribute a sender could set), so they feed neither drift nor evaluation
   * nor the recent-calls API.
   */
  public static boolean isGenAi(List<KeyValue> spanAttributes) {
    return find(spanAttributes, OPERATION_NAME) != null;
  }

  public static AnyValue find(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return kv.getValue();
      }
    }
    return null;
  }

  public static String string(List<KeyValue> attributes, String key) {
    AnyValue value = find(attributes, key);
    if (value == null) {
      return null;
    }
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      default -> null;
    };
  }

  /** A number attribute, whether sent as int, double or a numeric string; NaN when absent. */
  public static double number(List<KeyValue> attributes, String key) {
    AnyValue value = find(attributes, key);
    if (value == null) {
      return Double.NaN;
    }
    return switch (value.getValueCase()) {
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case STRING_VALUE -> {
        try {
          yield Double.parseDouble(value.getStringValue());
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
      default -> Double.NaN;
    };
  }

  /** The first element of an array attribute, or the value itself when it is a scalar. */
  public static String firstString(List<KeyValue> attributes, String key) {
    AnyValue value = find(attributes, key);
    if (value == null) {
      return null;
    }
    if (value.hasArrayValue()) {
      return value.getArrayValue().getValuesCount() == 0
          ? null
          : value.getArrayValue().getValues(0).getStringValue();
    }
    return string(attributes, key);
  }

  public static Object javaValue(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BOOL_VALUE -> value.getBoolValue();
      case ARRAY_VALUE -> {
        List<Object> list = new ArrayList<>();
        value.getArrayValue().getValuesList().forEach(v -> list.add(javaValue(v)));
        yield list;
      }
      case BYTES_VALUE -> value.getBytesValue().size() + " bytes";
      default -> null;
    };
  }
}
