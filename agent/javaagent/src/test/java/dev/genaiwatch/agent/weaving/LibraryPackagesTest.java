package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ApplicationChatModel;
import com.example.shop.ApplicationSubTask;
import com.example.shop.ApplicationTask;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.langchain4j.LangChain4jInstrumentationModule;
import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibraryPackagesTest {
  private static final ClassLoader LOADER = LibraryPackagesTest.class.getClassLoader();

  /** Sees neither LangChain4j nor Spring AI, which the test's own class loader sees. */
  private static final ClassLoader SDK_ONLY = new URLClassLoader(new URL[0], null);

  /** The HTTP clients, woven at the wire level: their classes are no sign of a model call. */
  private static final Set<String> WIRE_LEVEL =
      Set.of(
          JdkHttpClientInstrumentationModule.NAME,
          OkHttpInstrumentationModule.NAME,
          ApacheHttpClientInstrumentationModule.NAME,
          ReactorNettyInstrumentationModule.NAME);

  private static final LibraryPackages ALL_ENABLED =
      LibraryPackages.enabledBy(GenAiWatchConfig.of(Map.of()));

  @Test
  void everyModuleHasItsHookedClassesListed() {
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      assertThat(LibraryPackages.HOOKED_BY_MODULE).as(module.name()).containsKey(module.name());
    }
  }

  @Test
  void everyClassAModulesMethodHooksNameIsListedAsHooked() {
    Map<String, Set<String>> named = hookedClassesByModule(false);
    named.forEach(
        (module, classes) ->
            assertThat(LibraryPackages.HOOKED_BY_MODULE.get(module))
                .as(module)
                .containsExactlyInAnyOrderElementsOf(classes));
  }

  @Test
  void everySuperTypeWhoseImplementationsAModuleHooksIsListedForIt() {
    Map<String, Set<String>> superTypes = hookedClassesByModule(true);
    assertThat(superTypes.keySet())
        .containsExactlyInAnyOrderElementsOf(LibraryPackages.SUPER_TYPES_BY_MODULE.keySet());
    superTypes.forEach(
        (module, types) ->
            assertThat(LibraryPackages.SUPER_TYPES_BY_MODULE.get(module))
                .as(module)
                .containsExactlyInAnyOrderElementsOf(types));
  }

  /** Module name → the internal names its hooks name, as classes or as super types. */
  private static Map<String, Set<String>> hookedClassesByModule(boolean onImplementations) {
    Map<String, Set<String>> byModule = new HashMap<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      for (MethodHook hook : module.methodHooks()) {
        if (hook.onImplementations() == onImplementations) {
          byModule
              .computeIfAbsent(module.name(), m -> new HashSet<>())
              .add(hook.internalClassName());
        }
      }
    }
    return byModule;
  }

  @Test
  void aFrameworkClassWhoseDirectSuperTypesAreTheJdksCannotImplementAHookedSuperType()
      throws IOException {
    assertThat(
            ALL_ENABLED.mayImplementHookedSuperType(
                internal(ChatRequest.class), LOADER, classFile(ChatRequest.class)))
        .isFalse();
  }

  @Test
  void aClassLoaderSeeingLangChain4jOrSpringAiMayHoldAnImplementation() {
    assertThat(ALL_ENABLED.seesSuperTypes(LOADER)).isTrue();
    assertThat(ALL_ENABLED.seesSuperTypes(SDK_ONLY)).isFalse();
    assertThat(ALL_ENABLED.seesSuperTypes(null)).isFalse();
  }

  @Test
  void aClassLoaderThatCannotAnswerByResourceIsTakenToSeeTheFrameworks() {
    ClassLoader opaque = new ClassLoader(null) {};
    assertThat(ALL_ENABLED.seesSuperTypes(opaque)).isTrue();
  }

  @Test
  void whereNoFrameworkIsVisibleNoClassMayImplementAHookedSuperType() throws IOException {
    assertThat(ALL_ENABLED.mayImplementHookedSuperType("com/example/shop/Main", SDK_ONLY, null))
        .isFalse();
    assertThat(
            ALL_ENABLED.mayImplementHookedSuperType(
                internal(ApplicationChatModel.class),
                SDK_ONLY,
                classFile(ApplicationChatModel.class)))
        .isFalse();
    assertThat(ALL_ENABLED.mayImplementHookedSuperType("com/example/shop/Main", LOADER, null))
        .isTrue();
  }

  @Test
  void theJdksAndFrameworkFreeLibrariesClassesNeverImplementAHookedSuperType() {
    for (String type :
        List.of(
            "java/util/ArrayList",
            "com/fasterxml/jackson/core/JsonParser",
            "kotlin/collections/CollectionsKt",
            "okhttp3/internal/connection/RealCall",
            "com/google/genai/types/HttpOptions",
            "dev/genaiwatch/core/GenAiWatch")) {
      assertThat(ALL_ENABLED.mayImplementHookedSuperType(type, LOADER, null)).as(type).isFalse();
    }
  }

  @Test
  void anApplicationClassWhoseDirectSuperTypesAreTheJdksCannotImplementAHookedSuperType()
      throws IOException {
    assertThat(
            ALL_ENABLED.mayImplementHookedSuperType(
                internal(ApplicationTask.class), LOADER, classFile(ApplicationTask.class)))
        .isFalse();
  }

  @Test
  void anApplicationClassImplementingAFrameworkInterfaceMayImplementAHookedSuperType()
      throws IOException {
    assertThat(
            ALL_ENABLED.mayImplementHookedSuperType(
                internal(ApplicationChatModel.class),
                LOADER,
                classFile(ApplicationChatModel.class)))
        .isTrue();
  }

  @Test
  void anApplicationClassExtendingAnApplicationBaseClassMayImplementAHookedSuperType()
      throws IOException {
    // Its base class could implement a framework interface: SuperTypeIndex reads it to tell.
    assertThat(
            ALL_ENABLED.mayImplementHookedSuperType(
                internal(ApplicationSubTask.class), LOADER, classFile(ApplicationSubTask.class)))
        .isTrue();
  }

  @Test
  void anUnreadableClassFileIsNoReasonToSkipAClass() {
    assertThat(
            ALL_ENABLED.mayImplementHookedSuperType(
                "com/example/shop/Main", LOADER, new byte[] {1, 2, 3}))
        .isTrue();
  }

  @Test
  void openAiJavasServicesAreHookedAndItsClientOptionsStartTheTelemetry() {
    assertThat(ALL_ENABLED.isHooked("com/openai/services/blocking/chat/ChatCompletionServiceImpl"))
        .isTrue();
    assertThat(ALL_ENABLED.isHooked("com/openai/core/PrepareRequest")).isTrue();
    assertThat(ALL_ENABLED.isHooked("com/openai/core/ClientOptions")).isFalse();
    assertThat(ALL_ENABLED.startsTelemetry("com/openai/core/ClientOptions")).isTrue();
    assertThat(ALL_ENABLED.startsTelemetry("com/openai/core/PrepareRequest")).isFalse();
  }

  @Test
  void everyModelLibraryStartsTheTelemetryOnTheFirstClassItsModuleRequires() {
    List<String> checked = new ArrayList<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      if (WIRE_LEVEL.contains(module.name())) {
        continue;
      }
      assertThat(LibraryPackages.TELEMETRY_START_BY_MODULE)
          .as(module.getClass().getSimpleName())
          .containsEntry(module.name(), internal(module.requiredMethods().get(0).className()));
      checked.add(module.name());
    }
    assertThat(checked).containsAll(LibraryPackages.TELEMETRY_START_BY_MODULE.keySet());
  }

  @Test
  void anHttpClientStartsNoTelemetry() {
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      if (WIRE_LEVEL.contains(module.name())) {
        assertThat(LibraryPackages.TELEMETRY_START_BY_MODULE).doesNotContainKey(module.name());
        for (String hooked : LibraryPackages.HOOKED_BY_MODULE.get(module.name())) {
          assertThat(ALL_ENABLED.startsTelemetry(hooked)).as(hooked).isFalse();
        }
      }
    }
  }

  @Test
  void aDisabledLibraryStartsNoTelemetry() {
    LibraryPackages withoutLangChain4j = withoutLangChain4j();
    String langChain4jStart =
        LibraryPackages.TELEMETRY_START_BY_MODULE.get(LangChain4jInstrumentationModule.NAME);

    assertThat(ALL_ENABLED.startsTelemetry(langChain4jStart)).isTrue();
    assertThat(withoutLangChain4j.startsTelemetry(langChain4jStart)).isFalse();
  }

  @Test
  void anHttpClientClassIsHookedByItsExactName() {
    assertThat(ALL_ENABLED.isHooked("okhttp3/OkHttpClient")).isTrue();
    assertThat(ALL_ENABLED.isHooked("jdk/internal/net/http/HttpClientFacade")).isTrue();
    assertThat(ALL_ENABLED.isHooked("okhttp3/Call")).isFalse();
  }

  @Test
  void langChain4jsAiServiceHandlerIsHookedByName() {
    assertThat(ALL_ENABLED.isHooked("dev/langchain4j/service/DefaultAiServices$1")).isTrue();
    assertThat(withoutLangChain4j().isHooked("dev/langchain4j/service/DefaultAiServices$1"))
        .isFalse();
  }

  @Test
  void aDisabledModulesHooksAndSuperTypesConcernNothing() throws IOException {
    LibraryPackages withoutFrameworks =
        LibraryPackages.enabledBy(
            GenAiWatchConfig.of(
                Map.of(
                    "genai.watch.instrumentation.langchain4j.enabled", "false",
                    "genai.watch.instrumentation.spring-ai.enabled", "false")));
    assertThat(
            withoutFrameworks.mayImplementHookedSuperType(
                internal(ApplicationChatModel.class),
                LOADER,
                classFile(ApplicationChatModel.class)))
        .isFalse();
    assertThat(withoutFrameworks.isHooked("okhttp3/OkHttpClient")).isTrue();
  }

  @Test
  void everyModuleDisabledLeavesNothingToWaitFor() {
    assertThat(LibraryPackages.enabledBy(everyModuleOff()).isEmpty()).isTrue();
  }

  private static LibraryPackages withoutLangChain4j() {
    return LibraryPackages.enabledBy(
        GenAiWatchConfig.of(Map.of("genai.watch.instrumentation.langchain4j.enabled", "false")));
  }

  static GenAiWatchConfig everyModuleOff() {
    Map<String, String> allOff = new HashMap<>();
    for (String module : LibraryPackages.HOOKED_BY_MODULE.keySet()) {
      allOff.put(GenAiWatchConfig.INSTRUMENTATION_PREFIX + module + ".enabled", "false");
    }
    return GenAiWatchConfig.of(allOff);
  }

  static String internal(String className) {
    return className.replace('.', '/');
  }

  static String internal(Class<?> type) {
    return internal(type.getName());
  }

  static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(internal(type) + ".class")) {
      return in.readAllBytes();
    }
  }
}
