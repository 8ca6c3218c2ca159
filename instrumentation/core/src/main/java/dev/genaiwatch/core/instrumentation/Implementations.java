package dev.genaiwatch.core.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The concrete classes implementing a framework interface (LangChain4j's and Spring AI's models,
 * tools, retrievers), wherever they live. {@code hasSuperType} reads and parses the class file of
 * every super type of every class the application loads; the libraries an application is made of
 * (Spring, Jackson, OkHttp, the SDKs, ...) implement none of these interfaces, so their classes are
 * excluded by name first, with no I/O. Without it the walk was the agent's largest CPU and
 * allocation share in an OpenAI SDK application that merely had LangChain4j on its class path.
 */
public final class Implementations {
  /** Packages none of whose classes implements a framework interface genai-watch instruments. */
  static final String[] LIBRARY_PACKAGES = {
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

  private Implementations() {}

  /**
   * A package prefix built at run time: the agent jar's shading rewrites string constants naming
   * the packages it relocates, and these name the application's.
   */
  private static String unshaded(String... packageParts) {
    return String.join(".", packageParts) + ".";
  }

  public static ElementMatcher.Junction<TypeDescription> of(String interfaceName) {
    return not(new InLibraryPackage())
        .and(not(isInterface()))
        .and(not(isAbstract()))
        .and(hasSuperType(named(interfaceName)));
  }

  /** One scan of the prefixes instead of a matcher per prefix. */
  static boolean inLibraryPackage(String className) {
    for (String prefix : LIBRARY_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static final class InLibraryPackage
      extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    @Override
    public boolean matches(TypeDescription type) {
      return inLibraryPackage(type.getName());
    }
  }
}
