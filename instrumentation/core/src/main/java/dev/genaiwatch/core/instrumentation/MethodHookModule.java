package dev.genaiwatch.core.instrumentation;

import java.util.List;

/**
 * A module woven without ByteBuddy: its calls are {@link MethodHook}s. The agent tells such modules
 * from the others by their class, before creating any: creating a module of type instrumentations
 * builds ByteBuddy matchers, which an application that only uses HTTP clients should not pay for.
 */
public interface MethodHookModule extends InstrumentationModule {
  List<MethodHook> methodHooks();

  /** None: the hooks are everything. */
  @Override
  default List<TypeInstrumentation> typeInstrumentations() {
    return List.of();
  }

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
