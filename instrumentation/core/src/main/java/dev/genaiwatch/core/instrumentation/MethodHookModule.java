package dev.genaiwatch.core.instrumentation;

import java.util.List;

/**
 * A module whose calls are {@link MethodHook}s, woven with plain ASM: every module is one. (The
 * frameworks were woven by ByteBuddy's {@code Advice} until the hooks could follow a framework
 * interface to its implementations; building ByteBuddy cost an application some 1,200 classes and
 * 0.3 s of its start-up: docs/benchmarks.md, "Tenth round of issue 22".)
 */
public interface MethodHookModule extends InstrumentationModule {
  List<MethodHook> methodHooks();

  /**
   * Classes the agent defines in the bootstrap class loader before anything is transformed, for
   * hooks woven into JDK classes (which cannot see the agent jar): they may use JDK types only.
   * None by default.
   */
  default List<String> bootstrapClassNames() {
    return List.of();
  }

  /**
   * The JDK modules that must read the bootstrap classes (a named module reads no unnamed module by
   * default).
   */
  default List<String> modulesReadingBootstrapClasses() {
    return List.of();
  }

  /**
   * Called once the bootstrap classes are defined and readable: the module points their hooks at
   * the agent.
   */
  default void bootstrapClassesReady() {}
}
