package dev.genaiwatch.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns OTLP's AnyValue tree into plain Java values so tests can compare with ordinary literals.
 */
final class AnyValues {
  private AnyValues() {}

  /**
   * An unset AnyValue becomes null: OTLP allows it and tests should see it rather than a default.
   */
  static Object toJava(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BYTES_VALUE -> value.getBytesValue().toByteArray();
      case ARRAY_VALUE -> {
        // ArrayList rather than List.copyOf: elements may legitimately be null.
        List<Object> list = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          list.add(toJava(element));
        }
        yield Collections.unmodifiableList(list);
      }
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      // String-table indices only have meaning inside profiles, which this receiver does not take.
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> null;
    };
  }

  /** Keeps the sender's key order, which makes dumps match what the exporter actually sent. */
  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), toJava(kv.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Lowercase hex is how trace and span ids appear everywhere else (W3C traceparent, logs, UIs).
   */
  static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  static Map<String, Object> immutableCopy(Map<String, Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
