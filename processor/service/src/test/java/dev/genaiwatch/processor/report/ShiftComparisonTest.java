package dev.genaiwatch.processor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShiftComparisonTest {

  private static Map<String, Object> chat(long start, boolean truncated, Boolean ragUnused) {
    Map<String, Object> call = new HashMap<>();
    call.put(DemoReport.SERVICE, "demo-shop");
    call.put(DemoReport.START, start);
    call.put("gen_ai.operation.name", "chat");
    call.put("gen_ai.usage.output_tokens", truncated ? 160L : 40L);
    call.put("genai_watch.eval.truncated", truncated);
    if (ragUnused != null) {
      call.put("genai_watch.eval.rag_context_unused", ragUnused);
    }
    return call;
  }

  private static String printed(List<Map<String, Object>> calls, long steadyCalls) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ShiftComparison.print(
        calls, "demo-shop", steadyCalls, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String row(String printed, String label) {
    return printed
        .lines()
        .filter(l -> l.strip().startsWith(label))
        .findFirst()
        .orElseThrow()
        .replaceAll(" +", " ")
        .strip();
  }

  @Test
  void callsAreSplitInTheOrderTheyStartedNotTheOrderListed() {
    List<Map<String, Object>> calls = new ArrayList<>();
    // Newest first, as /api/calls lists them: the last two started after the shift.
    calls.add(chat(4, true, true));
    calls.add(chat(3, true, null));
    calls.add(chat(2, false, false));
    calls.add(chat(1, false, null));

    String out = printed(calls, 2);

    assertThat(row(out, "chat calls")).isEqualTo("chat calls 2 2");
    assertThat(row(out, "output tokens, mean")).isEqualTo("output tokens, mean 40.0 160.0");
    assertThat(row(out, "truncated")).isEqualTo("truncated (finish reason length) 0 of 2 2 of 2");
    assertThat(row(out, "RAG answers"))
        .isEqualTo("RAG answers ignoring their documents 0 of 1 1 of 1");
  }

  @Test
  void otherServicesAndOperationsAndUncheckedValuesAreLeftOut() {
    Map<String, Object> other = chat(1, true, true);
    other.put(DemoReport.SERVICE, "demo-tour");
    Map<String, Object> embeddings = chat(2, true, true);
    embeddings.put("gen_ai.operation.name", "embeddings");

    String out = printed(List.of(other, embeddings, chat(3, false, null)), 5);

    assertThat(row(out, "chat calls")).isEqualTo("chat calls 1 0");
    assertThat(row(out, "judge relevance")).isEqualTo("judge relevance (0-5), mean of judged - -");
  }
}
