package dev.genaiwatch.agent;

import dev.genaiwatch.core.GenAiWatchLog;
import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:genai-watch-agent.jar} and for runtime attach. Whatever happens
 * in here, the application starts: a failure is reported on one line and the agent stays off.
 */
public final class GenAiWatchAgent {
  private static volatile boolean started;

  private GenAiWatchAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation, false);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation, true);
  }

  private static synchronized void start(
      String agentArgs, Instrumentation instrumentation, boolean attached) {
    if (started) {
      GenAiWatchLog.warn(
          "agent already started in this JVM; ignoring the second -javaagent/attach");
      return;
    }
    started = true;
    try {
      AgentStartup.start(instrumentation, attached);
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "agent failed to start and is disabled; the application continues without it: " + t);
      GenAiWatchLog.debug("agent start failure", t);
    }
  }
}
