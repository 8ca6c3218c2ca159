package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatchLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/** Reports transformations in debug mode and failed transformations once per type; the class loads unchanged. */
final class TransformationListener extends AgentBuilder.Listener.Adapter {
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  @Override
  public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
      boolean loaded, DynamicType dynamicType) {
    GenAiWatchLog.debug("instrumented " + typeDescription.getName() + (loaded ? " (retransformed)" : ""));
  }

  @Override
  public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
    if (isUpstreamAgentGeneratedType(throwable)) {
      // The upstream OpenTelemetry agent, running first, adds interfaces it generates at run time (no class
      // file to read) to classes such as Runnables. Matching such a class cannot see its super types; it is not
      // one genai-watch instruments, and warning for each would flood the log of every app with both agents.
      GenAiWatchLog.debug("type with an upstream-agent interface not matched: " + typeName, throwable);
      return;
    }
    if (reported.size() < 256 && reported.add(typeName)) {
      GenAiWatchLog.warn("could not instrument " + typeName + "; it runs uninstrumented: " + throwable);
    }
    GenAiWatchLog.debug("transformation error for " + typeName, throwable);
  }

  private static boolean isUpstreamAgentGeneratedType(Throwable throwable) {
    return throwable.getClass().getSimpleName().equals("NoSuchTypeException")
        && String.valueOf(throwable.getMessage()).contains(InstrumentationInstaller.unshaded("io", "opentelemetry", "javaagent"));
  }
}
