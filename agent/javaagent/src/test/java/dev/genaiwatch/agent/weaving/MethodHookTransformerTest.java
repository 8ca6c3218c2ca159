package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What decides whether a hooked class is woven: the module being on, the library version in the
 * class's class loader, and the class file being readable. Never an exception to the JVM.
 */
class MethodHookTransformerTest {
  private static final ClassLoader LOADER = MethodHookTransformerTest.class.getClassLoader();
  private static final String TARGET = "dev/genaiwatch/agent/weaving/HookedTarget";

  @Test
  void aHookedClassIsWovenWhereItsLibraryVersionIsSupported() throws Exception {
    MethodHookTransformer transformer = transformer(new TestModule("build", 0), Map.of());
    assertThat(transform(transformer, TARGET, classFile())).isNotNull();
  }

  @Test
  void anUnsupportedLibraryVersionLeavesTheClassAsItIs() throws Exception {
    MethodHookTransformer transformer = transformer(new TestModule("build", 3), Map.of());
    assertThat(transform(transformer, TARGET, classFile())).isNull();
  }

  @Test
  void otherClassesAreNotTouched() throws Exception {
    MethodHookTransformer transformer = transformer(new TestModule("build", 0), Map.of());
    assertThat(transform(transformer, "dev/genaiwatch/agent/weaving/RecordingHooks", classFile()))
        .isNull();
  }

  @Test
  void aClassFileTheWeaverCannotReadLoadsAsItIs() {
    MethodHookTransformer transformer = transformer(new TestModule("build", 0), Map.of());
    assertThat(transform(transformer, TARGET, new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2}))
        .isNull();
  }

  @Test
  void aConcreteImplementationOfAHookedInterfaceIsWovenWhereverItLives() throws Exception {
    MethodHookTransformer transformer = implementationHooks();
    assertThat(
            transform(
                transformer, "com/example/shop/ShopModel", classFile("com/example/shop/ShopModel")))
        .isNotNull();
    assertThat(
            transform(
                transformer,
                "com/example/shop/ApplicationChatModel",
                classFile("com/example/shop/ApplicationChatModel")))
        .isNotNull();
  }

  @Test
  void anAbstractImplementationIsNotWovenThoughItDeclaresTheMethod() throws Exception {
    assertThat(
            transform(
                implementationHooks(),
                "com/example/shop/AbstractShopModel",
                classFile("com/example/shop/AbstractShopModel")))
        .isNull();
  }

  @Test
  void aClassWithoutTheHookedSuperTypeIsNotWoven() throws Exception {
    assertThat(
            transform(
                implementationHooks(),
                "com/example/shop/ApplicationTask",
                classFile("com/example/shop/ApplicationTask")))
        .isNull();
  }

  /** Hooks {@code doChat} of every implementation of LangChain4j's {@code ChatModel}. */
  private static MethodHookTransformer implementationHooks() {
    MethodHook doChat =
        MethodHook.implementing(
            "dev.langchain4j.model.chat.ChatModel",
            Set.of("doChat"),
            "(",
            1,
            MethodHook.Shape.ENTER_WITH_THIS,
            RecordingHooks.class.getName(),
            "enter");
    return MethodHookTransformer.forModules(
        List.of(new HooksOnly(List.of(doChat))), GenAiWatchConfig.of(Map.of()), LOADER);
  }

  @Test
  void aModuleTheConfigurationTurnsOffHooksNothing() {
    assertThat(
            transformer(
                new TestModule("build", 0),
                Map.of("genai.watch.instrumentation.test-hooks.enabled", "false")))
        .isNull();
  }

  private static MethodHookTransformer transformer(
      TestModule module, Map<String, String> settings) {
    return MethodHookTransformer.forModules(List.of(module), GenAiWatchConfig.of(settings), LOADER);
  }

  private static byte[] transform(MethodHookTransformer transformer, String name, byte[] bytes) {
    return transformer.transform(Object.class.getModule(), LOADER, name, null, null, bytes);
  }

  private static byte[] classFile() throws IOException {
    return classFile(TARGET);
  }

  private static byte[] classFile(String internalName) throws IOException {
    try (InputStream in = LOADER.getResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  /** A module of the given hooks, requiring nothing. */
  private record HooksOnly(List<MethodHook> methodHooks) implements InstrumentationModule {
    @Override
    public String name() {
      return "test-implementation-hooks";
    }

    @Override
    public String supportedVersions() {
      return "any";
    }

    @Override
    public List<MethodReference> requiredMethods() {
      return List.of();
    }

    @Override
    public List<String> helperClassNames() {
      return List.of();
    }
  }

  /** Hooks {@code HookedTarget.build()}; requires a method of it with the given parameter count. */
  private record TestModule(String requiredMethod, int parameterCount)
      implements InstrumentationModule {
    @Override
    public String name() {
      return "test-hooks";
    }

    @Override
    public String supportedVersions() {
      return "the test's HookedTarget";
    }

    @Override
    public List<MethodReference> requiredMethods() {
      return List.of(new MethodReference(TARGET.replace('/', '.'), requiredMethod, parameterCount));
    }

    @Override
    public List<String> helperClassNames() {
      return List.of();
    }

    @Override
    public List<MethodHook> methodHooks() {
      return List.of(
          new MethodHook(
              TARGET.replace('/', '.'),
              Set.of("build"),
              "()",
              "",
              false,
              MethodHook.Shape.ENTER_WITH_THIS,
              RecordingHooks.class.getName(),
              "enter"));
    }
  }
}
