package dev.genaiwatch.core;

import io.opentelemetry.context.Context;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who owns an LLM call's span, so that every call gets exactly one: the library-level instrumentation of the SDK
 * the application called, a framework span above it, another agent, or else the wire level of the HTTP client.
 * Each case is one question here; the instrumentations ask, none decides on its own.
 */
public final class CallOwnership {
  /** The library-level instrumentation of the OpenAI Java SDK: its module's name, and the upstream agent's. */
  public static final String OPENAI_JAVA = "openai-java";

  private final Set<String> librariesWithCalls = ConcurrentHashMap.newKeySet();
  private final Set<String> ownedByAnotherAgent;

  /** @param ownedByAnotherAgent libraries whose GenAI spans another agent (the upstream OpenTelemetry agent) makes */
  public CallOwnership(Set<String> ownedByAnotherAgent) {
    this.ownedByAnotherAgent = Set.copyOf(ownedByAnotherAgent);
  }

  public static CallOwnership alone() {
    return new CallOwnership(Set.of());
  }

  /**
   * Records that {@code library}'s advice ran for a call, whether or not it started a span (a framework span
   * may own it): proof that the instrumentation applies to the application's version of that library.
   */
  public void librarySawCall(String library) {
    if (library != null && !librariesWithCalls.contains(library)) {
      librariesWithCalls.add(library);
    }
  }

  /** Whether {@code library}'s instrumentation has seen a call in this JVM (see {@link #librarySawCall}). */
  public boolean librarySawCalls(String library) {
    return librariesWithCalls.contains(library);
  }

  /** Whether another agent makes {@code library}'s spans, so genai-watch's wire level must leave its requests. */
  public boolean ownedByAnotherAgent(String library) {
    return ownedByAnotherAgent.contains(library);
  }

  /**
   * The library-level call in progress on {@code context} that a lower layer (the HTTP client underneath an SDK)
   * joins instead of starting a second span, or null.
   */
  public static ActiveLlmCall callToJoin(Context context) {
    ActiveLlmCall library = GenAiInstrumenter.activeCall(context);
    return library == null || library.isEnded() ? null : library;
  }

  /**
   * Whether a library call's span is current on {@code context} (an outer SDK or framework model call): a nested
   * library call for the same request (an async service delegating to a blocking one, an SDK under a framework)
   * gets no span of its own.
   */
  public static boolean insideLibraryCall(Context context) {
    return GenAiInstrumenter.activeCall(context) != null;
  }

  /**
   * The context a new model call starts in: {@code current}; the parent context of a call that has ended but is
   * still current (the next round of a tool loop is its sibling, not its child); or null when a call in progress
   * owns the request (a model stream inside another model's stream is the same model call).
   */
  public static Context contextForNewCall(Context current) {
    ActiveLlmCall active = GenAiInstrumenter.activeCall(current);
    if (active == null) {
      return current;
    }
    return active.isEnded() ? active.parentContext() : null;
  }

  /**
   * Whether a request an HTTP client is about to send, with no library call on its context, is still an
   * instrumented SDK's call. The OpenAI Java SDK's async client sends from a pool thread ({@code
   * thenComposeAsync}) where its call's context is not current; it marks every request with {@code
   * X-Stainless-Lang: java}. Once the openai-java instrumentation has seen a call in this JVM (so it applies to this
   * SDK version), or when another agent owns the SDK's spans, such a request gets no second span.
   *
   * @param header a request header's first value, or null
   */
  public boolean sentByInstrumentedSdk(Function<String, String> header) {
    return "java".equalsIgnoreCase(header.apply("X-Stainless-Lang"))
        && (librarySawCalls(OPENAI_JAVA) || ownedByAnotherAgent(OPENAI_JAVA));
  }
}
