package dev.genaiwatch.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.InstrumentationModuleContract;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.Test;

class LangChain4jInstrumentationModuleTest extends InstrumentationModuleContract {
  @Override
  protected InstrumentationModule module() {
    return new LangChain4jInstrumentationModule();
  }

  @Test
  void requiredMethodsNeedOnlyLangChain4jCoreSoProviderOnlyAppsAreCovered() {
    assertThat(module().requiredMethods())
        .allMatch(ref -> !ref.className().startsWith("dev.langchain4j.service."));
  }

  @Test
  void chatModelHooksGoOnDoChatOnly() throws Exception {
    assertThat(hookedMethods(OpenAiChatModel.class))
        .containsExactly("doChat(dev.langchain4j.model.chat.request.ChatRequest)");
  }

  @Test
  void streamingChatModelHooksGoOnDoChatWithItsHandler() throws Exception {
    assertThat(hookedMethods(OpenAiStreamingChatModel.class))
        .containsExactly(
            "doChat(dev.langchain4j.model.chat.request.ChatRequest,"
                + "dev.langchain4j.model.chat.response.StreamingChatResponseHandler)");
  }

  @Test
  void embeddingModelHooksGoOnTheMethodEveryEmbeddingCallEndsIn() throws Exception {
    assertThat(hookedMethods(OpenAiEmbeddingModel.class))
        .isNotEmpty()
        .allMatch(m -> m.startsWith("embedAll(") || m.startsWith("doEmbed("));
  }

  @Test
  void theAiServiceProxyHandlerIsHookedByName() throws Exception {
    assertThat(hookedMethods(Class.forName(LangChain4jInstrumentationModule.AI_SERVICE_HANDLER)))
        .containsExactly("invoke(java.lang.Object,java.lang.reflect.Method,[Ljava.lang.Object;)");
  }
}
