package dev.genaiwatch.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.instrumentation.AdvisedTypes;
import dev.genaiwatch.core.instrumentation.Implementations;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j 1.x. Model calls are instrumented where every convenience overload ends up: the
 * implementations' {@code doChat}/{@code embedAll}/{@code doEmbed}, so any provider module is
 * covered and each model call gives exactly one CLIENT span. AI services, tool executions and the
 * RAG step add the framework spans and content around them.
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

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        CHAT_MODELS,
        STREAMING_CHAT_MODELS,
        EMBEDDING_MODELS,
        AI_SERVICE_PROXIES,
        TOOL_EXECUTORS,
        RETRIEVAL_AUGMENTORS);
  }

  private static ElementMatcher.Junction<TypeDescription> implementationsOf(String type) {
    return Implementations.of(type);
  }

  private static String advice(String name) {
    return LangChain4jInstrumentationModule.class.getPackageName() + ".LangChain4jAdvice$" + name;
  }

  /** {@code doChat(ChatRequest)}: every {@code chat(...)} overload funnels into it. */
  static final TypeInstrumentation CHAT_MODELS =
      new AdvisedTypes(
          implementationsOf(CHAT_MODEL),
          named("doChat").and(takesArguments(1)).and(takesArgument(0, named(CHAT_REQUEST))),
          advice("Model"));

  /**
   * {@code doChat(ChatRequest, StreamingChatResponseHandler)}: the handler is wrapped to end the
   * span.
   */
  static final TypeInstrumentation STREAMING_CHAT_MODELS =
      new AdvisedTypes(
          implementationsOf(STREAMING_CHAT_MODEL),
          named("doChat")
              .and(takesArguments(2))
              .and(takesArgument(0, named(CHAT_REQUEST)))
              .and(takesArgument(1, named(HANDLER))),
          advice("StreamingChat"));

  /**
   * {@code embedAll(List)} (1.0) and {@code doEmbed(EmbeddingRequest)} (later 1.x, where embedAll
   * funnels into it).
   */
  static final TypeInstrumentation EMBEDDING_MODELS =
      new AdvisedTypes(
          implementationsOf(EMBEDDING_MODEL),
          namedOneOf("embedAll", "doEmbed").and(takesArguments(1)),
          advice("Model"));

  static final TypeInstrumentation AI_SERVICE_PROXIES =
      new AdvisedTypes(
          named(AI_SERVICE_HANDLER),
          named("invoke")
              .and(takesArguments(3))
              .and(takesArgument(1, named("java.lang.reflect.Method"))),
          advice("AiService"));

  /**
   * {@code execute(request, memoryId)} and (later 1.x) {@code executeWithContext(request,
   * invocationContext)}.
   */
  static final TypeInstrumentation TOOL_EXECUTORS =
      new AdvisedTypes(
          implementationsOf(TOOL_EXECUTOR),
          namedOneOf("execute", "executeWithContext")
              .and(takesArguments(2))
              .and(takesArgument(0, named(TOOL_REQUEST))),
          advice("Tool"));

  static final TypeInstrumentation RETRIEVAL_AUGMENTORS =
      new AdvisedTypes(
          implementationsOf(RETRIEVAL_AUGMENTOR),
          named("augment").and(takesArguments(1)),
          advice("Augment"));
}
