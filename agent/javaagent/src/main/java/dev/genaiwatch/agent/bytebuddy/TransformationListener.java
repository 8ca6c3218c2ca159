package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatchLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports transformations in debug mode and failed transformations once per type; the class loads
 * unchanged.
 */
final class TransformationListener extends AgentBuilder.Listener.Adapter {
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  @Override
  public void onTransformation(
      TypeDescription typeDescription,
      ClassLoader classLoader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    GenAiWatchLog.debug(
        "instrumented " + typeDescription.getName() + (loaded ? " (retransformed)" : ""));
  }

  @Override
  public void onError(
      String typeName,
      ClassLoader classLoader,
      JavaModule module,
      boolean loaded,
      Throwable throwable) {
    // A type whose supertypes cannot be read failed the type matchers: Spring's servlet filters in
    // an application
    // without a servlet API (the JVM cannot link those either), or, with the upstream OpenTelemetry
    // agent first,
    // classes it gave interfaces it generates at run time (no class file). None is a type
    // genai-watch instruments.
    if (throwable instanceof TypePool.Resolution.NoSuchTypeException) {
      GenAiWatchLog.debug(
          "not matched, its type hierarchy is incomplete: " + typeName + ": " + throwable);
      return;
    }
    if (reported.size() < 256 && reported.add(typeName)) {
      GenAiWatchLog.warn(
          "could not instrument " + typeName + "; it runs uninstrumented: " + throwable);
    }
    GenAiWatchLog.debug("transformation error for " + typeName, throwable);
  }
}
