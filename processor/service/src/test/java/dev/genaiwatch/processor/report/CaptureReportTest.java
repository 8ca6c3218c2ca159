package dev.genaiwatch.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureReportTest {

  private static Map<String, Object> call(String instrumentation, String api, boolean stream) {
    Map<String, Object> call = new HashMap<>();
    call.put("genai_watch.instrumentation", instrumentation);
    call.put("_name", "chat qwen");
    call.put("_duration", 0.5);
    call.put("gen_ai.request.stream", stream);
    if (api != null) {
      call.put("openai.api.type", api);
    }
    return call;
  }

  @Test
  void responsesApiCallsGetARowOfTheirOwnBesideChatCompletionsOfTheSameClient() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CaptureReport.print(
        List.of(
            call("openai-java", null, false),
            call("openai-java", null, false),
            call("openai-java", "responses", false),
            call("openai-java", "responses", true)),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .containsPattern("\\nopenai-java chat qwen +2 ")
        .containsPattern("\\nopenai-java responses chat qwen +1 ")
        .containsPattern("\\nopenai-java responses chat qwen \\(stream\\) +1 ");
  }
}
