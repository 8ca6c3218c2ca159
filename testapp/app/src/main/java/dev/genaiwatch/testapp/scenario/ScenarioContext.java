package dev.genaiwatch.testapp.scenario;

import java.io.PrintStream;

/**
 * What a scenario gets: where the server is, how much traffic to make, and where to print.
 * Scenarios print what the application itself would show its user (answers, errors),
 * deterministically, so a test can compare the output with and without the agent byte for byte.
 */
public record ScenarioContext(
    String baseUrl,
    int requests,
    long seed,
    String chatModel,
    String embeddingModel,
    PrintStream out) {

  public void print(String scenario, String line) {
    out.println(scenario + ": " + line);
  }
}
