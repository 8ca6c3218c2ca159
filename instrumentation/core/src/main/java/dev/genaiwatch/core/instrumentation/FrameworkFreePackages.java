package dev.genaiwatch.core.instrumentation;

/**
 * Packages none of whose classes implements a framework interface genai-watch instruments
 * (LangChain4j's and Spring AI's models, tools, retrievers): the libraries an application is made
 * of. The agent skips them before reading any super type ({@code SuperTypeIndex}), and its trigger
 * lets their classes past the hook transformer altogether.
 */
public final class FrameworkFreePackages {
  private static final String[] BINARY = {
    "org.springframework.boot.",
    "org.springframework.context.",
    "org.springframework.core.",
    "org.springframework.beans.",
    "org.springframework.aop.",
    "org.springframework.util.",
    "org.springframework.web.",
    "org.springframework.http.",
    "org.springframework.retry.",
    "org.springframework.messaging.",
    "org.springframework.validation.",
    "org.springframework.format.",
    "org.springframework.scheduling.",
    "org.springframework.jdbc.",
    "org.springframework.data.",
    "org.springframework.security.",
    "org.springframework.expression.",
    "org.springframework.cglib.",
    "org.springframework.asm.",
    "org.springframework.objenesis.",
    "org.springframework.aot.",
    "org.springframework.jndi.",
    "org.springframework.jmx.",
    "io.micrometer.",
    "reactor.",
    "io.netty.",
    "com.fasterxml.",
    "tools.jackson.",
    "org.apache.",
    "ch.qos.",
    "org.slf4j.",
    "org.yaml.",
    "kotlin.",
    "okhttp3.",
    "okio.",
    "com.openai.",
    "com.anthropic.",
    "com.google.",
    "io.swagger.",
    "com.github.victools.",
    "org.antlr.",
    "org.stringtemplate.",
    "org.jspecify.",
    unshaded("org", "jetbrains"),
    "org.hibernate.",
    "jakarta.",
    unshaded("io", "opentelemetry"),
    "org.reactivestreams.",
    "io.projectreactor."
  };

  private static final String[] INTERNAL = new String[BINARY.length];

  static {
    for (int i = 0; i < BINARY.length; i++) {
      INTERNAL[i] = BINARY[i].replace('.', '/');
    }
  }

  private FrameworkFreePackages() {}

  /**
   * A package prefix built at run time: the agent jar's shading rewrites string constants naming
   * the packages it relocates, and these name the application's.
   */
  private static String unshaded(String... packageParts) {
    return String.join(".", packageParts) + ".";
  }

  /** Whether the class (binary name, {@code a.b.C}) lies in one of these packages. */
  public static boolean contains(String className) {
    return startsWithAny(className, BINARY);
  }

  /** Whether the class (internal name, {@code a/b/C}) lies in one of these packages. */
  public static boolean containsInternal(String internalName) {
    return startsWithAny(internalName, INTERNAL);
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
