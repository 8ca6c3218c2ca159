package dev.genaiwatch.agent.weaving;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Modifier;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Applies the enabled modules' {@link MethodHook}s to the classes they name, and those on a super
 * type ({@link MethodHook#onImplementations()}) to the concrete classes that have it ({@link
 * SuperTypeIndex}): a per-class-loader version check ({@link LibrarySupport}) and helper injection
 * ({@link HelperInjector}), then {@link MethodHookWeaver}. A class whose weaving fails loads
 * unchanged, and says so once.
 */
public final class MethodHookTransformer implements ClassFileTransformer {
  private final Map<String, List<ModuleHook>> byClass;
  private final Map<String, List<ModuleHook>> bySuperType;
  private final SuperTypeIndex superTypes;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** A hook and what its module needs before it may be woven into a class loader's class. */
  private record ModuleHook(MethodHook hook, LibrarySupport support, HelperInjector helpers) {}

  private MethodHookTransformer(
      Map<String, List<ModuleHook>> byClass, Map<String, List<ModuleHook>> bySuperType) {
    this.byClass = byClass;
    this.bySuperType = bySuperType;
    this.superTypes =
        new SuperTypeIndex(bySuperType.keySet(), LibraryPackages::outsideEveryFramework);
  }

  /** The transformer for the enabled modules' hooks; null when no enabled module has any. */
  public static MethodHookTransformer of(
      Instrumentation instrumentation, GenAiWatchConfig config, ClassLoader agentLoader) {
    HelperInjector.prepare(instrumentation);
    return forModules(modules(agentLoader), config, agentLoader);
  }

  /** The modules of the agent jar. */
  public static List<InstrumentationModule> modules(ClassLoader agentLoader) {
    return ServiceLoader.load(InstrumentationModule.class, agentLoader).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  /**
   * The transformer for those of {@code modules} the configuration leaves on; null when none is.
   */
  static MethodHookTransformer forModules(
      List<InstrumentationModule> modules, GenAiWatchConfig config, ClassLoader agentLoader) {
    Map<String, List<ModuleHook>> byClass = new HashMap<>();
    Map<String, List<ModuleHook>> bySuperType = new HashMap<>();
    // One line per name: a library may come in several modules of one name (openai-java and its
    // Responses API).
    Set<String> reportedDisabled = new HashSet<>();
    for (InstrumentationModule module : modules) {
      List<MethodHook> hooks = module.methodHooks();
      if (!config.instrumentationEnabled(module.name())) {
        if (reportedDisabled.add(module.name())) {
          GenAiWatchLog.info("instrumentation " + module.name() + " disabled by configuration");
        }
        continue;
      }
      LibrarySupport support = new LibrarySupport(module);
      HelperInjector helpers =
          new HelperInjector(module.name(), module::helperClassNames, agentLoader);
      for (MethodHook hook : hooks) {
        (hook.onImplementations() ? bySuperType : byClass)
            .computeIfAbsent(hook.internalClassName(), name -> new ArrayList<>())
            .add(new ModuleHook(hook, support, helpers));
      }
    }
    return byClass.isEmpty() && bySuperType.isEmpty()
        ? null
        : new MethodHookTransformer(Map.copyOf(byClass), Map.copyOf(bySuperType));
  }

  /**
   * For a runtime attach: registers the transformer and re-weaves the hooked classes already loaded
   * (weaving only adds code to existing methods, which retransformation allows).
   */
  public void installOn(Instrumentation instrumentation) {
    instrumentation.addTransformer(this, true);
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if ((byClass.containsKey(loaded.getName().replace('.', '/')) || hasHookedSuperType(loaded))
          && instrumentation.isModifiableClass(loaded)) {
        try {
          instrumentation.retransformClasses(loaded);
        } catch (Throwable t) {
          GenAiWatchLog.warn("could not instrument " + loaded.getName() + ": " + t);
        }
      }
    }
  }

  /** A loaded class (runtime attach) implementing a hooked super type, by its loaded hierarchy. */
  private boolean hasHookedSuperType(Class<?> type) {
    if (bySuperType.isEmpty()
        || type.isInterface()
        || Modifier.isAbstract(type.getModifiers())
        || LibraryPackages.outsideEveryFramework(type.getName().replace('.', '/'))) {
      return false;
    }
    List<Class<?>> pending = new ArrayList<>(List.of(type));
    while (!pending.isEmpty()) {
      Class<?> next = pending.remove(pending.size() - 1);
      if (bySuperType.containsKey(next.getName().replace('.', '/'))) {
        return true;
      }
      if (next.getSuperclass() != null) {
        pending.add(next.getSuperclass());
      }
      pending.addAll(List.of(next.getInterfaces()));
    }
    return false;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className == null) {
      return null;
    }
    try {
      List<ModuleHook> candidates = candidates(className, loader, classfileBuffer);
      if (candidates.isEmpty()) {
        return null;
      }
      List<MethodHook> applicable = new ArrayList<>(candidates.size());
      for (ModuleHook candidate : candidates) {
        // Helpers first, so they are defined where the woven calls will look for them.
        if (candidate.helpers.usableIn(loader)
            && candidate.support.supports(loader)
            && candidate.helpers.injectInto(loader)) {
          applicable.add(candidate.hook);
        }
      }
      if (applicable.isEmpty()) {
        return null;
      }
      byte[] woven = MethodHookWeaver.weave(classfileBuffer, applicable);
      if (woven != null) {
        GenAiWatchLog.debug(
            "instrumented "
                + className.replace('/', '.')
                + (classBeingRedefined != null ? " (retransformed)" : ""));
      }
      return woven;
    } catch (Throwable t) {
      if (reported.add(className)) {
        GenAiWatchLog.warn(
            "could not instrument "
                + className.replace('/', '.')
                + "; it runs uninstrumented: "
                + t);
      }
      GenAiWatchLog.debug("transformation error for " + className, t);
      return null;
    }
  }

  /**
   * The hooks naming the class, and those on a super type it has when it is a concrete class
   * outside the packages that implement no framework interface.
   */
  private List<ModuleHook> candidates(String className, ClassLoader loader, byte[] classFile) {
    List<ModuleHook> named = byClass.getOrDefault(className, List.of());
    if (bySuperType.isEmpty() || LibraryPackages.outsideEveryFramework(className)) {
      return named;
    }
    ClassReader header = new ClassReader(classFile);
    if ((header.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT)) != 0) {
      return named;
    }
    Set<String> implemented = superTypes.of(loader, header);
    if (implemented.isEmpty()) {
      return named;
    }
    List<ModuleHook> all = new ArrayList<>(named);
    for (String superType : implemented) {
      all.addAll(bySuperType.get(superType));
    }
    return all;
  }
}
