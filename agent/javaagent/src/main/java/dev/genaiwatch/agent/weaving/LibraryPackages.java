package dev.genaiwatch.agent.weaving;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which classes being loaded can concern an enabled instrumentation module, decided from the
 * class's name and bytes alone, without loading any module class (only their name constants, which
 * the compiler inlines). Every module is woven by method hooks: most name their classes exactly
 * ({@link #HOOKED_BY_MODULE}); the frameworks' (LangChain4j, Spring AI) also hook the
 * implementations of their interfaces ({@link #SUPER_TYPES_BY_MODULE}), wherever those live, the
 * application's own classes included. {@code LibraryPackagesTest} checks both tables against the
 * modules' hooks.
 */
final class LibraryPackages {
  /** Module name → the internal names of the classes its {@code MethodHook}s name. */
  static final Map<String, List<String>> HOOKED_BY_MODULE = hookedByModule();

  /**
   * Module name → the interfaces (internal names) whose implementations its hooks go into ({@code
   * MethodHook.onImplementations}). A class loader that can see none of them holds no such class.
   */
  static final Map<String, List<String>> SUPER_TYPES_BY_MODULE = superTypesByModule();

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
   * Packages (internal-name prefixes) whose classes never implement a framework interface a module
   * hooks: the JDK (its HTTP client is hooked by name, which this list does not govern), ourselves,
   * other agents. Looking into them gains nothing and risks circularity (an agent's own classes
   * being woven while it runs).
   */
  private static final String[] NEVER = {
    "java/",
    "javax/",
    "jdk/",
    "sun/",
    "com/sun/",
    // The agent's own packages by name, not "dev/genaiwatch/": an application in that namespace
    // (the testapp the benchmarks and tests run) must be matched as any application is.
    "dev/genaiwatch/agent/",
    "dev/genaiwatch/bootstrap/",
    "dev/genaiwatch/core/",
    "dev/genaiwatch/instrumentation/",
    "dev/genaiwatch/shaded/",
    unshaded("net", "bytebuddy"),
    unshaded("io", "opentelemetry", "javaagent"),
    "datadog/",
    "co/elastic/apm/",
    "com/newrelic/",
    "org/glowroot/"
  };

  private final Set<String> hookedClasses;
  private final Set<String> telemetryStarts;
  private final List<String> superTypeResources;
  // Guarded by itself; weak keys, so an application's class loader is not kept alive.
  private final Map<ClassLoader, Boolean> seesSuperTypes = new WeakHashMap<>();

  private LibraryPackages(
      Set<String> hookedClasses, Set<String> telemetryStarts, List<String> superTypes) {
    this.hookedClasses = hookedClasses;
    this.telemetryStarts = telemetryStarts;
    this.superTypeResources = superTypes.stream().map(t -> t + ".class").toList();
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
    // The frameworks' classes hooked by name rather than as implementations: LangChain4j's
    // AI-service proxy handler implements only the JDK's InvocationHandler.
    classes.put(
        LangChain4jInstrumentationModule.NAME,
        List.of("dev/langchain4j/service/DefaultAiServices$1"));
    classes.put(
        SpringAiInstrumentationModule.NAME,
        List.of(
            "org/springframework/ai/chat/client/advisor/vectorstore/QuestionAnswerAdvisor",
            "org/springframework/ai/rag/advisor/RetrievalAugmentationAdvisor"));
    return Map.copyOf(classes);
  }

  /** The classes and super types of the modules the configuration leaves on. */
  static LibraryPackages enabledBy(GenAiWatchConfig config) {
    List<String> superTypes = new ArrayList<>();
    SUPER_TYPES_BY_MODULE.forEach(
        (module, types) -> {
          if (config.instrumentationEnabled(module)) {
            superTypes.addAll(types);
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
    return new LibraryPackages(Set.copyOf(hooked), Set.copyOf(telemetryStarts), superTypes);
  }

  /** True when no enabled module waits for any class. */
  boolean isEmpty() {
    return hookedClasses.isEmpty() && superTypeResources.isEmpty();
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
   * True when the class could implement an interface an enabled module hooks the implementations
   * of, by what can be told without reading another class file: it is neither the JDK's nor the
   * agent's nor a framework-free library's ({@link FrameworkFreePackages}: Jackson, Kotlin, OkHttp,
   * Spring's core, ...), one of its direct super types is neither ({@link DirectSuperTypes}: a
   * class extending {@code Object} and implementing only JDK interfaces cannot), and its class
   * loader can see one of those interfaces. Only such a class has its super types read ({@code
   * SuperTypeIndex}); so the JDK's classes, those libraries', most of the application's, and every
   * class of an application without LangChain4j or Spring AI cost a name comparison or a header
   * read. {@code classFile} may be null (unknown: the header is then no reason to skip).
   */
  boolean mayImplementHookedSuperType(String internalName, ClassLoader loader, byte[] classFile) {
    if (superTypeResources.isEmpty() || outsideEveryFramework(internalName)) {
      return false;
    }
    if (DirectSuperTypes.allMatch(classFile, LibraryPackages::outsideEveryFramework)) {
      return false;
    }
    return seesSuperTypes(loader);
  }

  /**
   * True for a type whose hierarchy holds no framework interface whatever the application is: the
   * JDK's, the agent's and other agents', and the framework-free libraries'.
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

  /**
   * A package prefix (internal name) built at run time: the agent jar's shading rewrites string
   * constants that look like relocated packages, and these must name the application's (or the
   * upstream agent's) packages, not ours.
   */
  static String unshaded(String... packageParts) {
    return String.join("/", packageParts) + "/";
  }
}
