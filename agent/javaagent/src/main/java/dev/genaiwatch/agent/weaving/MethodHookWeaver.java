package dev.genaiwatch.agent.weaving;

import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves {@link MethodHook}s into a class file with ASM (relocated in the agent jar). The entry and
 * exit shapes insert straight-line code (no branch, so the class's stack map frames stay valid as
 * they are); the {@code AROUND} shapes keep the hook's state in a new local after the method's own
 * and wrap the method's code in a handler for any throwable, so its frames are read expanded and
 * given that local. No frame is computed, so no class is loaded (ASM's frame computation would ask
 * for common super classes).
 */
final class MethodHookWeaver {
  private static final String OBJECT = "java/lang/Object";
  private static final String OBJECT_ARRAY = "[Ljava/lang/Object;";
  private static final String THROWABLE = "java/lang/Throwable";

  private MethodHookWeaver() {}

  /** The class file with the hooks that apply to its methods woven in; null when none applies. */
  static byte[] weave(byte[] classFile, List<MethodHook> hooks) {
    ClassReader reader = new ClassReader(classFile);
    boolean around = hooks.stream().anyMatch(h -> isAround(h.shape()));
    Map<String, Integer> maxLocals = around ? maxLocals(reader) : Map.of();
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    HookingClassVisitor hooking = new HookingClassVisitor(writer, hooks, maxLocals);
    reader.accept(hooking, around ? ClassReader.EXPAND_FRAMES : 0);
    return hooking.woven > 0 ? writer.toByteArray() : null;
  }

  private static boolean isAround(MethodHook.Shape shape) {
    return shape == MethodHook.Shape.AROUND_REPLACING_FIRST_TWO_ARGUMENTS
        || shape == MethodHook.Shape.AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS
        || shape == MethodHook.Shape.AROUND_WITH_THIS_REPLACING_RETURNED
        || shape == MethodHook.Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED;
  }

  /**
   * The shapes woven only into methods returning an object: their hooks hand the caller an object
   * in place of the returned one, with {@code this} (a static factory's {@link
   * MethodHook.Shape#EXIT_REPLACING_RETURNED} is not among them).
   */
  private static boolean needsReturnedObject(MethodHook.Shape shape) {
    return shape == MethodHook.Shape.EXIT_WITH_THIS_REPLACING_RETURNED
        || shape == MethodHook.Shape.AROUND_WITH_THIS_REPLACING_RETURNED
        || shape == MethodHook.Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED;
  }

  private static boolean isReference(Type type) {
    return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
  }

  /** Each method's local variable count (name + descriptor), to put a new local after them. */
  private static Map<String, Integer> maxLocals(ClassReader reader) {
    Map<String, Integer> maxLocals = new HashMap<>();
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String desc, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitMaxs(int maxStack, int locals) {
                maxLocals.put(name + desc, locals);
              }
            };
          }
        },
        ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return maxLocals;
  }

  private static final class HookingClassVisitor extends ClassVisitor {
    private final List<MethodHook> hooks;
    private final Map<String, Integer> maxLocals;
    private String owner;
    private int woven;

    HookingClassVisitor(ClassVisitor next, List<MethodHook> hooks, Map<String, Integer> maxLocals) {
      super(Opcodes.ASM9, next);
      this.hooks = hooks;
      this.maxLocals = maxLocals;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      owner = name;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String desc, String signature, String[] exceptions) {
      MethodVisitor visitor = super.visitMethod(access, name, desc, signature, exceptions);
      // A bridge calls the method it bridges, which is hooked if it should be.
      if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
        return visitor;
      }
      boolean isPublic = (access & Opcodes.ACC_PUBLIC) != 0;
      boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
      for (MethodHook hook : hooks) {
        if (hook.appliesTo(isPublic, isStatic, name, desc) && canTake(hook, desc)) {
          visitor = adapter(visitor, hook, isStatic, name, desc);
          woven++;
        }
      }
      return visitor;
    }

    /**
     * The shapes that replace the returned object need one; the shape that passes every argument in
     * an array needs them to be objects.
     */
    private static boolean canTake(MethodHook hook, String desc) {
      if (hook.shape() == MethodHook.Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED) {
        for (Type argument : Type.getArgumentTypes(desc)) {
          if (!isReference(argument)) {
            return false;
          }
        }
      }
      return !needsReturnedObject(hook.shape()) || isReference(Type.getReturnType(desc));
    }

    private MethodVisitor adapter(
        MethodVisitor next, MethodHook hook, boolean isStatic, String name, String desc) {
      String hookOwner = hook.hookClassName().replace('.', '/');
      int firstArgument = isStatic ? 0 : 1;
      return switch (hook.shape()) {
        case ENTER_WITH_THIS -> new AtEntry(next, 0, hookOwner, hook.hookMethodName());
        case ENTER_WITH_FIRST_ARGUMENT ->
            new AtEntry(next, firstArgument, hookOwner, hook.hookMethodName());
        case EXIT_WITH_RETURNED, EXIT_REPLACING_RETURNED, EXIT_WITH_THIS_REPLACING_RETURNED ->
            new AtReturn(next, hook.shape(), desc, hookOwner, hook.hookMethodName());
        case AROUND_REPLACING_FIRST_TWO_ARGUMENTS, AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS ->
            new ArgumentsAround(
                next,
                hook.shape() == MethodHook.Shape.AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS,
                owner,
                isStatic,
                desc,
                maxLocals.get(name + desc),
                hookOwner,
                hook.hookMethodName());
        case AROUND_WITH_THIS_REPLACING_RETURNED,
            AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED ->
            new ReturnedAround(
                next,
                hook.shape() == MethodHook.Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED,
                owner,
                desc,
                maxLocals.get(name + desc),
                hookOwner,
                hook.hookMethodName());
      };
    }
  }

  /** {@code hook(local)} first thing: {@code this} (slot 0) or the first argument. */
  private static final class AtEntry extends MethodVisitor {
    private final int slot;
    private final String hookOwner;
    private final String hookName;

    AtEntry(MethodVisitor next, int slot, String hookOwner, String hookName) {
      super(Opcodes.ASM9, next);
      this.slot = slot;
      this.hookOwner = hookOwner;
      this.hookName = hookName;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      // In a constructor this runs before the super call: it only reads an argument, which the
      // verifier allows.
      super.visitVarInsn(Opcodes.ALOAD, slot);
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC, hookOwner, hookName, "(Ljava/lang/Object;)V", false);
    }
  }

  /**
   * {@code hook(returned)}, {@code returned = hook(returned)} or {@code returned = hook(this,
   * returned)} before each {@code areturn}.
   */
  private static final class AtReturn extends MethodVisitor {
    private final boolean replacing;
    private final boolean withThis;
    private final String returnType;
    private final String hookOwner;
    private final String hookName;

    AtReturn(
        MethodVisitor next,
        MethodHook.Shape shape,
        String desc,
        String hookOwner,
        String hookName) {
      super(Opcodes.ASM9, next);
      this.withThis = shape == MethodHook.Shape.EXIT_WITH_THIS_REPLACING_RETURNED;
      this.replacing = withThis || shape == MethodHook.Shape.EXIT_REPLACING_RETURNED;
      this.returnType = Type.getReturnType(desc).getInternalName();
      this.hookOwner = hookOwner;
      this.hookName = hookName;
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        if (replacing) {
          if (withThis) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitInsn(Opcodes.SWAP);
          }
          super.visitMethodInsn(
              Opcodes.INVOKESTATIC,
              hookOwner,
              hookName,
              withThis
                  ? "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"
                  : "(Ljava/lang/Object;)Ljava/lang/Object;",
              false);
          super.visitTypeInsn(Opcodes.CHECKCAST, returnType);
        } else {
          super.visitInsn(Opcodes.DUP);
          super.visitMethodInsn(
              Opcodes.INVOKESTATIC, hookOwner, hookName, "(Ljava/lang/Object;)V", false);
        }
      }
      super.visitInsn(opcode);
    }
  }

  /**
   * A hook around the method's code: an entry call that keeps the hook's state in a new local after
   * the method's own, a call before each return, and a catch-all handler, last in the exception
   * table so the method's own handlers keep precedence, that calls the hook with the throwable and
   * rethrows it. What the calls are is the subclass's.
   */
  private abstract static class Around extends MethodVisitor {
    private final String stateType;
    final String returnType;
    private final String owner;
    private final boolean isStatic;
    final Type[] arguments;
    final int stateSlot;
    final String hookOwner;
    final String hookName;
    private final Label start = new Label();

    Around(
        MethodVisitor next,
        String stateType,
        String owner,
        boolean isStatic,
        String desc,
        int stateSlot,
        String hookOwner,
        String hookName) {
      super(Opcodes.ASM9, next);
      this.stateType = stateType;
      this.returnType = Type.getReturnType(desc).getInternalName();
      this.owner = owner;
      this.isStatic = isStatic;
      this.arguments = Type.getArgumentTypes(desc);
      this.stateSlot = stateSlot;
      this.hookOwner = hookOwner;
      this.hookName = hookName;
    }

    /** The entry call, its state stored at {@link #stateSlot}. */
    abstract void enter(int firstArgument);

    /** Before the return instruction {@code opcode}, its value (if any) on the stack. */
    abstract void beforeReturn(int opcode);

    /** In the handler: the throwable on the stack twice, the state below the top one. */
    abstract void thrown();

    @Override
    public void visitCode() {
      super.visitCode();
      enter(isStatic ? 0 : 1);
      super.visitLabel(start);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
      // Expanded frames (F_NEW): every one gets the state local, so the handler's frame (which
      // has it) is compatible with each instruction it covers.
      Object[] locals = withState(local, numLocal);
      super.visitFrame(type, locals.length, locals, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        beforeReturn(opcode);
      }
      super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      Label end = new Label();
      Label handler = new Label();
      super.visitLabel(end);
      super.visitLabel(handler);
      Object[] entryLocals = entryLocals();
      Object[] locals = withState(entryLocals, entryLocals.length);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
      super.visitInsn(Opcodes.DUP);
      super.visitVarInsn(Opcodes.ALOAD, stateSlot);
      super.visitInsn(Opcodes.SWAP);
      thrown();
      super.visitInsn(Opcodes.ATHROW);
      super.visitTryCatchBlock(start, end, handler, THROWABLE);
      super.visitMaxs(maxStack, maxLocals);
    }

    void invokeHook(String suffix, String descriptor) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hookName + suffix, descriptor, false);
    }

    /** The locals at entry, as frame entries: {@code this} and the arguments. */
    private Object[] entryLocals() {
      List<Object> locals = new ArrayList<>();
      if (!isStatic) {
        locals.add(owner);
      }
      for (Type argument : arguments) {
        locals.add(frameType(argument));
      }
      return locals.toArray();
    }

    /** {@code local} padded with TOP up to the state's slot, then the state. */
    private Object[] withState(Object[] local, int numLocal) {
      List<Object> locals = new ArrayList<>(numLocal + 2);
      int slots = 0;
      for (int i = 0; i < numLocal; i++) {
        locals.add(local[i]);
        slots += Opcodes.LONG.equals(local[i]) || Opcodes.DOUBLE.equals(local[i]) ? 2 : 1;
      }
      for (; slots < stateSlot; slots++) {
        locals.add(Opcodes.TOP);
      }
      locals.add(stateType);
      return locals.toArray();
    }

    private static Object frameType(Type type) {
      return switch (type.getSort()) {
        case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
        case Type.FLOAT -> Opcodes.FLOAT;
        case Type.LONG -> Opcodes.LONG;
        case Type.DOUBLE -> Opcodes.DOUBLE;
        default -> type.getSort() == Type.ARRAY ? type.getDescriptor() : type.getInternalName();
      };
    }
  }

  /**
   * {@link MethodHook.Shape#AROUND_REPLACING_FIRST_TWO_ARGUMENTS}: {@code state = hook(a0, a1); a0
   * = hookArgument(state, 0, a0); a1 = hookArgument(state, 1, a1);} at entry ({@link
   * MethodHook.Shape#AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS}: {@code hook(this, a0, a1)}),
   * {@code hookExit(state, returned)} before each return (null for a primitive or none) and {@code
   * hookExit(state, thrown)} before a throwable leaves.
   */
  private static final class ArgumentsAround extends Around {
    private static final String EXIT = "(" + OBJECT_ARRAY + "Ljava/lang/Object;)V";
    private final boolean withThis;

    ArgumentsAround(
        MethodVisitor next,
        boolean withThis,
        String owner,
        boolean isStatic,
        String desc,
        int stateSlot,
        String hookOwner,
        String hookName) {
      super(next, OBJECT_ARRAY, owner, isStatic, desc, stateSlot, hookOwner, hookName);
      this.withThis = withThis;
    }

    @Override
    void enter(int first) {
      if (withThis) {
        super.visitVarInsn(Opcodes.ALOAD, 0);
      }
      super.visitVarInsn(Opcodes.ALOAD, first);
      super.visitVarInsn(Opcodes.ALOAD, first + 1);
      invokeHook(
          "",
          (withThis ? "(Ljava/lang/Object;" : "(")
              + "Ljava/lang/Object;Ljava/lang/Object;)"
              + OBJECT_ARRAY);
      super.visitVarInsn(Opcodes.ASTORE, stateSlot);
      for (int index = 0; index < 2; index++) {
        super.visitVarInsn(Opcodes.ALOAD, stateSlot);
        super.visitInsn(Opcodes.ICONST_0 + index);
        super.visitVarInsn(Opcodes.ALOAD, first + index);
        invokeHook("Argument", "(" + OBJECT_ARRAY + "ILjava/lang/Object;)Ljava/lang/Object;");
        super.visitTypeInsn(Opcodes.CHECKCAST, arguments[index].getInternalName());
        super.visitVarInsn(Opcodes.ASTORE, first + index);
      }
    }

    @Override
    void beforeReturn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        super.visitInsn(Opcodes.DUP);
        super.visitVarInsn(Opcodes.ALOAD, stateSlot);
        super.visitInsn(Opcodes.SWAP);
      } else {
        super.visitVarInsn(Opcodes.ALOAD, stateSlot);
        super.visitInsn(Opcodes.ACONST_NULL);
      }
      invokeHook("Exit", EXIT);
    }

    @Override
    void thrown() {
      invokeHook("Exit", EXIT);
    }
  }

  /**
   * {@link MethodHook.Shape#AROUND_WITH_THIS_REPLACING_RETURNED}: {@code state = hook(this, a0)} at
   * entry ({@link MethodHook.Shape#AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED}: {@code state
   * = hook(this, new Object[] {a0, a1, ...})}), {@code returned = hookExit(state, returned)} before
   * each return (the method returns an object: {@code canTake}) and {@code hookThrown(state,
   * thrown)} before a throwable leaves.
   */
  private static final class ReturnedAround extends Around {
    private final boolean allArguments;

    ReturnedAround(
        MethodVisitor next,
        boolean allArguments,
        String owner,
        String desc,
        int stateSlot,
        String hookOwner,
        String hookName) {
      super(next, OBJECT, owner, false, desc, stateSlot, hookOwner, hookName);
      this.allArguments = allArguments;
    }

    @Override
    void enter(int first) {
      super.visitVarInsn(Opcodes.ALOAD, 0);
      if (allArguments) {
        // Every argument is a reference (canTake), one slot each after this.
        super.visitLdcInsn(arguments.length);
        super.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
        for (int index = 0; index < arguments.length; index++) {
          super.visitInsn(Opcodes.DUP);
          super.visitLdcInsn(index);
          super.visitVarInsn(Opcodes.ALOAD, first + index);
          super.visitInsn(Opcodes.AASTORE);
        }
        invokeHook("", "(Ljava/lang/Object;" + OBJECT_ARRAY + ")Ljava/lang/Object;");
      } else {
        if (arguments.length > 0 && isReference(arguments[0])) {
          super.visitVarInsn(Opcodes.ALOAD, first);
        } else {
          super.visitInsn(Opcodes.ACONST_NULL);
        }
        invokeHook("", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;");
      }
      super.visitVarInsn(Opcodes.ASTORE, stateSlot);
    }

    @Override
    void beforeReturn(int opcode) {
      // Only ARETURN: the method returns an object.
      super.visitVarInsn(Opcodes.ALOAD, stateSlot);
      super.visitInsn(Opcodes.SWAP);
      invokeHook("Exit", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;");
      super.visitTypeInsn(Opcodes.CHECKCAST, returnType);
    }

    @Override
    void thrown() {
      invokeHook("Thrown", "(Ljava/lang/Object;Ljava/lang/Throwable;)V");
    }
  }
}
