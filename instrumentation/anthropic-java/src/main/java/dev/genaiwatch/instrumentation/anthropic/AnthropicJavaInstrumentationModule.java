package dev.genaiwatch.instrumentation.anthropic;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.instrumentation.AdvisedTypes;
import dev.genaiwatch.core.instrumentation.LibraryModule;
import dev.genaiwatch.core.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

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

  private static final String MESSAGES = "com.anthropic.models.messages.";
  private static final String BLOCKING = "com.anthropic.services.blocking.MessageServiceImpl";
  private static final String ASYNC = "com.anthropic.services.async.MessageServiceAsyncImpl";
  static final String TRACE_API_CALL = "com.anthropic.core.opentelemetry.TraceApiCall";
  static final String PREPARE_REQUEST = "com.anthropic.core.PrepareRequest";
  private static final String ADVICE =
      AnthropicJavaInstrumentationModule.class.getPackageName() + ".AnthropicAdvice";

  public AnthropicJavaInstrumentationModule() {
    super(NAME, "com.anthropic:anthropic-java 3.0.0 to 3.16.0");
  }

  /**
   * The blocking and async message services' {@code create} and {@code createStreaming}; the SDK's
   * {@code tracer(ClientOptions)}, null (no SDK span) while genai-watch's messages call is current;
   * and the SDK's {@code PrepareRequest.prepare(...)}, where the request of genai-watch's call gets
   * its traceparent.
   */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher.Junction<MethodDescription> create =
        named("create")
            .and(
                returns(
                    namedOneOf("java.util.concurrent.CompletableFuture", MESSAGES + "Message")));
    ElementMatcher.Junction<MethodDescription> createStreaming =
        named("createStreaming")
            .and(
                returns(
                    namedOneOf(
                        "com.anthropic.core.http.StreamResponse",
                        "com.anthropic.core.http.AsyncStreamResponse")));
    return List.of(
        new AdvisedTypes(
            named(BLOCKING).or(named(ASYNC)),
            isPublic().and(takesArguments(2)).and(create.or(createStreaming)),
            ADVICE),
        new AdvisedTypes(
            named(TRACE_API_CALL),
            isStatic().and(named("tracer")).and(takesArguments(1)),
            ADVICE + "$NoSdkTracer"),
        new AdvisedTypes(
            named(PREPARE_REQUEST),
            isStatic().and(named("prepare")).and(takesArguments(3)),
            ADVICE + "$AddTraceparent"));
  }
}
