package dev.genaiwatch.agent.weaving;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;

/**
 * Which of the hooked super types (a framework's interfaces, {@code MethodHook.onImplementations})
 * a class has, however far up its hierarchy. A class is woven while it is being defined, before its
 * super types are loaded, so they are read the way ByteBuddy's type pool read them: from their
 * class files, through the defining class loader's resources, header only (nothing is loaded). The
 * JDK's types, the agent's and those of libraries that implement no framework interface end a walk
 * by name; every other type is read once per class loader and remembered (weakly: an application's
 * class loader is not kept alive).
 */
final class SuperTypeIndex {
  /** A hierarchy deeper than this is a malformed one (a cycle); the walk stops there. */
  private static final int MAX_DEPTH = 64;

  /**
   * Types remembered per class loader, at most: enough for the super types of a large application
   * (each entry a name and, mostly, the shared empty set); past it a type is read again when asked
   * again, so the memory stays bounded whatever the application loads.
   */
  static final int MAX_REMEMBERED_PER_LOADER = 8_192;

  private final Set<String> superTypes;
  private final Predicate<String> implementsNone;
  // Guarded by itself; the inner maps are concurrent.
  private final Map<ClassLoader, Map<String, Set<String>>> byLoader = new WeakHashMap<>();

  /**
   * @param superTypes the hooked super types (internal names)
   * @param implementsNone true for a type (internal name) whose hierarchy holds none of them in any
   *     application: the JDK's, the agent's, a framework-free library's
   */
  SuperTypeIndex(Set<String> superTypes, Predicate<String> implementsNone) {
    this.superTypes = Set.copyOf(superTypes);
    this.implementsNone = implementsNone;
  }

  /**
   * The hooked super types of the class whose header is {@code header}, defined by {@code loader};
   * empty when it has none (or its super types cannot be read: such a class is not woven).
   */
  Set<String> of(ClassLoader loader, ClassReader header) {
    Set<String> found = new HashSet<>();
    collectFromDirectSuperTypes(loader, header, found, 0);
    return found;
  }

  /**
   * Adds the hooked types among the super class and interfaces {@code header} names, and theirs.
   */
  private void collectFromDirectSuperTypes(
      ClassLoader loader, ClassReader header, Set<String> found, int depth) {
    if (header.getSuperName() != null) {
      found.addAll(superTypesOf(loader, header.getSuperName(), depth));
    }
    for (String implemented : header.getInterfaces()) {
      found.addAll(superTypesOf(loader, implemented, depth));
    }
  }

  /** The hooked types among {@code type} itself and its super types. */
  private Set<String> superTypesOf(ClassLoader loader, String type, int depth) {
    boolean hooked = superTypes.contains(type);
    if (!hooked && implementsNone.test(type)) {
      return Set.of();
    }
    Map<String, Set<String>> known = known(loader);
    Set<String> result = known.get(type);
    if (result != null) {
      return result;
    }
    Set<String> found = new HashSet<>();
    if (hooked) {
      found.add(type);
    }
    ClassReader header = depth < MAX_DEPTH ? header(loader, type) : null;
    if (header != null) {
      collectFromDirectSuperTypes(loader, header, found, depth + 1);
    }
    result = Set.copyOf(found);
    if (known.size() < MAX_REMEMBERED_PER_LOADER) {
      known.put(type, result);
    }
    return result;
  }

  private Map<String, Set<String>> known(ClassLoader loader) {
    synchronized (byLoader) {
      return byLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }
  }

  /** The type's class file header as {@code loader} finds it; null when it cannot be read. */
  private static ClassReader header(ClassLoader loader, String type) {
    String resource = type + ".class";
    try (InputStream in =
        loader == null
            ? ClassLoader.getSystemResourceAsStream(resource)
            : loader.getResourceAsStream(resource)) {
      return in == null ? null : new ClassReader(in);
    } catch (IOException | RuntimeException | LinkageError e) {
      // Unreadable (or newer than ASM reads): the type is taken to have no hooked super type, as
      // ByteBuddy's type pool did when the frameworks were woven by it.
      return null;
    }
  }
}
