package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiChatMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading an OpenAI chat request body (about 2.5 KB: system, user with RAG context, tool call and
 * tool result, multi-part user message) into the GenAI message model, against encoding the same
 * text to UTF-8, which the application's HTTP client does anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenAiChatMessagesBenchmark {
  private final String json = Prompts.REQUEST_JSON;

  /** Baseline. */
  @Benchmark
  public byte[] utf8Encode() {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public Object readJson() throws IOException {
    return JsonValueReader.read(json);
  }

  @Benchmark
  public LlmCall readJsonIntoMessages() throws IOException {
    LlmCall call = new LlmCall();
    OpenAiChatMessages.intoCall(((Map<?, ?>) JsonValueReader.read(json)).get("messages"), call);
    return call;
  }
}
