package dev.genaiwatch.agent.weaving;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Decides, once per class loader, whether a module applies there: the library must be present and
 * every method the module relies on must exist. The check reads class files ({@link
 * ClassFileMethods}), so it loads nothing and cannot trigger the application's static initialisers;
 * it needs nothing but ASM. An unsupported version turns the module off for that class loader, with
 * one log line naming what is missing.
 */
public final class LibrarySupport {
  private final InstrumentationModule module;
  private final Map<ClassLoader, Boolean> verdicts =
      Collections.synchronizedMap(new WeakHashMap<>());

  public LibrarySupport(InstrumentationModule module) {
    this.module = module;
  }

  public boolean supports(ClassLoader classLoader) {
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
    ClassFileMethods classFiles = new ClassFileMethods(classLoader);
    List<String> missing = new ArrayList<>();
    for (MethodReference ref : required) {
      if (!classFiles.has(ref.className(), ref.methodName(), ref.parameterCount())) {
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
}
