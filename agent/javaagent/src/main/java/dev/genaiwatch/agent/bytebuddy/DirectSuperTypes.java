package dev.genaiwatch.agent.bytebuddy;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Reads a class file's super class and interfaces from its header, without loading or resolving
 * anything: enough to tell that a class cannot have a framework interface anywhere in its hierarchy
 * when none of its direct super types can (a JDK type, say, never implements LangChain4j's {@code
 * ChatModel}). The constant pool is walked once to find the names; nothing is allocated but the
 * names of the direct super types.
 */
final class DirectSuperTypes {
  private static final int MAGIC = 0xCAFEBABE;

  private DirectSuperTypes() {}

  /**
   * True when the super class (if any) and every directly implemented interface satisfy {@code
   * outside} (internal names, such as {@code java/lang/Object}); false when one does not, and when
   * the class file cannot be read (the caller then treats the class as a possible match).
   */
  static boolean allMatch(byte[] classFile, Predicate<String> outside) {
    try {
      return read(classFile, outside);
    } catch (RuntimeException e) {
      // A truncated or unknown class file: never a reason to skip a class.
      return false;
    }
  }

  private static boolean read(byte[] b, Predicate<String> outside) {
    if (b == null || b.length < 10 || readInt(b, 0) != MAGIC) {
      return false;
    }
    int count = readUnsignedShort(b, 8);
    // Offsets of each constant's first byte after its tag; 0 for the unusable second slot of
    // longs and doubles.
    int[] offsets = new int[count];
    int p = 10;
    for (int i = 1; i < count; i++) {
      int tag = b[p] & 0xFF;
      offsets[i] = p + 1;
      switch (tag) {
        case 1 -> p += 3 + readUnsignedShort(b, p + 1); // Utf8
        case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
        case 5, 6 -> {
          p += 9;
          i++;
        }
        case 7, 8, 16, 19, 20 -> p += 3;
        case 15 -> p += 4;
        default -> {
          return false;
        }
      }
    }
    // access_flags, this_class, super_class, interfaces_count, interfaces
    int superClass = readUnsignedShort(b, p + 4);
    if (superClass != 0 && !outside.test(className(b, offsets, superClass))) {
      return false;
    }
    int interfaces = readUnsignedShort(b, p + 6);
    for (int i = 0; i < interfaces; i++) {
      if (!outside.test(className(b, offsets, readUnsignedShort(b, p + 8 + 2 * i)))) {
        return false;
      }
    }
    return true;
  }

  /** The internal name a CONSTANT_Class entry points to. */
  private static String className(byte[] b, int[] offsets, int classIndex) {
    int utf8 = offsets[readUnsignedShort(b, offsets[classIndex])];
    int length = readUnsignedShort(b, utf8);
    // Modified UTF-8 equals UTF-8 for every name without NUL or supplementary characters, which
    // is what a prefix comparison needs.
    return new String(b, utf8 + 2, length, StandardCharsets.UTF_8);
  }

  private static int readUnsignedShort(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int readInt(byte[] b, int at) {
    return (readUnsignedShort(b, at) << 16) | readUnsignedShort(b, at + 2);
  }
}
