package dev.genaiwatch.agent.weaving;

import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;

/**
 * A class file's super class and interfaces, read from its header by ASM's {@link ClassReader}
 * (nothing loaded or resolved): enough to tell that a class cannot have a framework interface
 * anywhere in its hierarchy when none of its direct super types can (a JDK type, say, never
 * implements LangChain4j's {@code ChatModel}).
 */
final class DirectSuperTypes {
  private DirectSuperTypes() {}

  /**
   * True when the super class (if any) and every directly implemented interface satisfy {@code
   * outside} (internal names, such as {@code java/lang/Object}); false when one does not, and when
   * the class file is missing or cannot be read (the caller then treats the class as a possible
   * match).
   */
  static boolean allMatch(byte[] classFile, Predicate<String> outside) {
    if (classFile == null) {
      return false;
    }
    try {
      ClassReader header = new ClassReader(classFile);
      String superName = header.getSuperName();
      if (superName != null && !outside.test(superName)) {
        return false;
      }
      for (String implemented : header.getInterfaces()) {
        if (!outside.test(implemented)) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      // A truncated class file, or one newer than ASM reads: never a reason to skip a class.
      return false;
    }
  }
}
