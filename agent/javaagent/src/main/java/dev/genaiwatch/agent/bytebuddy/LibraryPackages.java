package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import dev.genaiwatch.instrumentation.springai.SpringAiInstrumentationModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which classes being loaded can concern an enabled instrumentation module, decided from the
 * class's name and bytes alone, without ByteBuddy and without loading any module class (only their
 * name constants, which the compiler inlines). Every type matcher of a module names classes in its
 * library's packages, except those of LangChain4j and Spring AI, which also match the application's
 * own classes implementing one of the framework's interfaces ({@code Implementations.of}, a super
 * type match). Such a class is transformed while it is being defined, before its super types are
 * loaded, so it is recognised by the library package appearing in its constant pool (its direct
 * super types are named there as class constants). {@code LibraryPackagesTest} checks that every
 * class a module's matchers and required methods name lies in that module's packages here.
 */
final class LibraryPackages {
  /**
   * Module name → the internal-name prefixes of the classes its type matchers can match (the
   * modules woven by ByteBuddy).
   */
  static final Map<String, List<String>> BY_MODULE = byModule();

  /**
   * Module name → the internal names of the classes its {@code MethodHook}s name (the modules woven
   * without ByteBuddy): these classes never fire ByteBuddy's build.
   */
  static final Map<String, List<String>> HOOKED_BY_MODULE = hookedByModule();

  /** Modules whose type matchers also take application classes by a super type. */
  static final Set<String> MATCHED_BY_SUPER_TYPE =
      Set.of(LangChain4jInstrumentationModule.NAME, SpringAiInstrumentationModule.NAME);

  /**
   * Packages ByteBuddy never transforms (binary names): the JDK (its HTTP client is woven by method
   * hooks, which this list does not govern), ourselves, ByteBuddy, other agents. Transforming them
   * gains nothing and risks circularity (an agent's own classes being transformed while it runs).
   * ByteBuddy's ignore rule ({@code InstrumentationInstaller.ignoredByName}) and this class's
   * checks read this one list.
   */
  static final String[] IGNORED = {
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "dev.genaiwatch.",
    unshaded("net", "bytebuddy"),
    unshaded("io", "opentelemetry", "javaagent"),
    "datadog.",
    "co.elastic.apm.",
    "com.newrelic.",
    "org.glowroot."
  };

  /** {@link #IGNORED} as internal-name prefixes: never a library class. */
  private static final String[] NEVER =
      Arrays.stream(IGNORED).map(prefix -> prefix.replace('.', '/')).toArray(String[]::new);

  private final String[] namePrefixes;
  private final byte[][] referencedPrefixes;
  private final Set<String> hookedClasses;

  private LibraryPackages(
      List<String> namePrefixes, List<String> referencedPrefixes, Set<String> hookedClasses) {
    this.hookedClasses = hookedClasses;
    this.namePrefixes = namePrefixes.toArray(String[]::new);
    this.referencedPrefixes =
        referencedPrefixes.stream()
            .map(p -> p.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
  }

  private static Map<String, List<String>> byModule() {
    Map<String, List<String>> packages = new LinkedHashMap<>();
    packages.put(CallOwnership.OPENAI_JAVA, List.of("com/openai/"));
    packages.put(CallOwnership.ANTHROPIC_JAVA, List.of("com/anthropic/"));
    packages.put(CallOwnership.GOOGLE_GENAI, List.of("com/google/genai/"));
    packages.put(LangChain4jInstrumentationModule.NAME, List.of("dev/langchain4j/"));
    packages.put(SpringAiInstrumentationModule.NAME, List.of("org/springframework/ai/"));
    return Map.copyOf(packages);
  }

  private static Map<String, List<String>> hookedByModule() {
    Map<String, List<String>> classes = new LinkedHashMap<>();
    classes.put(
        JdkHttpClientInstrumentationModule.NAME, List.of("jdk/internal/net/http/HttpClientFacade"));
    classes.put(OkHttpInstrumentationModule.NAME, List.of("okhttp3/OkHttpClient"));
    classes.put(
        ApacheHttpClientInstrumentationModule.NAME,
        List.of(
            "org/apache/hc/client5/http/impl/classic/HttpClientBuilder",
            "org/apache/hc/client5/http/impl/async/HttpAsyncClientBuilder"));
    classes.put(
        ReactorNettyInstrumentationModule.NAME, List.of("reactor/netty/http/client/HttpClient"));
    return Map.copyOf(classes);
  }

  /** The packages of the modules the configuration leaves on. */
  static LibraryPackages enabledBy(GenAiWatchConfig config) {
    List<String> names = new ArrayList<>();
    List<String> referenced = new ArrayList<>();
    BY_MODULE.forEach(
        (module, prefixes) -> {
          if (config.instrumentationEnabled(module)) {
            names.addAll(prefixes);
            if (MATCHED_BY_SUPER_TYPE.contains(module)) {
              referenced.addAll(prefixes);
            }
          }
        });
    Set<String> hooked = new HashSet<>();
    HOOKED_BY_MODULE.forEach(
        (module, classes) -> {
          if (config.instrumentationEnabled(module)) {
            hooked.addAll(classes);
          }
        });
    return new LibraryPackages(names, referenced, Set.copyOf(hooked));
  }

  /** True when no enabled module waits for any class. */
  boolean isEmpty() {
    return namePrefixes.length == 0 && hookedClasses.isEmpty();
  }

  /** True when no enabled module is woven by ByteBuddy. */
  boolean hasNoLibraryPackages() {
    return namePrefixes.length == 0;
  }

  /** True when an enabled module's method hooks name this class (internal name). */
  boolean isHooked(String internalName) {
    return hookedClasses.contains(internalName);
  }

  /**
   * True when a module may want to transform this class: it lies in a library package, or it is an
   * application class whose constant pool names a framework package whose interfaces a module
   * matches by super type.
   */
  boolean concerns(String internalName, byte[] classFile) {
    if (startsWithAny(internalName, namePrefixes)) {
      return true;
    }
    if (referencedPrefixes.length == 0 || classFile == null || startsWithAny(internalName, NEVER)) {
      return false;
    }
    for (byte[] prefix : referencedPrefixes) {
      if (contains(classFile, prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a module's matchers could take this class once ByteBuddy's transformer exists: it
   * lies in a library package, or it is neither the JDK's nor the agent's while a module matching
   * by super type is on (such a match can come through the application's own base class, which only
   * ByteBuddy's type pool sees). The JDK's classes, most of those loaded, skip ByteBuddy.
   */
  boolean mayConcern(String internalName) {
    if (startsWithAny(internalName, namePrefixes)) {
      return true;
    }
    return referencedPrefixes.length > 0 && !startsWithAny(internalName, NEVER);
  }

  private static boolean startsWithAny(String internalName, String[] prefixes) {
    for (String prefix : prefixes) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** A plain scan: class files are a few kilobytes, and this runs only until the first hit. */
  static boolean contains(byte[] haystack, byte[] needle) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A package prefix built at run time: the agent jar's shading rewrites string constants that look
   * like relocated packages, and these must name the application's (or the upstream agent's)
   * packages, not ours.
   */
  static String unshaded(String... packageParts) {
    return String.join(".", packageParts) + ".";
  }
}
