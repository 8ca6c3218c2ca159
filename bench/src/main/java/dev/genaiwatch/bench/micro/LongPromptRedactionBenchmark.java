package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.content.Redactor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Content capture of a retrieval-augmented prompt far longer than the content length limit: the
 * whole prompt redacted and then cut (baseline, what capture did before), against only what the
 * limit keeps, plus the look-ahead past it, redacted ({@code Redactor.redactPrefix}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LongPromptRedactionBenchmark {
  /**
   * The default {@code genai.watch.content.max.length}, plus the one character that shows a cut.
   */
  private static final int KEEP = 8192 + 1;

  private Redactor redactor;

  @Setup
  public void setUp() {
    redactor = BenchRedactor.create();
  }

  /** Baseline. */
  @Benchmark
  public String redactWholeThenCut() {
    String all = redactor.redact(Prompts.LONG_RAG_PROMPT, new Redactor.RedactionCounter());
    return all.length() <= KEEP ? all : all.substring(0, KEEP);
  }

  @Benchmark
  public String redactKeptPart() {
    return redactor.redactPrefix(Prompts.LONG_RAG_PROMPT, KEEP, new Redactor.RedactionCounter());
  }
}
