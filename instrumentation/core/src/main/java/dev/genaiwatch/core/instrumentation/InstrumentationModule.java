package dev.genaiwatch.core.instrumentation;

import java.util.List;

/**
 * One instrumented library: what it needs to find in a class loader before anything is transformed,
 * and (as a {@link MethodHookModule}) which methods get which hooks. Each {@code
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
}
