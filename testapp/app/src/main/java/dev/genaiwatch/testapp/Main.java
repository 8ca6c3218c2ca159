package dev.genaiwatch.testapp;

import dev.genaiwatch.simulator.SimServerMain;
import dev.genaiwatch.testapp.scenario.ScenarioRunner;
import java.util.Arrays;

/**
 * The testapp: an ordinary LLM application (it knows nothing of genai-watch) with named scenarios,
 * plus the simulated OpenAI-compatible server. Usage:
 *
 * <pre>
 *   java -jar genai-watch-testapp.jar run &lt;scenario&gt;[,&lt;scenario&gt;...] [--base-url URL] [--requests N] [--seed N]
 *   java -jar genai-watch-testapp.jar server [--port N] [--seed N] [--latency zero|realistic]
 *   java -jar genai-watch-testapp.jar list
 * </pre>
 *
 * Without {@code --base-url}, {@code run} starts the simulated server inside the same JVM.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "run" -> System.exit(ScenarioRunner.run(rest, System.out, System.err));
      case "server" -> SimServerMain.main(rest);
      case "list" -> ScenarioRunner.list(System.out);
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.err.println(
        "usage: run <scenario>[,<scenario>...] [--base-url URL] [--requests N] [--seed N] [--latency zero|realistic] [--linger-seconds N]");
    System.err.println("       server [--port N] [--seed N] [--latency zero|realistic]");
    System.err.println("       list");
  }
}
