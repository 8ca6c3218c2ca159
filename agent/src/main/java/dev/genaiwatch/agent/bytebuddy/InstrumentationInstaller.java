package dev.genaiwatch.agent.bytebuddy;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/** Builds one ByteBuddy {@link AgentBuilder} from every enabled {@link InstrumentationModule} and installs it. */
public final class InstrumentationInstaller {
  /**
   * The one part of the JDK genai-watch instruments (wire-level LLM calls through java.net.http); its advice
   * reaches the agent only through the bootstrap bridge ({@code BootstrapBridge}).
   */
  private static final String JDK_HTTP_CLIENT_PACKAGE = "jdk.internal.net.http.";
  private InstrumentationInstaller() {}

  /** Returns the number of modules installed. */
  public static int install(Instrumentation instrumentation, GenAiWatchConfig config, ClassLoader agentLoader) {
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, agentLoader)) {
      if (config.instrumentationEnabled(module.name())) {
        modules.add(module);
      } else {
        GenAiWatchLog.info("instrumentation " + module.name() + " disabled by configuration");
      }
    }
    if (modules.isEmpty()) {
      return 0;
    }
    AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        // Advice only inlines code into existing methods, so classes already loaded (runtime attach,
        // or loaded before premain) can be retransformed too.
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // Class files first (no class loading while matching); for classes already loaded without a class
        // file to read (proxies, classes another agent defined before us), the loaded class itself.
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(new TransformationListener())
        .ignore(ignoredTypes().and(not(nameStartsWith(JDK_HTTP_CLIENT_PACKAGE))));
    boolean canInject = HelperInjector.prepare(instrumentation);
    for (InstrumentationModule module : modules) {
      LibrarySupport support = new LibrarySupport(module);
      HelperInjector helpers = new HelperInjector(module.name(), module.helperClassNames(), agentLoader);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        ElementMatcher<TypeDescription> typeMatcher = type.typeMatcher();
        AgentBuilder.Transformer.ForAdvice transformer = new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader);
        for (TypeInstrumentation.AdviceBinding binding : type.adviceBindings()) {
          // One class may hold enter advice, exit advice or both; split advice needs one of each.
          transformer = binding.enterAdviceClassName().equals(binding.exitAdviceClassName())
              ? transformer.advice(binding.methodMatcher(), binding.enterAdviceClassName())
              : transformer.advice(binding.methodMatcher(), binding.enterAdviceClassName(),
                  binding.exitAdviceClassName());
        }
        // Name first (cheap, no I/O), then the once-per-class-loader library check.
        builder = builder
            .type((typeDescription, classLoader, module1, classBeingRedefined, protectionDomain) ->
                typeMatcher.matches(typeDescription) && support.supports(classLoader)
                    && (canInject || !helpers.needsInjection(classLoader)))
            // Helpers first, so they are defined where the advice will look for them.
            .transform(helpers)
            .transform(transformer);
      }
    }
    builder.installOn(instrumentation);
    return modules.size();
  }

  /**
   * Never look inside the JDK, ourselves, ByteBuddy, or other agents: transforming them gains nothing and
   * risks circularity (an agent's own classes being transformed while it runs).
   */
  private static ElementMatcher.Junction<TypeDescription> ignoredTypes() {
    return nameStartsWith("java.")
        .or(nameStartsWith("javax."))
        .or(nameStartsWith("jdk."))
        .or(nameStartsWith("sun."))
        .or(nameStartsWith("com.sun."))
        .or(nameStartsWith("dev.genaiwatch."))
        .or(nameStartsWith(unshaded("net", "bytebuddy")))
        .or(nameStartsWith(unshaded("io", "opentelemetry", "javaagent")))
        .or(nameStartsWith("datadog."))
        .or(nameStartsWith("co.elastic.apm."))
        .or(nameStartsWith("com.newrelic."))
        .or(nameStartsWith("org.glowroot."))
        .or(isSynthetic());
  }

  /**
   * A package prefix built at run time: the agent jar's shading rewrites string constants that look like
   * relocated packages, and these must name the application's (or the upstream agent's) packages, not ours.
   */
  static String unshaded(String... packageParts) {
    return String.join(".", packageParts) + ".";
  }
}
