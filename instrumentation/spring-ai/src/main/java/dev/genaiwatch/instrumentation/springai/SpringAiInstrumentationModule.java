package dev.genaiwatch.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.instrumentation.AdvisedTypes;
import dev.genaiwatch.core.instrumentation.Implementations;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation.AdviceBinding;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring AI 1.1 and 2.0. Model calls are instrumented on every {@code ChatModel}/{@code
 * EmbeddingModel} implementation, so any provider module is covered; {@code ChatClient} calls, RAG
 * advisors and tool executions add the framework spans and content around them. Only {@code
 * spring-ai-model} (and the Reactor it depends on) is required; {@code ChatClient} and the advisors
 * are matched by name when present.
 */
public final class SpringAiInstrumentationModule extends LibraryModule {
  public static final String NAME = "spring-ai";

  static final String CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";
  static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";
  static final String CHAT_RESPONSE = "org.springframework.ai.chat.model.ChatResponse";
  static final String EMBEDDING_MODEL = "org.springframework.ai.embedding.EmbeddingModel";
  static final String EMBEDDING_REQUEST = "org.springframework.ai.embedding.EmbeddingRequest";
  static final String TOOL_CALLING_MANAGER = "org.springframework.ai.model.tool.ToolCallingManager";
  static final String TOOL_CALLBACK = "org.springframework.ai.tool.ToolCallback";
  static final String CALL_RESPONSE_SPEC =
      "org.springframework.ai.chat.client.ChatClient$CallResponseSpec";
  static final String STREAM_RESPONSE_SPEC =
      "org.springframework.ai.chat.client.ChatClient$StreamResponseSpec";
  static final List<String> RAG_ADVISORS =
      List.of(
          "org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor",
          "org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor");

  public SpringAiInstrumentationModule() {
    super(NAME, "org.springframework.ai:spring-ai-model 1.1.0 to 2.0.1");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        CHAT_MODELS,
        EMBEDDING_MODELS,
        TOOL_CALLING_MANAGERS,
        TOOL_CALLBACKS,
        CHAT_CLIENT_CALLS,
        CHAT_CLIENT_STREAMS,
        RAG_ADVISOR_TYPES);
  }

  private static ElementMatcher.Junction<TypeDescription> implementationsOf(String type) {
    return Implementations.of(type);
  }

  private static String advice(String name) {
    return SpringAiInstrumentationModule.class.getPackageName() + ".SpringAiAdvice$" + name;
  }

  /** {@code name(argumentType)}, not the compiler's bridge for a generic interface method. */
  private static ElementMatcher.Junction<MethodDescription> oneArgument(
      String name, String argumentType) {
    return named(name)
        .and(takesArguments(1))
        .and(takesArgument(0, named(argumentType)))
        .and(not(isBridge()));
  }

  /** {@code name(Prompt, ChatResponse)}: a step of a tool loop, given the response before it. */
  private static ElementMatcher.Junction<MethodDescription> promptAndResponse(String name) {
    return named(name)
        .and(takesArguments(2))
        .and(takesArgument(0, named(PROMPT)))
        .and(takesArgument(1, named(CHAT_RESPONSE)));
  }

  /**
   * {@code call(Prompt)} and {@code stream(Prompt)}; also 1.1's {@code internalCall(Prompt,
   * ChatResponse)} and {@code internalStream(Prompt, ChatResponse)}, which the provider calls again
   * for the round after a tool execution (each round is one model call).
   */
  static final TypeInstrumentation CHAT_MODELS =
      new AdvisedTypes(
          implementationsOf(CHAT_MODEL),
          List.of(
              new AdviceBinding(
                  oneArgument("call", PROMPT).or(promptAndResponse("internalCall")),
                  advice("ModelCall")),
              new AdviceBinding(
                  oneArgument("stream", PROMPT).or(promptAndResponse("internalStream")),
                  advice("Stream"))));

  static final TypeInstrumentation EMBEDDING_MODELS =
      new AdvisedTypes(
          implementationsOf(EMBEDDING_MODEL),
          oneArgument("call", EMBEDDING_REQUEST),
          advice("ModelCall"));

  static final TypeInstrumentation TOOL_CALLING_MANAGERS =
      new AdvisedTypes(
          implementationsOf(TOOL_CALLING_MANAGER),
          promptAndResponse("executeToolCalls"),
          advice("ToolRound"));

  static final TypeInstrumentation TOOL_CALLBACKS =
      new AdvisedTypes(
          implementationsOf(TOOL_CALLBACK),
          named("call")
              .and(takesArgument(0, String.class))
              .and(takesArguments(1).or(takesArguments(2)))
              .and(not(isBridge())),
          advice("Tool"));

  static final TypeInstrumentation CHAT_CLIENT_CALLS =
      new AdvisedTypes(
          implementationsOf(CALL_RESPONSE_SPEC),
          isPublic()
              .and(not(isBridge()))
              .and(
                  namedOneOf(
                      "content", "chatResponse", "chatClientResponse", "entity", "responseEntity")),
          advice("ClientCall"));

  static final TypeInstrumentation CHAT_CLIENT_STREAMS =
      new AdvisedTypes(
          implementationsOf(STREAM_RESPONSE_SPEC),
          isPublic()
              .and(not(isBridge()))
              .and(takesArguments(0))
              .and(namedOneOf("content", "chatResponse", "chatClientResponse")),
          advice("ClientStream"));

  static final TypeInstrumentation RAG_ADVISOR_TYPES =
      new AdvisedTypes(
          namedOneOf(RAG_ADVISORS.toArray(new String[0])),
          named("before").and(takesArguments(2)),
          advice("Advised"));
}
