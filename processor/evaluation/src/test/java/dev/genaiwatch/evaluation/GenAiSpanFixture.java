package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds GenAI chat spans shaped like genai-watch's instrumentation emits them (GenAI message
 * JSON).
 */
final class GenAiSpanFixture {

  static final Resource RESOURCE =
      Resource.newBuilder().addAttributes(KeyValues.str("service.name", "shop-assistant")).build();
  static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("genai-watch").build();
  static final String MODEL = "qwen2.5-7b-instruct";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Random IDS = new Random(42);

  private GenAiSpanFixture() {}

  static Span.Builder chat(String question, String answer) {
    return chat(question, answer, "stop");
  }

  static Span.Builder chat(String question, String answer, String finishReason) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(randomBytes(16))
            .setSpanId(randomBytes(8))
            .setName("chat " + MODEL)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(KeyValues.str("gen_ai.operation.name", "chat"))
            .addAttributes(KeyValues.str("gen_ai.request.model", MODEL))
            .addAttributes(
                KeyValues.str("gen_ai.response.id", "chatcmpl-" + Long.toHexString(IDS.nextLong())))
            .addAttributes(KeyValues.str("server.address", "llm.internal"))
            .addAttributes(KeyValues.lng("server.port", 8000))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("gen_ai.response.finish_reasons")
                    .setValue(
                        AnyValue.newBuilder()
                            .setArrayValue(
                                ArrayValue.newBuilder()
                                    .addValues(
                                        AnyValue.newBuilder().setStringValue(finishReason)))))
            .addAttributes(
                KeyValues.str("gen_ai.input.messages", messages("user", question, null)));
    if (answer != null) {
      span.addAttributes(
          KeyValues.str("gen_ai.output.messages", messages("assistant", answer, finishReason)));
    }
    return span;
  }

  /** Adds retrieved documents as the evaluator reads them: {@code gen_ai.retrieval.documents}. */
  static Span.Builder withDocuments(Span.Builder span, String... contents) {
    ArrayNode docs = JSON.createArrayNode();
    for (int i = 0; i < contents.length; i++) {
      docs.addObject().put("id", "doc-" + i).put("content", contents[i]);
    }
    return span.addAttributes(KeyValues.str("gen_ai.retrieval.documents", docs.toString()));
  }

  static String messages(String role, String text, String finishReason) {
    ArrayNode arr = JSON.createArrayNode();
    var m = arr.addObject();
    m.put("role", role);
    m.putArray("parts").addObject().put("type", "text").put("content", text);
    if (finishReason != null) {
      m.put("finish_reason", finishReason);
    }
    return arr.toString();
  }

  static Map<String, AnyValue> attributes(Span.Builder span) {
    return attributes(span.getAttributesList());
  }

  static Map<String, AnyValue> attributes(List<KeyValue> list) {
    Map<String, AnyValue> out = new HashMap<>();
    for (KeyValue kv : list) {
      out.put(kv.getKey(), kv.getValue());
    }
    return out;
  }

  static ByteString randomBytes(int n) {
    byte[] b = new byte[n];
    IDS.nextBytes(b);
    return ByteString.copyFrom(b);
  }
}
