package dev.genaiwatch.instrumentation.anthropic;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Anthropic Java SDK's Messages API. As for the OpenAI SDK, the service implementations are
 * where every client ends up (OkHttp builder, {@code fromEnv}, the Bedrock and Vertex backends), so
 * they are instrumented, not the HTTP client. Two more hooks make genai-watch's span the only GenAI
 * span of the call: the SDK's own OpenTelemetry tracing gets no tracer while a genai-watch messages
 * call is current, and the request the SDK prepares for that call carries genai-watch's {@code
 * traceparent} (see docs/coexistence.md).
 */
public final class AnthropicJavaInstrumentationModule extends LibraryModule {
  public static final String NAME = CallOwnership.ANTHROPIC_JAVA;

  private static final String BLOCKING = "com.anthropic.services.blocking.MessageServiceImpl";
  private static final String ASYNC = "com.anthropic.services.async.MessageServiceAsyncImpl";
  static final String TRACE_API_CALL = "com.anthropic.core.opentelemetry.TraceApiCall";
  static final String PREPARE_REQUEST = "com.anthropic.core.PrepareRequest";

  /** Named, not referenced: the hooks are a helper, defined where the application's SDK is. */
  static final String HOOKS = "dev.genaiwatch.instrumentation.anthropic.AnthropicHooks";

  public AnthropicJavaInstrumentationModule() {
    super(NAME, "com.anthropic:anthropic-java 3.0.0 to 3.16.0");
  }

  /**
   * The blocking and async message services' public {@code create(params, options)} (a {@code
   * Message} or a future of one) and {@code createStreaming(params, options)} (a {@code
   * StreamResponse} or an {@code AsyncStreamResponse}); the SDK's {@code tracer(ClientOptions)},
   * null (no SDK span) while genai-watch's messages call is current; and the SDK's {@code
   * PrepareRequest.prepare(...)}, where the request of genai-watch's call gets its traceparent.
   * Woven as method hooks, every class named. No hook names a type of the application's
   * OpenTelemetry API (the agent relocates its own, which would rewrite the name): {@code tracer}
   * is matched by its argument.
   */
  @Override
  public List<MethodHook> methodHooks() {
    List<MethodHook> hooks = new ArrayList<>();
    for (String service : List.of(BLOCKING, ASYNC)) {
      hooks.add(MethodHook.serviceCall(service, "create", "", HOOKS));
      hooks.add(MethodHook.serviceCall(service, "createStreaming", "StreamResponse;", HOOKS));
    }
    hooks.add(
        new MethodHook(
            TRACE_API_CALL,
            Set.of("tracer"),
            "(Lcom/anthropic/core/ClientOptions;)",
            "",
            true,
            MethodHook.Shape.EXIT_REPLACING_RETURNED,
            HOOKS,
            "tracer"));
    hooks.add(
        new MethodHook(
            PREPARE_REQUEST,
            Set.of("prepare"),
            "(Lcom/anthropic/core/http/HttpRequest;Lcom/anthropic/core/ClientOptions;Lcom/anthropic/core/Params;)",
            "",
            true,
            MethodHook.Shape.EXIT_REPLACING_RETURNED,
            HOOKS,
            "prepared"));
    return hooks;
  }
}
