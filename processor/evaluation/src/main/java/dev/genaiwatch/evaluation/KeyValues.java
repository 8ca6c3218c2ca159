package dev.genaiwatch.evaluation;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/** OTLP attribute construction, typed like the OpenTelemetry API's attribute keys. */
final class KeyValues {
  private KeyValues() {}

  private static KeyValue of(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static KeyValue bool(String key, boolean value) {
    return of(key, AnyValue.newBuilder().setBoolValue(value));
  }

  static KeyValue dbl(String key, double value) {
    return of(key, AnyValue.newBuilder().setDoubleValue(value));
  }

  static KeyValue str(String key, String value) {
    return of(key, AnyValue.newBuilder().setStringValue(value));
  }

  static KeyValue lng(String key, long value) {
    return of(key, AnyValue.newBuilder().setIntValue(value));
  }
}
