package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.content.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Redaction of a realistic 2 KB prompt without any match (the common case) and with four (key,
 * bearer token, two e-mail addresses), against UTF-8 encoding the same text, which exporting it
 * costs anyway. The report turns ns/op into MB/s with the prompt lengths.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedactionBenchmark {
  private Redactor redactor;

  @Setup
  public void setUp() {
    redactor = BenchRedactor.create();
  }

  /** Baseline. */
  @Benchmark
  public byte[] utf8EncodeClean() {
    return Prompts.CLEAN_PROMPT.getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public String redactClean() {
    return redactor.redact(Prompts.CLEAN_PROMPT, new Redactor.RedactionCounter());
  }

  @Benchmark
  public String redactWithSecrets() {
    return redactor.redact(Prompts.PROMPT_WITH_SECRETS, new Redactor.RedactionCounter());
  }
}
