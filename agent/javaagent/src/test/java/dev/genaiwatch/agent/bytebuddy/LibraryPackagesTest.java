package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ApplicationChatModel;
import com.example.shop.ApplicationSubTask;
import com.example.shop.ApplicationTask;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodHookModule;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LibraryPackagesTest {
  /**
   * The class names a ByteBuddy name matcher prints: {@code equals(a.B)}, {@code in([a.B, c.D])}.
   */
  private static final Pattern NAMED = Pattern.compile("[a-z][a-z0-9_]*(\\.[A-Za-z0-9_$]+)+");

  /** The type a ByteBuddy super-type matcher names: {@code hasSuperType(name(equals(a.B)))}. */
  private static final Pattern SUPER_TYPE =
      Pattern.compile("hasSuperType\\([^)]*?([a-z][a-z0-9_]*(\\.[A-Za-z0-9_$]+)+)");

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
  void everyModuleHasItsPackagesOrItsHookedClasses() {
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      assertThat(
              module instanceof MethodHookModule
                  ? LibraryPackages.HOOKED_BY_MODULE
                  : LibraryPackages.BY_MODULE)
          .as(module.name())
          .containsKey(module.name());
    }
  }

  @Test
  void everyClassAModulesMethodHooksNameIsListedAsHooked() {
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      if (!(module instanceof MethodHookModule hookModule)) {
        continue;
      }
      for (MethodHook hook : hookModule.methodHooks()) {
        assertThat(LibraryPackages.HOOKED_BY_MODULE.get(module.name()))
            .as(module.name())
            .contains(hook.internalClassName());
      }
    }
  }

  @Test
  void everyClassAModulesTypeMatchersNameLiesInItsPackages() {
    typeMatchersByModule()
        .forEach(
            (module, matchers) -> {
              List<String> prefixes = LibraryPackages.BY_MODULE.get(module);
              List<String> named =
                  matchers.stream().flatMap(matcher -> namedIn(matcher).stream()).toList();
              assertThat(named).as(module).isNotEmpty();
              assertThat(named)
                  .as(module)
                  .allSatisfy(
                      name ->
                          assertThat(prefixes)
                              .anySatisfy(prefix -> assertThat(internal(name)).startsWith(prefix)));
            });
  }

  @Test
  void everyInterfaceAModuleMatchesBySuperTypeIsListedForIt() {
    typeMatchersByModule()
        .forEach(
            (module, matchers) ->
                assertThat(
                        matchers.stream()
                            .flatMap(matcher -> superTypesIn(matcher).stream())
                            .map(LibraryPackagesTest::internal)
                            .toList())
                    .as(module)
                    .containsExactlyInAnyOrderElementsOf(
                        LibraryPackages.SUPER_TYPES_BY_MODULE.get(module)));
  }

  @Test
  void everyClassAModuleMatchesByNameIsListedForIt() {
    typeMatchersByModule()
        .forEach(
            (module, matchers) -> {
              Set<String> byName = new HashSet<>();
              for (String matcher : matchers) {
                List<String> superTypes = superTypesIn(matcher);
                for (String name : namedIn(matcher)) {
                  if (!superTypes.contains(name)) {
                    byName.add(internal(name));
                  }
                }
              }
              assertThat(byName)
                  .as(module)
                  .containsExactlyInAnyOrderElementsOf(LibraryPackages.NAMED_BY_MODULE.get(module));
            });
  }

  /** Module name → its type matchers as ByteBuddy prints them, for the modules ByteBuddy weaves. */
  private static Map<String, List<String>> typeMatchersByModule() {
    Map<String, List<String>> byModule = new HashMap<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      if (!(module instanceof MethodHookModule)) {
        byModule.put(
            module.name(),
            module.typeInstrumentations().stream()
                .map(type -> type.typeMatcher().toString())
                .toList());
      }
    }
    return byModule;
  }

  /**
   * The class names a printed matcher holds, but the agent's own matcher classes (they print as
   * their class name and name no library type).
   */
  private static List<String> namedIn(String matcher) {
    List<String> names = new ArrayList<>();
    Matcher found = NAMED.matcher(matcher);
    while (found.find()) {
      if (!found.group().startsWith("dev.genaiwatch.")) {
        names.add(found.group());
      }
    }
    return names;
  }

  /** The super types a printed matcher's {@code hasSuperType} parts name. */
  private static List<String> superTypesIn(String matcher) {
    List<String> names = new ArrayList<>();
    Matcher found = SUPER_TYPE.matcher(matcher);
    while (found.find()) {
      names.add(found.group(1));
    }
    return names;
  }

  @Test
  void aFrameworkClassWhoseDirectSuperTypesAreTheJdksNeverConcernsTheTransformer()
      throws IOException {
    assertThat(
            ALL_ENABLED.mayConcern(
                internal(ChatRequest.class), LOADER, classFile(ChatRequest.class)))
        .isFalse();
  }

  @Test
  void aFrameworkClassTakenByNameConcernsTheTransformerWhateverItsSuperTypes() throws IOException {
    String handler = "dev/langchain4j/service/DefaultAiServices$1";
    byte[] classFile;
    try (InputStream in = ClassLoader.getSystemResourceAsStream(handler + ".class")) {
      classFile = in.readAllBytes();
    }
    assertThat(DirectSuperTypes.allMatch(classFile, LibraryPackages::outsideEveryFramework))
        .isTrue();
    assertThat(ALL_ENABLED.mayConcern(handler, LOADER, classFile)).isTrue();
  }

  @Test
  void aClassLoaderSeeingLangChain4jOrSpringAiMayHoldASuperTypeMatch() {
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
  void whereNoFrameworkIsVisibleOnlyLibraryClassesMayConcernTheTransformer() {
    assertThat(ALL_ENABLED.mayConcern("com/example/shop/Main", SDK_ONLY, null)).isFalse();
    assertThat(ALL_ENABLED.mayConcern("com/fasterxml/jackson/core/JsonParser", SDK_ONLY, null))
        .isFalse();
    assertThat(
            ALL_ENABLED.mayConcern("dev/langchain4j/model/openai/OpenAiChatModel", SDK_ONLY, null))
        .isTrue();
    assertThat(ALL_ENABLED.mayConcern("com/example/shop/Main", LOADER, null)).isTrue();
    assertThat(ALL_ENABLED.mayConcern("java/util/ArrayList", LOADER, null)).isFalse();
  }

  @Test
  void aLibrarysClassThatImplementsNoFrameworkInterfaceNeverConcernsTheTransformer() {
    assertThat(ALL_ENABLED.mayConcern("com/fasterxml/jackson/core/JsonParser", LOADER, null))
        .isFalse();
    assertThat(ALL_ENABLED.mayConcern("kotlin/collections/CollectionsKt", LOADER, null)).isFalse();
    assertThat(ALL_ENABLED.mayConcern("okhttp3/internal/connection/RealCall", LOADER, null))
        .isFalse();
    assertThat(ALL_ENABLED.mayConcern("com/google/genai/types/HttpOptions", LOADER, null))
        .isFalse();
  }

  @Test
  void anApplicationClassReferencingAFrameworkItsLoaderCannotSeeConcernsNothing()
      throws IOException {
    assertThat(
            ALL_ENABLED.concerns(
                internal(ApplicationChatModel.class),
                classFile(ApplicationChatModel.class),
                SDK_ONLY))
        .isFalse();
  }

  @Test
  void aFrameworkClassAndAnApplicationClassWhereAFrameworkIsVisibleNeedTheTransformer() {
    assertThat(ALL_ENABLED.mayConcern("dev/langchain4j/model/openai/OpenAiChatModel", LOADER, null))
        .isTrue();
    assertThat(ALL_ENABLED.mayConcern("com/example/shop/Main", LOADER, null)).isTrue();
    assertThat(ALL_ENABLED.mayConcern("com/example/shop/Main", SDK_ONLY, null)).isFalse();
    assertThat(ALL_ENABLED.mayConcern("java/util/ArrayList", LOADER, null)).isFalse();
  }

  @Test
  void anApplicationClassWhoseDirectSuperTypesAreTheJdksNeverConcernsTheTransformer()
      throws IOException {
    assertThat(
            ALL_ENABLED.mayConcern(
                internal(ApplicationTask.class), LOADER, classFile(ApplicationTask.class)))
        .isFalse();
  }

  @Test
  void anApplicationClassImplementingAFrameworkInterfaceMayConcernTheTransformer()
      throws IOException {
    assertThat(
            ALL_ENABLED.mayConcern(
                internal(ApplicationChatModel.class),
                LOADER,
                classFile(ApplicationChatModel.class)))
        .isTrue();
  }

  @Test
  void anApplicationClassExtendingAnApplicationBaseClassMayConcernTheTransformer()
      throws IOException {
    // Its base class could implement a framework interface; only ByteBuddy's type pool can tell.
    assertThat(
            ALL_ENABLED.mayConcern(
                internal(ApplicationSubTask.class), LOADER, classFile(ApplicationSubTask.class)))
        .isTrue();
  }

  @Test
  void anUnreadableClassFileIsNoReasonToSkipAClass() {
    assertThat(ALL_ENABLED.mayConcern("com/example/shop/Main", LOADER, new byte[] {1, 2, 3}))
        .isTrue();
  }

  @Test
  void openAiJavasServicesAreHookedAndItsClientOptionsStartTheTelemetry() {
    assertThat(ALL_ENABLED.isHooked("com/openai/services/blocking/chat/ChatCompletionServiceImpl"))
        .isTrue();
    assertThat(ALL_ENABLED.isHooked("com/openai/core/PrepareRequest")).isTrue();
    assertThat(ALL_ENABLED.concerns("com/openai/core/ClientOptions", null, LOADER)).isFalse();
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
    LibraryPackages withoutLangChain4j =
        LibraryPackages.enabledBy(
            GenAiWatchConfig.of(
                Map.of("genai.watch.instrumentation.langchain4j.enabled", "false")));
    String langChain4jStart =
        LibraryPackages.TELEMETRY_START_BY_MODULE.get(LangChain4jInstrumentationModule.NAME);

    assertThat(ALL_ENABLED.startsTelemetry(langChain4jStart)).isTrue();
    assertThat(withoutLangChain4j.startsTelemetry(langChain4jStart)).isFalse();
  }

  @Test
  void aLibraryClassConcernsTheAgentByItsName() {
    assertThat(ALL_ENABLED.concerns("dev/langchain4j/model/chat/ChatModel", null, LOADER)).isTrue();
    assertThat(ALL_ENABLED.concerns("org/springframework/ai/chat/model/ChatModel", null, LOADER))
        .isTrue();
  }

  @Test
  void anHttpClientClassIsHookedByItsExactName() {
    assertThat(ALL_ENABLED.isHooked("okhttp3/OkHttpClient")).isTrue();
    assertThat(ALL_ENABLED.isHooked("jdk/internal/net/http/HttpClientFacade")).isTrue();
    assertThat(ALL_ENABLED.isHooked("okhttp3/Call")).isFalse();
    assertThat(ALL_ENABLED.concerns("okhttp3/OkHttpClient", null, LOADER)).isFalse();
  }

  @Test
  void googleGenAisModelsAreHookedAndItsOtherClassesConcernNothing() {
    assertThat(ALL_ENABLED.isHooked("com/google/genai/Models")).isTrue();
    assertThat(ALL_ENABLED.isHooked("com/google/genai/ResponseStream")).isTrue();
    assertThat(ALL_ENABLED.concerns("com/google/genai/types/HttpOptions", null, LOADER)).isFalse();
  }

  @Test
  void otherClassesDoNot() throws IOException {
    assertThat(ALL_ENABLED.concerns("java/lang/String", classFile(String.class), LOADER)).isFalse();
    assertThat(ALL_ENABLED.concerns("jdk/internal/misc/Unsafe", null, LOADER)).isFalse();
    assertThat(
            ALL_ENABLED.concerns(
                internal(PlainApplicationClass.class),
                classFile(PlainApplicationClass.class),
                LOADER))
        .isFalse();
  }

  @Test
  void anApplicationClassImplementingAFrameworkInterfaceConcernsTheAgentByItsConstantPool()
      throws IOException {
    assertThat(
            ALL_ENABLED.concerns(
                internal(ApplicationChatModel.class),
                classFile(ApplicationChatModel.class),
                LOADER))
        .isTrue();
  }

  @Test
  void aDisabledModulesPackagesConcernNothing() throws IOException {
    LibraryPackages withoutLangChain4j =
        LibraryPackages.enabledBy(
            GenAiWatchConfig.of(
                Map.of("genai.watch.instrumentation.langchain4j.enabled", "false")));
    assertThat(withoutLangChain4j.concerns("dev/langchain4j/model/chat/ChatModel", null, LOADER))
        .isFalse();
    assertThat(
            withoutLangChain4j.concerns(
                internal(ApplicationChatModel.class),
                classFile(ApplicationChatModel.class),
                LOADER))
        .isFalse();
    assertThat(
            withoutLangChain4j.concerns(
                "org/springframework/ai/chat/model/ChatModel", null, LOADER))
        .isTrue();
    assertThat(withoutLangChain4j.isHooked("okhttp3/OkHttpClient")).isTrue();
  }

  @Test
  void everyModuleDisabledLeavesNothingToWaitFor() {
    assertThat(LibraryPackages.enabledBy(everyModuleOff()).isEmpty()).isTrue();
  }

  static GenAiWatchConfig everyModuleOff() {
    Map<String, String> allOff = new HashMap<>();
    for (String module : LibraryPackages.BY_MODULE.keySet()) {
      allOff.put(GenAiWatchConfig.INSTRUMENTATION_PREFIX + module + ".enabled", "false");
    }
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

  static final class PlainApplicationClass {
    String greet(String name) {
      return "hello " + name;
    }
  }
}
