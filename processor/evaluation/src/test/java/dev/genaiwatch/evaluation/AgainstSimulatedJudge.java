package dev.genaiwatch.evaluation;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real simulated OpenAI-compatible server playing the judge, shared by a test class's tests,
 * its log and faults cleared before each, and the evaluator settings that point at it.
 */
abstract class AgainstSimulatedJudge {

  static SimulatedLlmServer sim;

  @BeforeAll
  static void startJudge() {
    sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
  }

  @AfterAll
  static void stopJudge() {
    sim.close();
  }

  @BeforeEach
  void resetJudge() {
    sim.clearServed();
    sim.clearFaults();
  }

  /**
   * Evaluator settings (environment variables): the judge at {@code baseUrl}, every trace sampled,
   * two minutes for {@code close()} to drain the judge queue, then {@code settings} (name, value,
   * ...).
   */
  static Map<String, String> judgeEnvironment(String baseUrl, String... settings) {
    Map<String, String> env = new HashMap<>();
    env.put("GENAI_WATCH_EVAL_JUDGE_BASE_URL", baseUrl);
    env.put("GENAI_WATCH_EVAL_SAMPLE_RATE", "1");
    env.put("GENAI_WATCH_EVAL_CLOSE_TIMEOUT_MS", "120000");
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return env;
  }
}
