package dev.genaiwatch.instrumentation.langchain4j;

import static dev.genaiwatch.core.instrumentation.MethodHook.descriptorOf;
import static dev.genaiwatch.core.instrumentation.MethodHook.implementing;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodHook.Shape;
import java.util.List;
import java.util.Set;

/**
 * LangChain4j 1.x. Model calls are instrumented where every convenience overload ends up: the
 * implementations' {@code doChat}/{@code embedAll}/{@code doEmbed}, so any provider module is
 * covered and each model call gives exactly one CLIENT span. AI services, tool executions and the
 * RAG step add the framework spans and content around them. Woven as method hooks ({@link
 * LangChain4jHooks}) on the implementations of the framework's interfaces, found from their class
 * files' super types as they load, without ByteBuddy.
 */
public final class LangChain4jInstrumentationModule extends LibraryModule {

  public static final String NAME = "langchain4j";

  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
  static final String HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
  static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";
  static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.ToolExecutor";
  static final String TOOL_REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
  static final String RETRIEVAL_AUGMENTOR = "dev.langchain4j.rag.RetrievalAugmentor";

  /** The {@code InvocationHandler} behind every {@code AiServices} proxy. */
  static final String AI_SERVICE_HANDLER = "dev.langchain4j.service.DefaultAiServices$1";

  public LangChain4jInstrumentationModule() {
    super(NAME, "dev.langchain4j:langchain4j 1.0.0 to 1.19.0");
  }

  /**
   * Named, not referenced: the hooks are a helper, defined where the application's LangChain4j is.
   */
  static final String HOOKS = "dev.genaiwatch.instrumentation.langchain4j.LangChain4jHooks";

  /**
   * {@code doChat(ChatRequest)}, where every {@code chat(...)} overload funnels; {@code
   * doChat(ChatRequest, StreamingChatResponseHandler)}, whose handler is wrapped to end the span;
   * {@code embedAll(List)} (1.0) and {@code doEmbed(EmbeddingRequest)} (later 1.x, where embedAll
   * funnels into it); the AI service proxy's {@code invoke}; a tool executor's {@code
   * execute(request, memoryId)} and (later 1.x) {@code executeWithContext(request,
   * invocationContext)}; a retrieval augmentor's {@code augment}, whose result (what was retrieved)
   * goes on the framework span it ran in.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        implementing(
            CHAT_MODEL,
            Set.of("doChat"),
            "(" + descriptorOf(CHAT_REQUEST) + ")",
            1,
            Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
            HOOKS,
            "model"),
        implementing(
            STREAMING_CHAT_MODEL,
            Set.of("doChat"),
            "(" + descriptorOf(CHAT_REQUEST) + descriptorOf(HANDLER) + ")",
            2,
            Shape.AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS,
            HOOKS,
            "streamingChat"),
        implementing(
            EMBEDDING_MODEL,
            Set.of("embedAll", "doEmbed"),
            "(",
            1,
            Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
            HOOKS,
            "model"),
        new MethodHook(
            AI_SERVICE_HANDLER,
            Set.of("invoke"),
            "(Ljava/lang/Object;Ljava/lang/reflect/Method;",
            "",
            false,
            Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED,
            HOOKS,
            "aiService",
            3,
            true),
        implementing(
            TOOL_EXECUTOR,
            Set.of("execute", "executeWithContext"),
            "(" + descriptorOf(TOOL_REQUEST),
            2,
            Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
            HOOKS,
            "tool"),
        implementing(
            RETRIEVAL_AUGMENTOR,
            Set.of("augment"),
            "(",
            1,
            Shape.EXIT_WITH_RETURNED,
            HOOKS,
            "augmented"));
  }
}
