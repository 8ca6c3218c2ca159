package dev.genaiwatch.processor.receive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON request bodies (OTLP specification, "JSON Protobuf Encoding"): the protobuf JSON
 * mapping, except that trace and span ids are hex strings rather than base64. Unknown fields are
 * ignored, as the specification asks.
 */
final class OtlpJson {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  // Bounded nesting: a body of 16 MiB of '[' must not exhaust the stack.
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  /**
   * Fills {@code builder} from {@code body}; the exception's message says what is wrong, for a 400.
   */
  static void merge(byte[] body, Message.Builder builder) throws InvalidProtocolBufferException {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidProtocolBufferException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidProtocolBufferException("cannot read JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidProtocolBufferException("an OTLP/JSON body is a JSON object");
    }
    hexIdsToBase64(tree);
    PARSER.merge(tree.toString(), builder);
  }

  private static void hexIdsToBase64(JsonNode node) throws InvalidProtocolBufferException {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
          field.setValue(new TextNode(base64(field.getKey(), field.getValue().asText())));
        } else {
          hexIdsToBase64(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        hexIdsToBase64(element);
      }
    }
  }

  private static String base64(String field, String hex) throws InvalidProtocolBufferException {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException(
          field
              + " must be hex (OTLP/JSON), was '"
              + (hex.length() > 40 ? hex.substring(0, 40) + "..." : hex)
              + "'");
    }
  }
}
