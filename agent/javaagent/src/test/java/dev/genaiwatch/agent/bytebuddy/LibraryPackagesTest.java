package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ApplicationChatModel;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodHookModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LibraryPackagesTest {
  /**
   * The class names a ByteBuddy name matcher prints: {@code equals(a.B)}, {@code in([a.B, c.D])}.
   */
  private static final Pattern NAMED = Pattern.compile("[a-z][a-z0-9_]*(\\.[A-Za-z0-9_$]+)+");

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
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      if (module instanceof MethodHookModule) {
        continue;
      }
      List<String> prefixes = LibraryPackages.BY_MODULE.get(module.name());
      List<String> named = new ArrayList<>();
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        Matcher names = NAMED.matcher(type.typeMatcher().toString());
        while (names.find()) {
          // The agent's own matcher classes print as their class name; they name no library type.
          if (!names.group().startsWith("dev.genaiwatch.")) {
            named.add(names.group());
          }
        }
      }
      assertThat(named).as(module.name()).isNotEmpty();
      assertThat(named)
          .as(module.name())
          .allSatisfy(
              name ->
                  assertThat(prefixes)
                      .anySatisfy(prefix -> assertThat(internal(name)).startsWith(prefix)));
    }
  }

  @Test
  void aLibraryClassConcernsTheAgentByItsName() {
    assertThat(ALL_ENABLED.concerns("com/openai/core/ClientOptions", null)).isTrue();
    assertThat(ALL_ENABLED.concerns("dev/langchain4j/model/chat/ChatModel", null)).isTrue();
  }

  @Test
  void anHttpClientClassIsHookedByItsExactName() {
    assertThat(ALL_ENABLED.isHooked("okhttp3/OkHttpClient")).isTrue();
    assertThat(ALL_ENABLED.isHooked("jdk/internal/net/http/HttpClientFacade")).isTrue();
    assertThat(ALL_ENABLED.isHooked("okhttp3/Call")).isFalse();
    assertThat(ALL_ENABLED.concerns("okhttp3/OkHttpClient", null)).isFalse();
  }

  @Test
  void otherClassesDoNot() throws IOException {
    assertThat(ALL_ENABLED.concerns("java/lang/String", classFile(String.class))).isFalse();
    assertThat(ALL_ENABLED.concerns("jdk/internal/misc/Unsafe", null)).isFalse();
    assertThat(
            ALL_ENABLED.concerns(
                internal(PlainApplicationClass.class), classFile(PlainApplicationClass.class)))
        .isFalse();
  }

  @Test
  void anApplicationClassImplementingAFrameworkInterfaceConcernsTheAgentByItsConstantPool()
      throws IOException {
    assertThat(
            ALL_ENABLED.concerns(
                internal(ApplicationChatModel.class), classFile(ApplicationChatModel.class)))
        .isTrue();
  }

  @Test
  void aDisabledModulesPackagesConcernNothing() throws IOException {
    LibraryPackages withoutLangChain4j =
        LibraryPackages.enabledBy(
            GenAiWatchConfig.of(
                Map.of("genai.watch.instrumentation.langchain4j.enabled", "false")));
    assertThat(withoutLangChain4j.concerns("dev/langchain4j/model/chat/ChatModel", null)).isFalse();
    assertThat(
            withoutLangChain4j.concerns(
                internal(ApplicationChatModel.class), classFile(ApplicationChatModel.class)))
        .isFalse();
    assertThat(withoutLangChain4j.concerns("com/openai/core/ClientOptions", null)).isTrue();
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
