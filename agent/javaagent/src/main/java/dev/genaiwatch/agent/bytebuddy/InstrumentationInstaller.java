package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHookModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Builds one ByteBuddy {@link AgentBuilder} from every enabled {@link InstrumentationModule} with
 * type instrumentations and installs it (modules of method hooks are woven without ByteBuddy).
 */
public final class InstrumentationInstaller {
  private InstrumentationInstaller() {}

  /**
   * Installs the transformer and retransforms the classes already loaded (runtime attach). Returns
   * the number of modules installed.
   */
  public static int install(
      Instrumentation instrumentation, GenAiWatchConfig config, ClassLoader agentLoader) {
    List<InstrumentationModule> modules = enabledModules(config, agentLoader);
    if (!modules.isEmpty()) {
      agentBuilder(instrumentation, modules, agentLoader).installOn(instrumentation);
    }
    return modules.size();
  }

  /**
   * The transformer alone, neither registered with the JVM nor applied to loaded classes: {@link
   * FirstLibraryClassTrigger} builds it on the first library class and passes classes to it. Null
   * when every module is disabled.
   */
  public static ClassFileTransformer transformer(
      Instrumentation instrumentation, GenAiWatchConfig config, ClassLoader agentLoader) {
    List<InstrumentationModule> modules = enabledModules(config, agentLoader);
    if (modules.isEmpty()) {
      return null;
    }
    ClassFileTransformer transformer =
        agentBuilder(instrumentation, modules, agentLoader).makeRaw();
    GenAiWatchLog.debug(modules.size() + " instrumentation modules installed");
    return transformer;
  }

  private static List<InstrumentationModule> enabledModules(
      GenAiWatchConfig config, ClassLoader agentLoader) {
    List<InstrumentationModule> modules = new ArrayList<>();
    // One line per name: a library may come in several modules of one name (openai-java and its
    // Responses API).
    Set<String> reportedDisabled = new HashSet<>();
    for (InstrumentationModule module :
        ServiceLoader.load(InstrumentationModule.class, agentLoader)) {
      if (module instanceof MethodHookModule) {
        // Woven without ByteBuddy: MethodHookTransformer.
        continue;
      }
      if (config.instrumentationEnabled(module.name())) {
        modules.add(module);
      } else if (reportedDisabled.add(module.name())) {
        GenAiWatchLog.info("instrumentation " + module.name() + " disabled by configuration");
      }
    }
    return modules;
  }

  private static AgentBuilder agentBuilder(
      Instrumentation instrumentation,
      List<InstrumentationModule> modules,
      ClassLoader agentLoader) {
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            // Advice only inlines code into existing methods, so classes already loaded (runtime
            // attach,
            // or loaded before premain) can be retransformed too.
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new LoadedCandidates())
            // Described from class files (no class loading while matching), lazily: a name matcher
            // rejects almost every class without its class file being parsed. POOL_FIRST asked
            // whether the class file resolves, which parsed every class the application loaded
            // (most of the start-up cost); the transformer always receives the class's bytes, so
            // the type itself always resolves.
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new SharedTypePoolCache())
            // Weakly: the shared type cache must not keep an application's class loader alive.
            .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
            .with(new TransformationListener())
            .ignore(ignoredTypes());
    HelperInjector.prepare(instrumentation);
    for (InstrumentationModule module : modules) {
      LibrarySupport support = new LibrarySupport(module);
      HelperInjector helpers =
          new HelperInjector(module.name(), module::helperClassNames, agentLoader);
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        ElementMatcher<TypeDescription> typeMatcher = type.typeMatcher();
        AgentBuilder.Transformer.ForAdvice transformer =
            new AgentBuilder.Transformer.ForAdvice().include(agentLoader);
        for (TypeInstrumentation.AdviceBinding binding : type.adviceBindings()) {
          // One class may hold enter advice, exit advice or both; split advice needs one of each.
          transformer =
              binding.enterAdviceClassName().equals(binding.exitAdviceClassName())
                  ? transformer.advice(binding.methodMatcher(), binding.enterAdviceClassName())
                  : transformer.advice(
                      binding.methodMatcher(),
                      binding.enterAdviceClassName(),
                      binding.exitAdviceClassName());
        }
        // Name first (cheap, no I/O), then the once-per-class-loader library check. Synthetic
        // classes are never advised; asking is left until a matcher has taken the class, because
        // a modifier needs the class file parsed and the names alone reject almost every class.
        builder =
            builder
                .type(
                    (typeDescription,
                        classLoader,
                        module1,
                        classBeingRedefined,
                        protectionDomain) ->
                        typeMatcher.matches(typeDescription)
                            && !typeDescription.isSynthetic()
                            && helpers.usableIn(classLoader)
                            && support.supports(classLoader))
                // Helpers first, so they are defined where the advice will look for them.
                .transform(helpers)
                .transform(transformer);
      }
    }
    return builder;
  }

  /** Whether ByteBuddy's transformer ignores the class: see {@link LibraryPackages#IGNORED}. */
  static boolean ignoredByName(String className) {
    for (String prefix : LibraryPackages.IGNORED) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static ElementMatcher<TypeDescription> ignoredTypes() {
    return type -> ignoredByName(type.getName());
  }

  /**
   * The classes already loaded that the retransformation pass considers: those the ignore rule does
   * not exclude by name. ByteBuddy's default discovery describes every loaded class (thousands of
   * JDK classes at start-up, each parsed from its class file) only to have the ignore rule drop it
   * by name: that cost 0.8 s of start-up. The list is taken when ByteBuddy asks, after the
   * transformer is registered, so no class falls in between.
   */
  static final class LoadedCandidates
      implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
    @Override
    public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
      List<Class<?>> candidates = new ArrayList<>();
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        if (!type.isArray()
            && !type.isPrimitive()
            && !ignoredByName(type.getName())
            && instrumentation.isModifiableClass(type)) {
          candidates.add(type);
        }
      }
      return List.of(candidates);
    }
  }
}
