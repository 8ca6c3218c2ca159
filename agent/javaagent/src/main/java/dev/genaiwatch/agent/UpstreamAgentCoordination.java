package dev.genaiwatch.agent;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes sure a call gets exactly one GenAI span when the upstream OpenTelemetry Java agent runs in
 * the same JVM and instruments the same library. Both agents read their switches once, in their own
 * {@code premain}, so what can be arranged depends on which {@code -javaagent} comes first:
 *
 * <ul>
 *   <li>genai-watch first (recommended): genai-watch owns the library. It sets the upstream agent's
 *       switch ({@code otel.instrumentation.openai-java.enabled=false}) as a system property before
 *       the upstream agent starts, unless the user set that switch, which is then respected.
 *   <li>genai-watch second: the upstream agent has already installed its instrumentation and cannot
 *       be told anything any more, so genai-watch defers: its own module for that library stays off
 *       (one log line). Setting {@code otel.instrumentation.openai-java.enabled=false} makes
 *       genai-watch own it again; setting {@code
 *       genai.watch.instrumentation.openai-java.enabled=true} forces genai-watch on (two spans).
 * </ul>
 */
final class UpstreamAgentCoordination {
  /** genai-watch module name → the upstream agent's instrumentation name for the same library. */
  private static final Map<String, String> SHARED_LIBRARIES =
      Map.of(CallOwnership.OPENAI_JAVA, "openai-java");

  private UpstreamAgentCoordination() {}

  /**
   * @return the libraries whose GenAI spans the upstream agent makes (the wire level must leave
   *     them alone too)
   */
  static Set<String> coordinate() {
    Set<String> ownedByUpstream = new HashSet<>();
    boolean upstreamStarted = upstreamAgentStarted();
    SHARED_LIBRARIES.forEach(
        (ours, theirs) -> {
          String upstreamSwitch = "otel.instrumentation." + theirs + ".enabled";
          String ourSwitch = GenAiWatchConfig.INSTRUMENTATION_PREFIX + ours + ".enabled";
          String upstreamSetting = setting(upstreamSwitch);
          String ourSetting = setting(ourSwitch);
          if ("false".equalsIgnoreCase(ourSetting)) {
            // genai-watch is told to leave the library alone; if the upstream agent covers it, so
            // does the wire level.
            if (upstreamStarted
                && !"false".equalsIgnoreCase(upstreamSetting)
                && upstreamDefaultEnabled()) {
              ownedByUpstream.add(ours);
            }
            return;
          }
          if (!upstreamStarted) {
            if (upstreamSetting == null) {
              System.setProperty(upstreamSwitch, "false");
            }
          } else if (upstreamSetting == null && upstreamDefaultEnabled() && ourSetting == null) {
            System.setProperty(ourSwitch, "false");
            ownedByUpstream.add(ours);
            GenAiWatchLog.info(
                "the OpenTelemetry Java agent started first and instruments "
                    + theirs
                    + "; genai-watch leaves "
                    + ours
                    + " to it. Put genai-watch's -javaagent first, or set -D"
                    + upstreamSwitch
                    + "=false, to have genai-watch's spans instead");
          }
        });
    return ownedByUpstream;
  }

  /**
   * Its premain appended it to the bootstrap class path, so its bootstrap classes exist only once
   * it ran.
   */
  static boolean upstreamAgentStarted() {
    // Joined at run time so that the agent jar's shading does not relocate the name.
    String initializer =
        String.join(".", "io", "opentelemetry", "javaagent", "bootstrap", "AgentInitializer");
    try {
      Class.forName(initializer, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean upstreamDefaultEnabled() {
    return !"false".equalsIgnoreCase(setting("otel.instrumentation.common.default-enabled"));
  }

  /** System property, then environment variable, as both agents read them. */
  private static String setting(String key) {
    String value = System.getProperty(key);
    return value != null
        ? value
        : System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
  }
}
