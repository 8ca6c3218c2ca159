package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Decides, once per class loader, whether a module applies there: the library must be present and
 * every method the module relies on must exist. The check reads class files through a {@link
 * TypePool}, so it loads nothing and cannot trigger the application's static initialisers. An
 * unsupported version turns the module off for that class loader, with one log line naming what is
 * missing.
 */
final class LibrarySupport {
  private final InstrumentationModule module;
  private final Map<ClassLoader, Boolean> verdicts =
      Collections.synchronizedMap(new WeakHashMap<>());

  LibrarySupport(InstrumentationModule module) {
    this.module = module;
  }

  boolean supports(ClassLoader classLoader) {
    if (classLoader == null) {
      // The libraries we instrument are never on the bootstrap class path.
      return false;
    }
    Boolean verdict = verdicts.get(classLoader);
    if (verdict == null) {
      verdict = check(classLoader);
      verdicts.put(classLoader, verdict);
    }
    return verdict;
  }

  private boolean check(ClassLoader classLoader) {
    List<MethodReference> required = module.requiredMethods();
    if (required.isEmpty()) {
      return true;
    }
    String marker = required.get(0).className().replace('.', '/') + ".class";
    if (classLoader.getResource(marker) == null) {
      return false;
    }
    TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(classLoader));
    List<String> missing = new ArrayList<>();
    for (MethodReference ref : required) {
      TypePool.Resolution resolution = pool.describe(ref.className());
      if (!resolution.isResolved() || !hasMethod(resolution.resolve(), ref)) {
        missing.add(ref.toString());
      }
    }
    if (!missing.isEmpty()) {
      GenAiWatchLog.warn(
          "instrumentation "
              + module.name()
              + " is off for class loader "
              + classLoader
              + ": unsupported library version (supported: "
              + module.supportedVersions()
              + "; missing "
              + missing
              + ")");
      return false;
    }
    GenAiWatchLog.debug(
        "instrumentation " + module.name() + " applies to class loader " + classLoader);
    return true;
  }

  private static boolean hasMethod(TypeDefinition type, MethodReference ref) {
    for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
      if (declares(t.getDeclaredMethods(), ref)) {
        return true;
      }
      for (TypeDefinition itf : t.getInterfaces()) {
        if (declares(itf.getDeclaredMethods(), ref)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean declares(MethodList<?> methods, MethodReference ref) {
    return !methods
        .filter(
            ElementMatchers.<MethodDescription>named(ref.methodName())
                .and(ElementMatchers.takesArguments(ref.parameterCount())))
        .isEmpty();
  }
}
