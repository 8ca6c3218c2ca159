package dev.genaiwatch.instrumentation.springai;

import static dev.genaiwatch.core.instrumentation.MethodHook.descriptorOf;
import static dev.genaiwatch.core.instrumentation.MethodHook.implementing;

import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodHook.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Spring AI 1.1 and 2.0. Model calls are instrumented on every {@code ChatModel}/{@code
 * EmbeddingModel} implementation, so any provider module is covered; {@code ChatClient} calls, RAG
 * advisors and tool executions add the framework spans and content around them. Only {@code
 * spring-ai-model} (and the Reactor it depends on) is required; {@code ChatClient} and the advisors
 * are matched by name when present. Woven as method hooks ({@link SpringAiHooks}) on the
 * implementations of the framework's interfaces, found from their class files' super types as they
 * load, without ByteBuddy.
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

  /**
   * Named, not referenced: the hooks are a helper, defined where the application's Spring AI is.
   */
  static final String HOOKS = "dev.genaiwatch.instrumentation.springai.SpringAiHooks";

  private static final String PROMPT_ARGUMENT = "(" + descriptorOf(PROMPT);
  private static final String PROMPT_AND_RESPONSE =
      PROMPT_ARGUMENT + descriptorOf(CHAT_RESPONSE) + ")";

  /**
   * On the implementations of {@code ChatModel}: {@code call(Prompt)} and {@code stream(Prompt)};
   * also 1.1's {@code internalCall(Prompt, ChatResponse)} and {@code internalStream(Prompt,
   * ChatResponse)}, which the provider calls again for the round after a tool execution (each round
   * is one model call). {@code EmbeddingModel.call(EmbeddingRequest)}; {@code
   * ToolCallingManager.executeToolCalls(Prompt, ChatResponse)}; {@code ToolCallback.call(String)}
   * and {@code call(String, ToolContext)}; the public terminal methods of {@code ChatClient}'s
   * response specs; a RAG advisor's {@code before(request, chain)}, by class name.
   */
  @Override
  public List<MethodHook> methodHooks() {
    Shape aroundAll = Shape.AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED;
    Shape aroundFirst = Shape.AROUND_WITH_THIS_REPLACING_RETURNED;
    List<MethodHook> hooks = new ArrayList<>();
    hooks.add(
        implementing(
            CHAT_MODEL, Set.of("call"), PROMPT_ARGUMENT + ")", 1, aroundAll, HOOKS, "modelCall"));
    hooks.add(
        implementing(
            CHAT_MODEL,
            Set.of("internalCall"),
            PROMPT_AND_RESPONSE,
            2,
            aroundAll,
            HOOKS,
            "modelCall"));
    hooks.add(
        implementing(
            CHAT_MODEL, Set.of("stream"), PROMPT_ARGUMENT + ")", 1, aroundAll, HOOKS, "stream"));
    hooks.add(
        implementing(
            CHAT_MODEL,
            Set.of("internalStream"),
            PROMPT_AND_RESPONSE,
            2,
            aroundAll,
            HOOKS,
            "stream"));
    hooks.add(
        implementing(
            EMBEDDING_MODEL,
            Set.of("call"),
            "(" + descriptorOf(EMBEDDING_REQUEST) + ")",
            1,
            aroundAll,
            HOOKS,
            "modelCall"));
    hooks.add(
        implementing(
            TOOL_CALLING_MANAGER,
            Set.of("executeToolCalls"),
            PROMPT_AND_RESPONSE,
            2,
            aroundAll,
            HOOKS,
            "toolRound"));
    for (int arguments = 1; arguments <= 2; arguments++) {
      hooks.add(
          implementing(
              TOOL_CALLBACK,
              Set.of("call"),
              "(Ljava/lang/String;",
              arguments,
              aroundFirst,
              HOOKS,
              "tool"));
    }
    hooks.add(
        publicMethodsOf(
            CALL_RESPONSE_SPEC,
            Set.of("content", "chatResponse", "chatClientResponse", "entity", "responseEntity"),
            -1,
            "clientCall"));
    hooks.add(
        publicMethodsOf(
            STREAM_RESPONSE_SPEC,
            Set.of("content", "chatResponse", "chatClientResponse"),
            0,
            "clientStream"));
    for (String advisor : RAG_ADVISORS) {
      hooks.add(
          new MethodHook(
              advisor,
              Set.of("before"),
              "(",
              "",
              false,
              Shape.EXIT_WITH_RETURNED,
              HOOKS,
              "advised",
              2,
              true));
    }
    return hooks;
  }

  /** The public methods of those names (any arguments: -1) of the implementations of a spec. */
  private static MethodHook publicMethodsOf(
      String spec, Set<String> names, int argumentCount, String hook) {
    return new MethodHook(
        spec,
        names,
        "(",
        "",
        false,
        Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
        HOOKS,
        hook,
        argumentCount,
        false,
        true);
  }
}
