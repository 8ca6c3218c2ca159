package dev.genaiwatch.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as a process, e.g. for the demo or benchmarks driving a separate JVM. Prints
 * exactly one line, {@code SIM_SERVER_READY <baseUrl>}, to stdout once it accepts connections, so a
 * parent process can wait for that line instead of polling the port.
 */
public final class SimServerMain {

  private SimServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimConfig config;
    try {
      config = SimConfig.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    SimulatedLlmServer server = SimulatedLlmServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "sim-llm-shutdown"));
    System.err.println("simulated LLM server: " + config);
    System.out.println("SIM_SERVER_READY " + server.baseUrl());
    System.out.flush();
    stopped.await();
  }
}
