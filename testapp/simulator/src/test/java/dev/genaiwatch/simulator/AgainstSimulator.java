package dev.genaiwatch.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A zero-latency simulated server shared by a test class's tests, its served log and fault queue
 * emptied before each, so no test sees another's requests.
 */
abstract class AgainstSimulator {

  static SimulatedLlmServer sim;

  @BeforeAll
  static void startServer() {
    sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
  }

  @AfterAll
  static void stopServer() {
    sim.close();
  }

  @BeforeEach
  void resetServer() {
    sim.clearServed();
    sim.clearFaults();
  }
}
