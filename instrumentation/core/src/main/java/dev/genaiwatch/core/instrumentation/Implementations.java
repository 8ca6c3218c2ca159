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
  private Implementations() {}

  public static ElementMatcher.Junction<TypeDescription> of(String interfaceName) {
    return not(new InLibraryPackage())
        .and(not(isInterface()))
        .and(not(isAbstract()))
        .and(hasSuperType(named(interfaceName)));
  }

  private static final class InLibraryPackage
      extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    @Override
    public boolean matches(TypeDescription type) {
      return FrameworkFreePackages.contains(type.getName());
    }
  }
}
