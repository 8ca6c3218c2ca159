package dev.genaiwatch.core.instrumentation;

import java.util.Set;

/**
 * A call from a library method into a static method of the module, woven in by the agent with plain
 * ASM. Every module is woven so: the SDKs' service methods, the HTTP clients' builders and facades,
 * and (through {@link #onImplementations()}) the implementations of LangChain4j's and Spring AI's
 * interfaces. Nothing of ByteBuddy is built (it cost about 1,200 classes loaded, verified and run
 * interpreted at start-up; docs/benchmarks.md, "Fifth round" and "Tenth round of issue 22"). Each
 * {@link Shape} is a fixed instruction sequence around the hook call, so the hook method alone
 * decides what happens; hook methods catch everything themselves and never throw. The inserted code
 * has no exception handler of its own (as ByteBuddy's {@code suppress} was): the agent weaves a
 * hook only into a class whose class loader reaches the agent's core, so a hook and its own error
 * handling always link (another agent's class loader holding an unrelocated OkHttp is left alone).
 *
 * @param className binary name of the class whose methods are hooked
 * @param methodNames the hooked methods' names ({@code <init>} for constructors)
 * @param descriptorPrefix what the hooked methods' descriptors start with, e.g. {@code
 *     (Lokhttp3/Request;)}
 * @param descriptorSuffix what they end with, e.g. the return type; empty for any
 * @param isStatic whether the hooked methods are static
 * @param shape where the hook is called and what it is given
 * @param hookClassName binary name of the class declaring the hook methods, visible from {@code
 *     className}'s class loader (a module helper, or a bootstrap class for the JDK)
 * @param hookMethodName the hook method (for the {@code AROUND} shapes, the prefix of its three
 *     methods)
 * @param argumentCount how many arguments the hooked methods take; -1 for any
 * @param includeNonPublic whether methods that are not public are hooked too (a library's internal
 *     method that every public overload ends in); by default only public methods are
 * @param onImplementations whether {@code className} names a super type (a framework's interface)
 *     rather than the class to weave: the hook then goes into every concrete class that has it
 *     among its super types, at the methods that class declares, as ByteBuddy's {@code
 *     hasSuperType} matching did ({@link #implementing})
 */
public record MethodHook(
    String className,
    Set<String> methodNames,
    String descriptorPrefix,
    String descriptorSuffix,
    boolean isStatic,
    Shape shape,
    String hookClassName,
    String hookMethodName,
    int argumentCount,
    boolean includeNonPublic,
    boolean onImplementations) {

  /** A hook on the named class's methods of that number of arguments (-1: any). */
  public MethodHook(
      String className,
      Set<String> methodNames,
      String descriptorPrefix,
      String descriptorSuffix,
      boolean isStatic,
      Shape shape,
      String hookClassName,
      String hookMethodName,
      int argumentCount,
      boolean includeNonPublic) {
    this(
        className,
        methodNames,
        descriptorPrefix,
        descriptorSuffix,
        isStatic,
        shape,
        hookClassName,
        hookMethodName,
        argumentCount,
        includeNonPublic,
        false);
  }

  /** A hook on public methods of that number of arguments (-1: any). */
  public MethodHook(
      String className,
      Set<String> methodNames,
      String descriptorPrefix,
      String descriptorSuffix,
      boolean isStatic,
      Shape shape,
      String hookClassName,
      String hookMethodName,
      int argumentCount) {
    this(
        className,
        methodNames,
        descriptorPrefix,
        descriptorSuffix,
        isStatic,
        shape,
        hookClassName,
        hookMethodName,
        argumentCount,
        false);
  }

  /** A hook on public methods of any number of arguments. */
  public MethodHook(
      String className,
      Set<String> methodNames,
      String descriptorPrefix,
      String descriptorSuffix,
      boolean isStatic,
      Shape shape,
      String hookClassName,
      String hookMethodName) {
    this(
        className,
        methodNames,
        descriptorPrefix,
        descriptorSuffix,
        isStatic,
        shape,
        hookClassName,
        hookMethodName,
        -1,
        false);
  }

  /** Where the hook is called, and with what. */
  public enum Shape {
    /** {@code static void hook(Object self)} at the method's entry. */
    ENTER_WITH_THIS,
    /**
     * {@code static void hook(Object argument0)} at the method's entry; in a constructor, before
     * its super call (which is why the instance is not offered).
     */
    ENTER_WITH_FIRST_ARGUMENT,
    /** {@code static void hook(Object returned)} before each normal return. */
    EXIT_WITH_RETURNED,
    /**
     * {@code static Object hook(Object returned)} before each normal return; the method returns
     * what the hook returns (cast to the method's return type).
     */
    EXIT_REPLACING_RETURNED,
    /**
     * {@code static Object hook(Object self, Object returned)} before each normal return of an
     * instance method returning an object; the method returns what the hook returns (cast to its
     * return type).
     */
    EXIT_WITH_THIS_REPLACING_RETURNED,
    /**
     * Three static methods: {@code Object[] <hook>(Object argument0, Object argument1)} at entry
     * returns the call's state (null when there is nothing to do); {@code Object
     * <hook>Argument(Object[] state, int index, Object original)} gives the value each of the two
     * arguments is replaced with; {@code void <hook>Exit(Object[] state, Object outcome)} runs
     * before every return with the returned value and before every throw out of the method with the
     * exception, which is then rethrown unchanged.
     */
    AROUND_REPLACING_FIRST_TWO_ARGUMENTS,
    /**
     * As {@link #AROUND_REPLACING_FIRST_TWO_ARGUMENTS}, the entry method also given the instance:
     * {@code Object[] <hook>(Object self, Object argument0, Object argument1)} (a streaming model
     * call whose second argument, the application's handler, is replaced by a tracing one).
     */
    AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS,
    /**
     * Three static methods, for an instance method returning an object (the SDKs' service calls):
     * {@code Object <hook>(Object self, Object argument0)} at entry returns the call's state (any
     * object, null included); {@code Object <hook>Exit(Object state, Object returned)} before every
     * return gives what the method returns instead (cast to its return type); {@code void
     * <hook>Thrown(Object state, Throwable thrown)} runs before every throw out of the method, and
     * the same exception is then rethrown. Methods returning a primitive or nothing are not hooked.
     */
    AROUND_WITH_THIS_REPLACING_RETURNED,
    /**
     * As {@link #AROUND_WITH_THIS_REPLACING_RETURNED}, the entry hook given every argument: {@code
     * Object <hook>(Object self, Object[] arguments)}, a new array per call. Methods taking a
     * primitive argument are not hooked.
     */
    AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED
  }

  public MethodHook {
    methodNames = Set.copyOf(methodNames);
    boolean withThis =
        shape == Shape.ENTER_WITH_THIS
            || shape == Shape.EXIT_WITH_THIS_REPLACING_RETURNED
            || shape == Shape.AROUND_WITH_THIS_REPLACING_RETURNED
            || shape == Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED
            || shape == Shape.AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS;
    if (withThis && isStatic) {
      throw new IllegalArgumentException("a static method has no this: " + methodNames);
    }
    if ((withThis || shape == Shape.AROUND_REPLACING_FIRST_TWO_ARGUMENTS)
        && methodNames.contains("<init>")) {
      // Before its super call a constructor's instance may not be used, nor its code be covered by
      // a handler that returns.
      throw new IllegalArgumentException(shape + " cannot hook a constructor");
    }
  }

  /**
   * An SDK service's public {@code method(params, options)} wrapped by {@link
   * Shape#AROUND_WITH_THIS_REPLACING_RETURNED}, its three hook methods named after it ({@code
   * method}, {@code methodExit}, {@code methodThrown}).
   *
   * @param returnsSuffix what the method's descriptor ends with (its return type); empty for any
   */
  public static MethodHook serviceCall(
      String className, String method, String returnsSuffix, String hookClassName) {
    return new MethodHook(
        className,
        Set.of(method),
        "(",
        returnsSuffix,
        false,
        Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
        hookClassName,
        method,
        2,
        false);
  }

  /**
   * A library's internal method that its public overloads all end in (Google Gen AI's package-
   * private {@code privateGenerateContent(model, contents, config)}), wrapped by {@link
   * Shape#AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED}: {@code hookMethodName}, {@code
   * hookMethodNameExit} and {@code hookMethodNameThrown}.
   */
  public static MethodHook internalCall(
      String className,
      String method,
      int argumentCount,
      String hookClassName,
      String hookMethodName) {
    return new MethodHook(
        className,
        Set.of(method),
        "(",
        "",
        false,
        Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED,
        hookClassName,
        hookMethodName,
        argumentCount,
        true);
  }

  /**
   * A hook on the implementations of {@code superType} ({@link #onImplementations()}): every class
   * that is neither an interface nor abstract, has {@code superType} among its super types (however
   * far up), and lies outside the packages that implement no framework interface ({@link
   * FrameworkFreePackages}); at those of the methods that class itself declares that are instance
   * methods of those names, of any visibility, whose descriptors start with {@code
   * descriptorPrefix} and take {@code argumentCount} arguments; the hook methods named after {@code
   * hookMethodName} as {@code shape} says.
   */
  public static MethodHook implementing(
      String superType,
      Set<String> methodNames,
      String descriptorPrefix,
      int argumentCount,
      Shape shape,
      String hookClassName,
      String hookMethodName) {
    return new MethodHook(
        superType,
        methodNames,
        descriptorPrefix,
        "",
        false,
        shape,
        hookClassName,
        hookMethodName,
        argumentCount,
        true,
        true);
  }

  /** The descriptor of a reference type given by its binary name, e.g. {@code Lcom/x/Y;}. */
  public static String descriptorOf(String className) {
    return "L" + className.replace('.', '/') + ";";
  }

  /** This hook on methods of any visibility (see {@link #includeNonPublic}). */
  public MethodHook includingNonPublic() {
    return new MethodHook(
        className,
        methodNames,
        descriptorPrefix,
        descriptorSuffix,
        isStatic,
        shape,
        hookClassName,
        hookMethodName,
        argumentCount,
        true,
        onImplementations);
  }

  /** The class's internal name, as class file transformers are given it. */
  public String internalClassName() {
    return className.replace('.', '/');
  }

  /**
   * Whether this hook applies to the method of that access, name and descriptor. (A bridge method
   * the compiler adds for a generic override is never hooked: it calls the method it bridges, which
   * is.)
   */
  public boolean appliesTo(boolean publicMethod, boolean staticMethod, String name, String desc) {
    return (publicMethod || includeNonPublic)
        && staticMethod == isStatic
        && methodNames.contains(name)
        && desc.startsWith(descriptorPrefix)
        && desc.endsWith(descriptorSuffix)
        && (argumentCount < 0 || argumentCount(desc) == argumentCount);
  }

  /** The number of arguments a method descriptor declares. */
  static int argumentCount(String desc) {
    int count = 0;
    int i = 1;
    while (desc.charAt(i) != ')') {
      while (desc.charAt(i) == '[') {
        i++;
      }
      i = desc.charAt(i) == 'L' ? desc.indexOf(';', i) + 1 : i + 1;
      count++;
    }
    return count;
  }
}
