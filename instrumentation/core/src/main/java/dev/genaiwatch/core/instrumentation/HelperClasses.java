package dev.genaiwatch.core.instrumentation;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Derives a module's helper classes by a naming rule instead of a hand-kept list that drifts from
 * the code: every class of the module's package (nested classes included) except the module
 * classes.
 */
final class HelperClasses {
  private HelperClasses() {}

  static List<String> of(InstrumentationModule module) {
    Class<?> moduleClass = module.getClass();
    String packageName = moduleClass.getPackageName();
    List<String> names = new ArrayList<>();
    for (String simpleName : classesInPackage(moduleClass)) {
      String outer =
          simpleName.contains("$") ? simpleName.substring(0, simpleName.indexOf('$')) : simpleName;
      // Another module of the same package (a library split in two modules) is no helper either.
      if (!outer.equals(moduleClass.getSimpleName()) && !outer.endsWith("InstrumentationModule")) {
        names.add(packageName + "." + simpleName);
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * Simple names (with {@code $} for nested classes) of the classes in the package, from the jar or
   * directory.
   */
  private static List<String> classesInPackage(Class<?> type) {
    String folder = type.getPackageName().replace('.', '/') + "/";
    List<String> names = new ArrayList<>();
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null) {
        throw new IllegalStateException("no code source for " + type.getName());
      }
      Path location = Path.of(source.getLocation().toURI());
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.list(location.resolve(folder))) {
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".class"))
              .forEach(names::add);
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(folder)
                && entry.endsWith(".class")
                && entry.indexOf('/', folder.length()) < 0) {
              names.add(entry.substring(folder.length()));
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot list the helper classes of " + type.getName() + ": " + e, e);
    }
    names.replaceAll(n -> n.substring(0, n.length() - ".class".length()));
    return names;
  }
}
