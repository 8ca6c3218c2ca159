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
    if (reported.size() < 256 && reported.add(typeName)) {
      GenAiWatchLog.warn("could not instrument " + typeName + "; it runs uninstrumented: " + throwable);
    }
    GenAiWatchLog.debug("transformation error for " + typeName, throwable);
  }
}
