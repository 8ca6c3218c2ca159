package dev.genaiwatch.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Shared Jackson plumbing. Trees keep insertion order, so equal responses serialise to equal bytes.
 */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a tree we built", e);
    }
  }

  static String bytesToString(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  /**
   * Parses a request body that must be a JSON object; anything else is a 400 saying {@code
   * notObject}.
   */
  static JsonNode parseObject(byte[] body, String notObject) throws HttpProblem {
    JsonNode node = parse(body);
    if (!node.isObject()) {
      throw HttpProblem.badRequest(notObject, null);
    }
    return node;
  }

  /** {@code value}, or an explicit JSON null where there is none. */
  static void putOrNull(ObjectNode node, String field, JsonNode value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.set(field, value);
    }
  }

  /** Parses a request body; anything but a JSON value becomes a 400. */
  static JsonNode parse(byte[] body) throws HttpProblem {
    if (body.length == 0) {
      throw HttpProblem.badRequest("request body is empty; expected JSON", null);
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw HttpProblem.badRequest("request body is empty; expected JSON", null);
      }
      return node;
    } catch (IOException e) {
      throw HttpProblem.badRequest("request body is not valid JSON: " + originalMessage(e), null);
    }
  }

  private static String originalMessage(IOException e) {
    if (e instanceof JsonProcessingException) {
      return ((JsonProcessingException) e).getOriginalMessage();
    }
    return e.getMessage();
  }
}
