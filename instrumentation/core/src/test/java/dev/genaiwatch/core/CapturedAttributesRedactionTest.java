package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.model.RetrievedDocument;
import dev.genaiwatch.core.testing.ExportingSdk;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No side door around redaction: every text a call, a tool span or a RAG span records (each String
 * and list-of-String field of {@link LlmCall}, found by reflection so a new field is covered or
 * must be listed here, message parts with their tool ids and names, tool arguments and results,
 * document ids and contents, exception messages, causes and stack traces, the status description,
 * streamed output across the content limit) is fed a secret, and no attribute, event attribute,
 * status or span name of any exported span holds it.
 */
class CapturedAttributesRedactionTest {
  private static final String EMAIL = "leak.me@example.com";
  private static final String CARD = "4111111111111111";
  private static final String CN_ID = "11010519491231002X";

  /**
   * Fields the instrumentation sets from its own code or the client's configuration, never from
   * content: they are metric dimensions or the span's server address, and are recorded as they are.
   */
  private static final Set<String> NOT_CONTENT =
      Set.of(
          "instrumentation",
          "operation",
          "provider",
          "requestModel",
          "responseModel",
          "serverAddress",
          "openAiApiType");

  @RegisterExtension final ExportingSdk otel = new ExportingSdk();

  private static LlmCall chat() {
    LlmCall call = new LlmCall();
    call.instrumentation = "test";
    call.operation = LlmCall.OP_CHAT;
    return call;
  }

  private static String secret(String what) {
    return what + " of " + EMAIL + " paid with " + CARD;
  }

  @Test
  void everyTextFieldOfACallIsRedactedOrListedAsNotContent() throws IllegalAccessException {
    LlmCall call = new LlmCall();
    Set<String> fed = new TreeSet<>();
    for (Field field : LlmCall.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) || NOT_CONTENT.contains(field.getName())) {
        continue;
      }
      if (field.getType() == String.class) {
        field.set(call, secret(field.getName()));
        fed.add(field.getName());
      } else if (field.getType() == List.class && !Modifier.isFinal(field.getModifiers())) {
        fed.add(field.getName());
      }
    }
    call.instrumentation = "test";
    call.operation = LlmCall.OP_CHAT;
    call.stopSequences = List.of(secret("stop"));
    call.finishReasons.add(secret("finish"));
    call.systemInstructions = List.of(secret("system"));
    call.inputMessages =
        List.of(
            new GenAiMessage(
                "user",
                List.of(
                    MessagePart.text(secret("prompt")),
                    MessagePart.toolCall(secret("id"), secret("name"), secret("arguments")),
                    MessagePart.toolCallResponse(secret("id"), secret("response"))),
                null));
    call.outputMessages =
        List.of(new GenAiMessage("assistant", List.of(MessagePart.text(secret("answer"))), "stop"));

    otel.instrumenter(true, 8192)
        .start(call)
        .endWithError(
            new IllegalStateException(secret("message"), new RuntimeException(secret("cause"))),
            null);

    assertThat(fed)
        .as("text fields fed a secret")
        .contains(
            "conversationId",
            "responseId",
            "stopSequences",
            "inputMessages",
            "outputMessages",
            "systemInstructions");
    assertNoSecretExported();
  }

  @Test
  void toolAndRagSpansRedactNamesIdsArgumentsResultsDocumentsAndErrors() {
    GenAiInstrumenter instrumenter = otel.instrumenter(true, 8192);
    FrameworkSpan tool =
        instrumenter.startToolSpan(
            secret("tool"), secret("call id"), secret("arguments"), "test", null);
    tool.recordToolResult(secret("result"));
    tool.recordRetrievedDocuments(
        List.of(new RetrievedDocument(secret("doc id"), secret("doc"), 0.5)));
    tool.endWithError(new IllegalArgumentException(secret("tool failure")), null);

    assertNoSecretExported();
  }

  @Test
  void errorsAreRedactedWhenContentCaptureIsOffToo() {
    otel.instrumenter(false, 8192)
        .start(chat())
        .endWithError(new RuntimeException("server said: " + secret("body")), null);

    assertNoSecretExported();
  }

  @Test
  void aSecretStreamedAcrossTheContentLimitIsNotExportedInPart() {
    LlmCall call = chat();
    call.stream = true;
    ActiveLlmCall active = otel.instrumenter(true, 20).start(call);
    String before = "身份证号码是 "; // 7 characters: the ID runs from 7 to 25, across the limit of 20
    for (String delta : List.of(before, CN_ID.substring(0, 9), CN_ID.substring(9), "，请核对。")) {
      active.streamedOutput().append(0, delta);
      active.onChunk(true);
    }
    active.end();

    assertNoSecretExported();
    String output =
        otel.exporter
            .getFinishedSpanItems()
            .get(0)
            .getAttributes()
            .get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES);
    assertThat(output).contains("<CN_").doesNotContain(CN_ID.substring(0, 6));
  }

  private void assertNoSecretExported() {
    List<String> exported = new ArrayList<>();
    for (SpanData span : otel.exporter.getFinishedSpanItems()) {
      exported.add(span.getName());
      exported.add(span.getStatus().getDescription());
      span.getAttributes().forEach((key, value) -> exported.add(key + "=" + value));
      for (EventData event : span.getEvents()) {
        event
            .getAttributes()
            .forEach((key, value) -> exported.add(event.getName() + "." + key + "=" + value));
      }
    }
    assertThat(exported)
        .isNotEmpty()
        .noneSatisfy(text -> assertThat(text).containsAnyOf(EMAIL, CARD, CN_ID.substring(0, 12)));
  }
}
