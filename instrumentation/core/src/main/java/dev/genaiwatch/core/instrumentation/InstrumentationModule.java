package dev.genaiwatch.core.instrumentation;

import java.util.List;

/**
 * One instrumented library: what it needs to find in a class loader before anything is transformed,
 * and which methods get which {@link MethodHook}s, woven with plain ASM. Each {@code
 * instrumentation/<lib>} module provides one through {@code
 * META-INF/services/dev.genaiwatch.core.instrumentation.InstrumentationModule}; the agent does the
 * rest, so a module holds only its hooks, their thin hook class and the library-facing extractor.
 */
public interface InstrumentationModule {

  /**
   * The name in settings, logs and {@code genai_watch.instrumentation}, e.g. {@code openai-java}.
   */
  String name();

  /** Human-readable supported version range, for logs and the README. */
  String supportedVersions();

  /**
   * Methods the hooks and helpers call. If any is missing in a class loader (an unsupported library
   * version), the module stays off for that class loader and says so once; nothing is transformed.
   */
  List<MethodReference> requiredMethods();

  /**
   * Helper classes that reference library types. They are injected into the class loader that
   * loaded the library, so they link against the application's copy of it even when that is a child
   * class loader. By default every class of the module's package but the module itself.
   */
  default List<String> helperClassNames() {
    return HelperClasses.of(this);
  }

  /**
   * What is woven into the library: calls from its methods into static methods of the module's
   * helpers. (The frameworks were woven by ByteBuddy's {@code Advice} until the hooks could follow
   * a framework interface to its implementations; building ByteBuddy cost an application some 1,200
   * classes and 0.3 s of its start-up: docs/benchmarks.md, "Tenth round of issue 22".)
   */
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
