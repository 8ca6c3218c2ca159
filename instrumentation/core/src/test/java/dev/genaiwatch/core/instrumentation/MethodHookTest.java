package dev.genaiwatch.core.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.core.instrumentation.MethodHook.Shape;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodHookTest {
  private static MethodHook hook(Set<String> names, boolean isStatic, Shape shape) {
    return new MethodHook(
        "okhttp3.OkHttpClient", names, "(Lokhttp3/Request;)", "", isStatic, shape, "a.Hooks", "h");
  }

  @Test
  void appliesToAPublicMethodOfItsNameKindAndDescriptor() {
    MethodHook newCall = hook(Set.of("newCall"), false, Shape.EXIT_WITH_RETURNED);
    assertThat(newCall.appliesTo(true, false, "newCall", "(Lokhttp3/Request;)Lokhttp3/Call;"))
        .isTrue();
    assertThat(newCall.appliesTo(false, false, "newCall", "(Lokhttp3/Request;)Lokhttp3/Call;"))
        .as("not public")
        .isFalse();
    assertThat(newCall.appliesTo(true, true, "newCall", "(Lokhttp3/Request;)Lokhttp3/Call;"))
        .as("static")
        .isFalse();
    assertThat(newCall.appliesTo(true, false, "newCall", "(Ljava/lang/String;)Lokhttp3/Call;"))
        .as("other parameters")
        .isFalse();
    assertThat(newCall.appliesTo(true, false, "newWebSocket", "(Lokhttp3/Request;)V"))
        .as("other name")
        .isFalse();
  }

  @Test
  void theInternalClassNameIsWhatTransformersAreGiven() {
    assertThat(hook(Set.of("newCall"), false, Shape.EXIT_WITH_RETURNED).internalClassName())
        .isEqualTo("okhttp3/OkHttpClient");
  }

  @Test
  void aStaticMethodCannotGiveItsInstance() {
    assertThatThrownBy(() -> hook(Set.of("create"), true, Shape.ENTER_WITH_THIS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aConstructorCannotGiveItsInstanceNorBeWrapped() {
    assertThatThrownBy(() -> hook(Set.of("<init>"), false, Shape.ENTER_WITH_THIS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> hook(Set.of("<init>"), false, Shape.AROUND_REPLACING_FIRST_TWO_ARGUMENTS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(hook(Set.of("<init>"), false, Shape.ENTER_WITH_FIRST_ARGUMENT).methodNames())
        .containsExactly("<init>");
  }

  @Test
  void anArgumentCountRestrictsTheMethodsByTheirNumberOfArguments() {
    MethodHook create =
        new MethodHook(
            "com.openai.services.blocking.EmbeddingServiceImpl",
            Set.of("create"),
            "(",
            "",
            false,
            Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
            "a.Hooks",
            "create",
            2);
    assertThat(create.appliesTo(true, false, "create", "(La/Params;La/Options;)La/Result;"))
        .isTrue();
    assertThat(create.appliesTo(true, false, "create", "(La/Params;)La/Result;")).isFalse();
    assertThat(create.appliesTo(true, false, "create", "(JLa/Params;[[I)La/Result;")).isFalse();
    assertThat(create.appliesTo(true, false, "create", "([JD)La/Result;")).isTrue();
  }

  @Test
  void aStaticMethodOrAConstructorCannotBeWrappedWithItsInstance() {
    assertThatThrownBy(
            () -> hook(Set.of("create"), true, Shape.AROUND_WITH_THIS_REPLACING_RETURNED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> hook(Set.of("<init>"), false, Shape.AROUND_WITH_THIS_REPLACING_RETURNED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInternalCallAppliesToTheMethodWhateverItsVisibility() {
    MethodHook generate =
        MethodHook.internalCall("com.google.genai.Models", "privateGenerateContent", 3, "a.H", "g");
    String desc = "(Ljava/lang/String;Ljava/util/List;La/Config;)La/Response;";
    assertThat(generate.appliesTo(false, false, "privateGenerateContent", desc)).isTrue();
    assertThat(generate.appliesTo(true, false, "privateGenerateContent", desc)).isTrue();
    assertThat(
            generate.appliesTo(false, false, "privateGenerateContent", "(Ljava/lang/String;)La/R;"))
        .as("other argument count")
        .isFalse();
    assertThat(generate.shape()).isEqualTo(Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED);
  }

  @Test
  void aHookIncludingNonPublicMethodsIsOtherwiseTheSame() {
    MethodHook newCall = hook(Set.of("newCall"), false, Shape.EXIT_WITH_RETURNED);
    MethodHook anyVisibility = newCall.includingNonPublic();
    String desc = "(Lokhttp3/Request;)Lokhttp3/Call;";
    assertThat(anyVisibility.appliesTo(false, false, "newCall", desc)).isTrue();
    assertThat(anyVisibility.appliesTo(false, true, "newCall", desc)).isFalse();
    assertThat(anyVisibility.methodNames()).isEqualTo(newCall.methodNames());
    assertThat(anyVisibility.shape()).isEqualTo(newCall.shape());
  }

  @Test
  void anExitHookWithTheInstanceCannotHookAStaticMethod() {
    assertThatThrownBy(() -> hook(Set.of("create"), true, Shape.EXIT_WITH_THIS_REPLACING_RETURNED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
