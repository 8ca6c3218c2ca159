package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.StreamEventReader;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiResponses;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One LLM call seen on the wire, fed by an HTTP client instrumentation with the response as the
 * application receives it: status and content type, then the body bytes (only looked at, never
 * consumed or changed), then completion, failure or cancellation. A streamed body is parsed event
 * by event as it arrives (TTFT, chunk gaps); a JSON body is kept up to {@link
 * WireSettings#maxBodyBytes()} and parsed at the end. A body over the bound still reaches the
 * application whole; the span only notes the truncation.
 *
 * <p>When a library-level instrumentation owns the call ({@link #owned()} false), the exchange only
 * adds what the wire alone knows to that call and never ends it.
 */
public final class WireExchange {
  /** The slice a direct buffer is copied through (the size of a typical network read). */
  private static final int SCRATCH_BYTES = 8 * 1024;

  /**
   * {@code error.type} when the server's body is not the OpenAI protocol (malformed JSON, not an
   * object).
   */
  public static final String MALFORMED_RESPONSE = "malformed_response";

  private final ActiveLlmCall active;
  private final boolean owned;
  private final String traceparent;
  private final int maxBodyBytes;
  private final boolean captureContent;
  private final InstrumentationHealth health;
  private int status;
  private SseEventParser sse;
  private StreamTail tail;
  private final ByteBufferSlices slices = new ByteBufferSlices(SCRATCH_BYTES, this::onBytes);
  private boolean responsesApi;
  private byte[] body;
  private int bodyLength;
  private boolean bodyTruncated;
  private IOException malformed;
  private boolean sawDone;

  /**
   * What the endpoint matcher said of the request (set by {@link WireCalls} for the calls it
   * starts).
   */
  String requestOperation;

  /**
   * The provider's own wire format (Anthropic, Gemini), or null for OpenAI's (set by {@link
   * WireCalls}).
   */
  WireDialect dialect;

  private StreamEventReader events;

  WireExchange(
      ActiveLlmCall active,
      boolean owned,
      String traceparent,
      int maxBodyBytes,
      boolean captureContent,
      InstrumentationHealth health) {
    this.active = active;
    this.owned = owned;
    this.traceparent = traceparent;
    this.maxBodyBytes = maxBodyBytes;
    this.captureContent = captureContent;
    this.health = health;
  }

  public ActiveLlmCall call() {
    return active;
  }

  /** False when a library-level span owns the call: then this exchange only enriches it. */
  public boolean owned() {
    return owned;
  }

  /**
   * The W3C {@code traceparent} to add to the request, or null (the request already carries one).
   */
  public String traceparent() {
    return traceparent;
  }

  /**
   * Bytes of a request body kept for parsing at most; a longer body is sent whole and only marks
   * the span.
   */
  public int requestBodyLimit() {
    return maxBodyBytes;
  }

  /**
   * The request body, seen as the HTTP client wrote it for sending (instead of read beforehand):
   * fills the request side of a call this exchange owns and puts it on the span. {@code overLimit}:
   * the body was longer than {@link #requestBodyLimit()} and was not kept.
   */
  public synchronized void onRequestBody(byte[] bytes, int length, boolean overLimit) {
    if (!owned || active.isEnded()) {
      return;
    }
    try {
      if (overLimit) {
        active.call().contentTruncatedAtSource = true;
      } else {
        WireCalls.readRequest(
            new String(bytes, 0, length, StandardCharsets.UTF_8),
            requestOperation,
            active.call(),
            captureContent);
      }
      active.requestObserved();
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
    }
  }

  public synchronized void onResponse(int statusCode, String contentType) {
    try {
      status = statusCode;
      responsesApi = responses();
      boolean eventStream =
          contentType != null
              && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
      // A dialect's stream is SSE; Gemini streamed without alt=sse is one JSON array.
      if (statusCode >= 400 || !(eventStream || (active.call().stream && dialect == null))) {
        return;
      }
      if (owned) {
        sse = new SseEventParser(maxBodyBytes, this::onEvent);
        if (dialect != null) {
          events = dialect.events().apply(active, captureLimit());
          active.beforeEnd(events::compose);
        }
      } else if (!responses() && dialect == null) {
        // The owning library reports every event itself; only the cached-token count of the usage
        // event may be the wire's to add, so the bytes are kept, not parsed, until the span ends.
        tail = new StreamTail();
        active.beforeEnd(this::usageFromTail);
      }
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
    }
  }

  /**
   * Looks at the readable bytes of {@code chunk}; its position and content are left as they were. A
   * buffer without an accessible array (a direct one) is copied through a small per-exchange
   * scratch array, so no read allocates.
   */
  public synchronized void onBytes(ByteBuffer chunk) {
    try {
      if (!bodyIgnored()) {
        slices.read(chunk);
      }
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
    }
  }

  /** Looks at {@code length} bytes of {@code bytes} from {@code offset}; they are not kept. */
  public synchronized void onBytes(byte[] bytes, int offset, int length) {
    try {
      if (bodyIgnored()) {
        return;
      }
      if (tail != null) {
        tail.append(bytes, offset, length);
        return;
      }
      if (sse != null) {
        sse.feed(bytes, offset, length);
        return;
      }
      if (bodyTruncated || bodyLength + length > maxBodyBytes) {
        bodyTruncated = true;
        return;
      }
      if (body == null) {
        body = new byte[Math.min(Math.max(length, 1024), maxBodyBytes)];
      } else if (bodyLength + length > body.length) {
        body =
            Arrays.copyOf(
                body, Math.min(Math.max(body.length * 2, bodyLength + length), maxBodyBytes));
      }
      System.arraycopy(bytes, offset, body, bodyLength, length);
      bodyLength += length;
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
    }
  }

  /**
   * Whether the body is none of the wire level's business: the call ended, or the library that owns
   * it reads the response itself and leaves the wire nothing to add (a provider's own format; the
   * Responses API, whose SDK object carries the cached-token count).
   */
  private boolean bodyIgnored() {
    return owned ? active.isEnded() : dialect != null || responsesApi;
  }

  /** The whole body was delivered to the application. */
  public synchronized void onComplete() {
    try {
      if (sse != null) {
        sse.finish();
        if (sse.truncated()) {
          active.call().contentTruncatedAtSource = true;
        }
      } else if (status < 400 && body != null && !bodyTruncated) {
        if (dialect != null) {
          dialect
              .response()
              .read(
                  JsonValueReader.read(new String(body, 0, bodyLength, StandardCharsets.UTF_8)),
                  active.call(),
                  captureContent);
        } else if (owned && responses()) {
          Object json =
              JsonValueReader.read(new String(body, 0, bodyLength, StandardCharsets.UTF_8));
          if (!(json instanceof Map<?, ?>)) {
            throw new IOException("response body is not a JSON object");
          }
          OpenAiResponses.response(json, active.call(), captureContent);
        } else if (owned) {
          OpenAiWireParser.response(
              new String(body, 0, bodyLength, StandardCharsets.UTF_8),
              active.call(),
              captureContent);
        } else if (responses()) {
          // The owning SDK reads the Responses usage, cached tokens included, from its own object.
        } else {
          // The owning library usually reads the usage details from its own response object after
          // this; parse
          // the body only if it has not by the time the span ends.
          byte[] kept = body;
          int keptLength = bodyLength;
          active.beforeEnd(
              () -> {
                if (active.call().cacheReadInputTokens == null) {
                  try {
                    OpenAiWireParser.usageIfMissing(
                        new String(kept, 0, keptLength, StandardCharsets.UTF_8), active.call());
                  } catch (IOException notJson) {
                    // The library reported the call; the wire adds nothing.
                  }
                }
              });
        }
      } else if (bodyTruncated) {
        active.call().contentTruncatedAtSource = true;
      }
    } catch (IOException e) {
      malformed = e;
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
    }
    body = null;
    if (!owned) {
      return;
    }
    if (status >= 400) {
      active.endWithError(null, Integer.toString(status));
    } else if (malformed != null) {
      active.endWithError(malformed, MALFORMED_RESPONSE);
    } else {
      active.end();
    }
  }

  /** The response (or the request, before any response) failed. */
  public synchronized void onError(Throwable error) {
    body = null;
    if (owned) {
      active.endWithError(error, errorType(error));
    }
  }

  /**
   * The application stopped reading (closed the stream, cancelled the subscription) before the end.
   */
  public synchronized void onCancel() {
    body = null;
    if (owned) {
      if (status >= 400) {
        active.endWithError(null, Integer.toString(status));
      } else {
        active.endClosedEarly();
      }
    }
  }

  /**
   * The application closed the body without reading to its end. A stream whose {@code [DONE]} event
   * already arrived is complete (readers stop at {@code [DONE]} without waiting for the
   * connection's end of stream); anything else was closed early.
   */
  public synchronized void onClose() {
    boolean done;
    try {
      if (sse != null) {
        // An event whose terminating blank line the application never read still counts.
        sse.finish();
      }
      done = sawDone;
    } catch (Throwable t) {
      health.swallowed(active.call().instrumentation, t);
      done = false;
    }
    if (done) {
      onComplete();
    } else {
      onCancel();
    }
  }

  /** The usage details of a library-owned stream, from its last events, if the library has none. */
  private synchronized void usageFromTail() {
    if (active.call().cacheReadInputTokens != null) {
      return;
    }
    SseEventParser events = new SseEventParser(maxBodyBytes, this::onEvent);
    byte[] lines = tail.lines();
    events.feed(lines, 0, lines.length);
    events.finish();
  }

  private void onEvent(String data) {
    if (events != null) {
      try {
        sawDone |= events.event(JsonValueReader.read(data));
      } catch (IOException e) {
        if (malformed == null) {
          malformed = e;
        }
      }
      return;
    }
    if (responses()) {
      onResponsesEvent(data);
      return;
    }
    if (OpenAiWireParser.DONE.equals(data.trim())) {
      sawDone = true;
    }
    try {
      if (owned) {
        OpenAiWireParser.chunk(data, active);
      } else if (!OpenAiWireParser.DONE.equals(data.trim())) {
        OpenAiWireParser.usageIfMissing(data, active.call());
      }
    } catch (IOException e) {
      // Keep going: later events may still be fine, and the application decides what a bad line
      // means.
      if (malformed == null) {
        malformed = e;
      }
    }
  }

  /**
   * The Responses API's stream has no {@code [DONE]}: its terminal event ({@code
   * response.completed}) ends it.
   */
  private void onResponsesEvent(String data) {
    if (!owned) {
      sawDone |= OpenAiResponses.terminal(data);
      return;
    }
    try {
      Object json = JsonValueReader.read(data);
      if (!(json instanceof Map<?, ?>)) {
        throw new IOException("stream event is not a JSON object");
      }
      sawDone |= OpenAiResponses.event(json, active, captureContent);
    } catch (IOException e) {
      if (malformed == null) {
        malformed = e;
      }
    }
  }

  private int captureLimit() {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    return captureContent && instrumenter != null ? instrumenter.content().maxLength() : 0;
  }

  private boolean responses() {
    return OpenAiResponses.API_TYPE.equals(active.call().openAiApiType);
  }

  /** {@code timeout} for timeouts (semconv), else the exception class. */
  static String errorType(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException
          || t instanceof TimeoutException
          // OkHttp's call timeout: an InterruptedIOException with exactly this message.
          || (t instanceof InterruptedIOException && "timeout".equals(t.getMessage()))) {
        return "timeout";
      }
    }
    return error == null ? null : error.getClass().getName();
  }
}
