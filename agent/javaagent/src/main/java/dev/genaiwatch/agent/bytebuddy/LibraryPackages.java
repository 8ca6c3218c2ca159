package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.FrameworkFreePackages;
import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import dev.genaiwatch.instrumentation.springai.SpringAiInstrumentationModule;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which classes being loaded can concern an enabled instrumentation module, decided from the
 * class's name and bytes alone, without ByteBuddy and without loading any module class (only their
 * name constants, which the compiler inlines). The modules woven by ByteBuddy are the frameworks'
 * (LangChain4j, Spring AI): their type matchers name classes in the framework's packages and also
 * match the application's own classes implementing one of the framework's interfaces ({@code
 * Implementations.of}, a super type match); every other module is woven by method hooks, which name
 * their classes exactly ({@link #HOOKED_BY_MODULE}). Such an application class is transformed while
 * it is being defined, before its super types are loaded, so it is recognised by the library
 * package appearing in its constant pool (its direct super types are named there as class
 * constants). {@code LibraryPackagesTest} checks that every class a module's matchers and required
 * methods name lies in that module's packages here.
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

  /**
   * Module name → the interfaces (internal names) whose implementations its type matchers take, for
   * the modules that match by super type. A class loader that can see none of them holds no class
   * such a module could take.
   */
  static final Map<String, List<String>> SUPER_TYPES_BY_MODULE = superTypesByModule();

  /**
   * Module name → the classes (internal names) its type matchers take by name rather than by super
   * type. They are transformed whatever their super types are (LangChain4j's AI-service proxy
   * handler implements only the JDK's {@code InvocationHandler}), so the class-file header check of
   * {@link #mayConcern} never lets them past.
   */
  static final Map<String, List<String>> NAMED_BY_MODULE =
      Map.of(
          LangChain4jInstrumentationModule.NAME,
          List.of("dev/langchain4j/service/DefaultAiServices$1"),
          SpringAiInstrumentationModule.NAME,
          List.of(
              "org/springframework/ai/chat/client/advisor/vectorstore/QuestionAnswerAdvisor",
              "org/springframework/ai/rag/advisor/RetrievalAugmentationAdvisor"));

  /**
   * Model library (module name) → the class (internal name) whose loading starts the telemetry SDK
   * in the background ({@link dev.genaiwatch.core.GenAiWatch#startInBackground}): the first class
   * of the module's required methods, the one the library's client or model is built on ({@code
   * ClientOptions}, {@code Models}, {@code ChatModel}, ...). The application is then about to call
   * a model, and the SDK's start overlaps the rest of its own instead of delaying the first call; a
   * library merely on the class path starts nothing. The HTTP clients woven at the wire level are
   * no such sign (most applications that use OkHttp or the JDK's client never call a model) and are
   * not listed: an LLM call through one of them still builds the SDK when it comes.
   */
  static final Map<String, String> TELEMETRY_START_BY_MODULE =
      Map.of(
          CallOwnership.OPENAI_JAVA, "com/openai/core/ClientOptions",
          CallOwnership.ANTHROPIC_JAVA, "com/anthropic/core/ClientOptions",
          CallOwnership.GOOGLE_GENAI, "com/google/genai/Models",
          LangChain4jInstrumentationModule.NAME, "dev/langchain4j/data/message/AiMessage",
          SpringAiInstrumentationModule.NAME, "org/springframework/ai/chat/model/ChatModel");

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
    // The agent's own packages by name, not "dev.genaiwatch.": an application in that namespace
    // (the testapp the benchmarks and tests run) must be matched as any application is.
    "dev.genaiwatch.agent.",
    "dev.genaiwatch.bootstrap.",
    "dev.genaiwatch.core.",
    "dev.genaiwatch.instrumentation.",
    "dev.genaiwatch.shaded.",
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
  private final Set<String> namedTargets;
  private final Set<String> hookedClasses;
  private final Set<String> telemetryStarts;
  private final List<String> superTypeResources;
  // Guarded by itself; weak keys, so an application's class loader is not kept alive.
  private final Map<ClassLoader, Boolean> seesSuperTypes = new WeakHashMap<>();

  private LibraryPackages(
      List<String> namePrefixes,
      Set<String> namedTargets,
      Set<String> hookedClasses,
      Set<String> telemetryStarts,
      List<String> superTypes) {
    this.namedTargets = namedTargets;
    this.hookedClasses = hookedClasses;
    this.telemetryStarts = telemetryStarts;
    this.namePrefixes = namePrefixes.toArray(String[]::new);
    // Every module ByteBuddy weaves matches application classes by super type, so each of its
    // packages is also what an application class's constant pool may name.
    this.referencedPrefixes =
        namePrefixes.stream()
            .map(p -> p.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
    this.superTypeResources = superTypes.stream().map(t -> t + ".class").toList();
  }

  private static Map<String, List<String>> byModule() {
    Map<String, List<String>> packages = new LinkedHashMap<>();
    packages.put(LangChain4jInstrumentationModule.NAME, List.of("dev/langchain4j/"));
    packages.put(SpringAiInstrumentationModule.NAME, List.of("org/springframework/ai/"));
    return Map.copyOf(packages);
  }

  private static Map<String, List<String>> superTypesByModule() {
    Map<String, List<String>> types = new LinkedHashMap<>();
    types.put(
        LangChain4jInstrumentationModule.NAME,
        List.of(
            "dev/langchain4j/model/chat/ChatModel",
            "dev/langchain4j/model/chat/StreamingChatModel",
            "dev/langchain4j/model/embedding/EmbeddingModel",
            "dev/langchain4j/service/tool/ToolExecutor",
            "dev/langchain4j/rag/RetrievalAugmentor"));
    types.put(
        SpringAiInstrumentationModule.NAME,
        List.of(
            "org/springframework/ai/chat/model/ChatModel",
            "org/springframework/ai/embedding/EmbeddingModel",
            "org/springframework/ai/model/tool/ToolCallingManager",
            "org/springframework/ai/tool/ToolCallback",
            "org/springframework/ai/chat/client/ChatClient$CallResponseSpec",
            "org/springframework/ai/chat/client/ChatClient$StreamResponseSpec"));
    return Map.copyOf(types);
  }

  private static Map<String, List<String>> hookedByModule() {
    String openAiServices = "com/openai/services/";
    Map<String, List<String>> classes = new LinkedHashMap<>();
    classes.put(
        CallOwnership.OPENAI_JAVA,
        List.of(
            openAiServices + "blocking/chat/ChatCompletionServiceImpl",
            openAiServices + "blocking/CompletionServiceImpl",
            openAiServices + "blocking/EmbeddingServiceImpl",
            openAiServices + "async/chat/ChatCompletionServiceAsyncImpl",
            openAiServices + "async/CompletionServiceAsyncImpl",
            openAiServices + "async/EmbeddingServiceAsyncImpl",
            openAiServices + "blocking/ResponseServiceImpl",
            openAiServices + "async/ResponseServiceAsyncImpl",
            "com/openai/core/PrepareRequest"));
    classes.put(
        CallOwnership.ANTHROPIC_JAVA,
        List.of(
            "com/anthropic/services/blocking/MessageServiceImpl",
            "com/anthropic/services/async/MessageServiceAsyncImpl",
            "com/anthropic/core/opentelemetry/TraceApiCall",
            "com/anthropic/core/PrepareRequest"));
    classes.put(
        CallOwnership.GOOGLE_GENAI,
        List.of(
            "com/google/genai/Models",
            "com/google/genai/AsyncModels",
            "com/google/genai/ApiClient",
            "com/google/genai/ResponseStream"));
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
    Set<String> namedTargets = new HashSet<>();
    List<String> superTypes = new ArrayList<>();
    BY_MODULE.forEach(
        (module, prefixes) -> {
          if (config.instrumentationEnabled(module)) {
            names.addAll(prefixes);
            namedTargets.addAll(NAMED_BY_MODULE.get(module));
            superTypes.addAll(SUPER_TYPES_BY_MODULE.get(module));
          }
        });
    Set<String> hooked = new HashSet<>();
    HOOKED_BY_MODULE.forEach(
        (module, classes) -> {
          if (config.instrumentationEnabled(module)) {
            hooked.addAll(classes);
          }
        });
    Set<String> telemetryStarts = new HashSet<>();
    TELEMETRY_START_BY_MODULE.forEach(
        (module, start) -> {
          if (config.instrumentationEnabled(module)) {
            telemetryStarts.add(start);
          }
        });
    return new LibraryPackages(
        names,
        Set.copyOf(namedTargets),
        Set.copyOf(hooked),
        Set.copyOf(telemetryStarts),
        superTypes);
  }

  /** True when no enabled module waits for any class. */
  boolean isEmpty() {
    return namePrefixes.length == 0 && hookedClasses.isEmpty();
  }

  /** True when no enabled module is woven by ByteBuddy. */
  boolean hasNoLibraryPackages() {
    return namePrefixes.length == 0;
  }

  /** True when loading this class (internal name) starts the telemetry SDK in the background. */
  boolean startsTelemetry(String internalName) {
    return telemetryStarts.contains(internalName);
  }

  /** True when an enabled module's method hooks name this class (internal name). */
  boolean isHooked(String internalName) {
    return hookedClasses.contains(internalName);
  }

  /**
   * True when a module may want to transform this class: it lies in a library package, or it is an
   * application class whose constant pool names a framework package whose interfaces a module
   * matches by super type, in a class loader that can see one of those interfaces.
   */
  boolean concerns(String internalName, byte[] classFile, ClassLoader loader) {
    if (startsWithAny(internalName, namePrefixes)) {
      return true;
    }
    if (referencedPrefixes.length == 0 || classFile == null || startsWithAny(internalName, NEVER)) {
      return false;
    }
    for (byte[] prefix : referencedPrefixes) {
      if (contains(classFile, prefix)) {
        return seesSuperTypes(loader);
      }
    }
    return false;
  }

  /**
   * True when a module's matchers could take this class once ByteBuddy's transformer exists. A
   * class a module names ({@link #NAMED_BY_MODULE}) always could. Any other could only if one of
   * its direct super types could have a framework interface in its hierarchy: its class file's
   * header tells ({@link DirectSuperTypes}; a class extending {@code Object} or a JDK type and
   * implementing only JDK interfaces cannot, and every other match is by super type). Beyond that,
   * a class in a framework's packages could; so could one that is neither the JDK's nor the agent's
   * nor a library's that implements no framework interface ({@link FrameworkFreePackages}: Jackson,
   * Kotlin, OkHttp, Spring's core, ...) when its class loader can see an interface a module matches
   * by super type (such a match can come through the application's own base class, which only
   * ByteBuddy's type pool sees). So the JDK's classes, those libraries', most of the frameworks'
   * own and of the application's, and every class of an application without LangChain4j or Spring
   * AI, skip ByteBuddy, and none of them waits for its build. {@code classFile} may be null
   * (unknown: the header is then no reason to skip).
   */
  boolean mayConcern(String internalName, ClassLoader loader, byte[] classFile) {
    if (namedTargets.contains(internalName)) {
      return true;
    }
    boolean inFramework = startsWithAny(internalName, namePrefixes);
    // By name first, with no parsing: the JDK's classes are most of what loads.
    if (!inFramework && (referencedPrefixes.length == 0 || outsideEveryFramework(internalName))) {
      return false;
    }
    if (DirectSuperTypes.allMatch(classFile, LibraryPackages::outsideEveryFramework)) {
      return false;
    }
    return inFramework || seesSuperTypes(loader);
  }

  /**
   * True for a type whose hierarchy holds no framework interface whatever the application is: the
   * JDK's, the agent's and other agents', and the framework-free libraries'. (Every module matches
   * application classes by super type only; a library's named targets lie in its packages.)
   */
  static boolean outsideEveryFramework(String internalName) {
    return startsWithAny(internalName, NEVER)
        || FrameworkFreePackages.containsInternal(internalName);
  }

  /**
   * Whether {@code loader} (or a parent) can load one of the interfaces the enabled modules match
   * by super type; asked once per class loader, by resource, without loading anything. Only the
   * JDK's class loaders and {@link URLClassLoader}s (Spring Boot's launcher's among them) are
   * trusted to answer "no" by resource: any other may define classes it has no resource for, and is
   * taken to see them.
   */
  boolean seesSuperTypes(ClassLoader loader) {
    if (loader == null || superTypeResources.isEmpty()) {
      return false;
    }
    synchronized (seesSuperTypes) {
      Boolean known = seesSuperTypes.get(loader);
      if (known != null) {
        return known;
      }
    }
    // Outside the lock: the class loader may load its own classes to answer.
    boolean sees = !answersByResource(loader);
    try {
      for (int i = 0; !sees && i < superTypeResources.size(); i++) {
        sees = loader.getResource(superTypeResources.get(i)) != null;
      }
    } catch (RuntimeException | LinkageError e) {
      sees = true;
    }
    synchronized (seesSuperTypes) {
      seesSuperTypes.put(loader, sees);
    }
    return sees;
  }

  private static boolean answersByResource(ClassLoader loader) {
    // The JDK's application and platform class loaders, by class: asking for the system class
    // loader
    // while it is being set up (a custom one) would fail.
    return loader instanceof URLClassLoader
        || loader.getClass().getName().startsWith("jdk.internal.loader.");
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
