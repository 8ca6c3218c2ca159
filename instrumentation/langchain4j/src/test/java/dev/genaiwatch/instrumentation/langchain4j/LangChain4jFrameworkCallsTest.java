package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.FrameworkSpan;
import dev.genaiwatch.core.GenAiWatchAttributes;
import dev.genaiwatch.core.testing.TestTelemetry;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LangChain4jFrameworkCallsTest {
  @RegisterExtension final TestTelemetry telemetry = TestTelemetry.install(true);

  interface Assistant {
    String chat(String question);
  }

  private static Method chatMethod() throws NoSuchMethodException {
    return Assistant.class.getMethod("chat", String.class);
  }

  @Test
  void serviceMethodIsAnInternalSpanNamedAfterInterfaceAndMethod() throws Exception {
    FrameworkSpan service = LangChain4jFrameworkCalls.startService(chatMethod());
    LangChain4jFrameworkCalls.end(service, "answer", null);

    SpanData span = telemetry.span("Assistant.chat");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.INSTRUMENTATION))
        .isEqualTo("langchain4j");
  }

  @Test
  void objectMethodsOfTheProxyGetNoSpan() throws Exception {
    assertThat(LangChain4jFrameworkCalls.startService(Object.class.getMethod("toString"))).isNull();
  }

  @Test
  void toolExecutionRecordsNameIdArgumentsAndResultRedactedAsChildOfTheService() throws Exception {
    ToolExecutionRequest request =
        ToolExecutionRequest.builder()
            .id("call_7")
            .name("lookup")
            .arguments("{\"token\":\"sk-proj-AbCdEfGhIjKlMnOpQrStUvWx\"}")
            .build();

    FrameworkSpan service = LangChain4jFrameworkCalls.startService(chatMethod());
    FrameworkSpan tool = LangChain4jFrameworkCalls.startTool(request);
    LangChain4jFrameworkCalls.end(tool, "found it for jane.doe@example.com", null);
    LangChain4jFrameworkCalls.end(service, "answer", null);

    SpanData span = telemetry.span("execute_tool lookup");
    assertThat(span.getParentSpanId()).isEqualTo(telemetry.span("Assistant.chat").getSpanId());
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME))
        .isEqualTo("execute_tool");
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_TOOL_NAME))
        .isEqualTo("lookup");
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID))
        .isEqualTo("call_7");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_TOOL_CALL_ARGUMENTS))
        .isEqualTo("{\"token\":\"<API_KEY>\"}");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_TOOL_CALL_RESULT))
        .isEqualTo("found it for <EMAIL>");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.CONTENT_REDACTIONS)).isEqualTo(2L);
  }

  @Test
  void theSameToolRequestSeenTwiceIsOneExecution() {
    ToolExecutionRequest request =
        ToolExecutionRequest.builder().id("call_1").name("t").arguments("{}").build();

    FrameworkSpan outer = LangChain4jFrameworkCalls.startTool(request);
    FrameworkSpan inner = LangChain4jFrameworkCalls.startTool(request);
    LangChain4jFrameworkCalls.end(inner, "r", null);
    LangChain4jFrameworkCalls.end(outer, "r", null);

    assertThat(inner).isNull();
    assertThat(telemetry.finished()).hasSize(1);
  }

  @Test
  void toolThatThrowsEndsItsSpanAsAnError() {
    ToolExecutionRequest request =
        ToolExecutionRequest.builder().id("call_1").name("t").arguments("{}").build();

    FrameworkSpan tool = LangChain4jFrameworkCalls.startTool(request);
    LangChain4jFrameworkCalls.end(tool, null, new IllegalArgumentException("bad city"));

    SpanData span = telemetry.span("execute_tool t");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).anyMatch(e -> e.getName().equals("exception"));
  }

  @Test
  void retrievedDocumentsGoOnTheServiceSpanWithIdsScoresAndCount() throws Exception {
    AugmentationResult result =
        new AugmentationResult(
            UserMessage.from("q"),
            List.of(
                Content.from(
                    TextSegment.from("Cape Wrath was automated in 1998."),
                    Map.of(ContentMetadata.EMBEDDING_ID, "doc-1", ContentMetadata.SCORE, 0.875)),
                Content.from("Mail admin@example.com for access.")));

    FrameworkSpan service = LangChain4jFrameworkCalls.startService(chatMethod());
    LangChain4jFrameworkCalls.augmented(result);
    LangChain4jFrameworkCalls.end(service, "answer", null);

    SpanData span = telemetry.span("Assistant.chat");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.RAG_DOCUMENTS)).isEqualTo(2L);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_RETRIEVAL_DOCUMENTS))
        .isEqualTo(
            "[{\"id\":\"doc-1\",\"content\":\"Cape Wrath was automated in 1998.\",\"score\":0.875},"
                + "{\"id\":\"1\",\"content\":\"Mail <EMAIL> for access.\"}]");
  }

  @Test
  void retrievalOutsideAnyFrameworkSpanRecordsNothing() {
    LangChain4jFrameworkCalls.augmented(
        new AugmentationResult(UserMessage.from("q"), List.of(Content.from("d"))));

    assertThat(telemetry.finished()).isEmpty();
  }
}
