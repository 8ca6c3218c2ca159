package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the evaluators need from one span, read once: identity, model, finish reasons and the
 * captured content (GenAI message JSON: {@code
 * [{"role":..,"parts":[{"type":"text","content":..}],"finish_reason":..}]}). Content attributes
 * that are absent or not parseable read as null: the heuristics that need them are skipped.
 */
final class GenAiSpanContent {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<KeyValue> attributes;
  final String serviceName;
  final String operation;
  final String requestModel;
  final String responseId;
  final List<String> finishReasons = new ArrayList<>();

  /** Text of the user messages, joined; null when input content was not captured. */
  final String inputText;

  /** Text of the output messages, joined; null when output content was not captured. */
  final String outputText;

  /** Output carries tool calls (an output without text is then not empty). */
  final boolean outputHasToolCalls;

  final List<String> documents;

  private GenAiSpanContent(Resource resource, Span.Builder span) {
    // A span carries a few dozen attributes and a handful are read: a list scan beats building a
    // map.
    attributes = span.getAttributesList();
    String service = null;
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(EvaluationAttributes.SERVICE_NAME)) {
        service = kv.getValue().getStringValue();
      }
    }
    serviceName = service == null ? "unknown_service" : service;
    operation = string(EvaluationAttributes.OPERATION_NAME);
    requestModel = string(EvaluationAttributes.REQUEST_MODEL);
    responseId = string(EvaluationAttributes.RESPONSE_ID);
    AnyValue reasons = value(EvaluationAttributes.FINISH_REASONS);
    if (reasons != null && reasons.hasArrayValue()) {
      for (AnyValue v : reasons.getArrayValue().getValuesList()) {
        finishReasons.add(v.getStringValue());
      }
    }
    if (!isGeneration()) {
      // Only generations are evaluated: their content is not worth parsing for anything else.
      inputText = null;
      outputText = null;
      outputHasToolCalls = false;
      documents = List.of();
      return;
    }
    GenAiMessages input = GenAiMessages.parseOrNull(string(EvaluationAttributes.INPUT_MESSAGES));
    inputText = input == null ? null : input.text("user");
    GenAiMessages output = GenAiMessages.parseOrNull(string(EvaluationAttributes.OUTPUT_MESSAGES));
    boolean toolCalls = false;
    if (output != null) {
      for (GenAiMessages.Message message : output.messages()) {
        toolCalls |= message.toolCall();
        if (message.finishReason() != null && !finishReasons.contains(message.finishReason())) {
          finishReasons.add(message.finishReason());
        }
      }
    }
    outputText = output == null ? null : output.text(null);
    outputHasToolCalls = toolCalls;
    documents = documents(string(EvaluationAttributes.RETRIEVAL_DOCUMENTS));
  }

  static GenAiSpanContent of(Resource resource, Span.Builder span) {
    return new GenAiSpanContent(resource, span);
  }

  /**
   * Chat and text-completion calls are evaluated; embeddings, tools and framework spans are not.
   */
  boolean isGeneration() {
    return "chat".equals(operation) || "text_completion".equals(operation);
  }

  boolean isRag() {
    return !documents.isEmpty();
  }

  String context() {
    return String.join("\n\n", documents);
  }

  private AnyValue value(String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return kv.getValue();
      }
    }
    return null;
  }

  String string(String key) {
    AnyValue v = value(key);
    return v != null && v.hasStringValue() ? v.getStringValue() : null;
  }

  Long longValue(String key) {
    AnyValue v = value(key);
    return v != null && v.hasIntValue() ? v.getIntValue() : null;
  }

  boolean flag(String key) {
    AnyValue v = value(key);
    return v != null && v.getBoolValue();
  }

  /** Contents of {@code [{"id":..,"content":..}]}; plain strings are accepted as contents too. */
  private static List<String> documents(String json) {
    List<String> out = new ArrayList<>();
    JsonNode docs = parse(json);
    if (docs == null || !docs.isArray()) {
      return out;
    }
    for (JsonNode d : docs) {
      String content =
          d.isTextual()
              ? d.asText()
              : d.path("content").isTextual() ? d.path("content").asText() : null;
      if (content != null && !content.isBlank()) {
        out.add(content);
      }
    }
    return out;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }
}
