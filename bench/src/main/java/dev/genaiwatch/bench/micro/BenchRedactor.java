package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.content.Redactor;
import dev.genaiwatch.core.redaction.RedactionEngine;

/** The redactor the agent uses; the one line to change when the agent's redactor changes. */
public final class BenchRedactor {
  private BenchRedactor() {}

  public static Redactor create() {
    return RedactionEngine.defaults();
  }
}
