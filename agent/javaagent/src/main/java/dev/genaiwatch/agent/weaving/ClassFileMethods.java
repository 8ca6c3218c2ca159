package dev.genaiwatch.agent.weaving;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Whether a class, as its class loader would define it, has a method: read from the class files
 * (the class, its super classes and the interfaces each of them names directly), so nothing is
 * loaded or initialised. One instance serves one check of one class loader.
 */
final class ClassFileMethods {
  private final ClassLoader classLoader;
  // One check asks about several methods of the same classes (and their common super types): each
  // class file is read and parsed once per check. Null values mark class files that are missing.
  private final Map<String, Declared> classFiles = new HashMap<>();

  ClassFileMethods(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** False also when a class file in the chain cannot be read. */
  boolean has(String className, String methodName, int parameterCount) {
    for (String type = className.replace('.', '/'); type != null; ) {
      Declared declared = read(type);
      if (declared == null) {
        return false;
      }
      if (declared.declares(methodName, parameterCount)) {
        return true;
      }
      for (String itf : declared.interfaces) {
        Declared direct = read(itf);
        if (direct != null && direct.declares(methodName, parameterCount)) {
          return true;
        }
      }
      type = declared.superName;
    }
    return false;
  }

  private Declared read(String internalName) {
    if (!classFiles.containsKey(internalName)) {
      classFiles.put(internalName, parse(internalName));
    }
    return classFiles.get(internalName);
  }

  private Declared parse(String internalName) {
    try (InputStream in = classLoader.getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        return null;
      }
      Declared declared = new Declared();
      new ClassReader(in.readAllBytes())
          .accept(
              declared, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      return declared;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A class file's super class, direct interfaces and methods. */
  private static final class Declared extends ClassVisitor {
    String superName;
    String[] interfaces = new String[0];
    private final List<String> methods = new ArrayList<>();

    Declared() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      this.superName = superName;
      this.interfaces = interfaces == null ? new String[0] : interfaces;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String desc, String signature, String[] exceptions) {
      methods.add(name + " " + Type.getArgumentTypes(desc).length);
      return null;
    }

    boolean declares(String methodName, int parameterCount) {
      return methods.contains(methodName + " " + parameterCount);
    }
  }
}
