package dev.genaiwatch.testapp.scenario;

/** One named thing the application does with an LLM client. */
public interface Scenario {
  String name();

  String description();

  void run(ScenarioContext context) throws Exception;
}
