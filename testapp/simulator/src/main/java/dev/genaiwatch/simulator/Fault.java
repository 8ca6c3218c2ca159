package dev.genaiwatch.simulator;

import java.util.Locale;

/**
 * A failure the simulated server injects into one response.
 *
 * <p>Selected per request by the {@code X-Sim-Fault} header ({@link #wireName()} syntax) or, for
 * clients that cannot set headers, taken from the server-side queue ({@link
 * SimulatedLlmServer#enqueueFaults}).
 */
public sealed interface Fault
    permits Fault.RateLimit,
        Fault.ServerError,
        Fault.SlowFirstByte,
        Fault.CutStream,
        Fault.MalformedChunk {

  /** HTTP 429 with an OpenAI-style rate-limit error body and {@code Retry-After: 1}. */
  Fault RATE_LIMIT_429 = new RateLimit();

  /** HTTP 500 with an OpenAI-style server error body. */
  Fault SERVER_ERROR_500 = new ServerError();

  /** Sleeps {@code millis} before writing any response byte (status line included). */
  static Fault SLOW_FIRST_BYTE(long millis) {
    return new SlowFirstByte(millis);
  }

  /**
   * Streaming: after {@code afterChunks} content chunks the TCP connection is closed without the
   * chunked terminator and without {@code [DONE]}. Non-streaming: headers and half the body, then
   * close.
   */
  static Fault CUT_STREAM(int afterChunks) {
    return new CutStream(afterChunks);
  }

  /**
   * Streaming: the {@code atChunk}-th content chunk (1-based) is preceded by an event whose data is
   * invalid JSON; the stream then continues normally to {@code [DONE]}, so no content is lost.
   * Non-streaming: the whole body is that invalid JSON.
   */
  static Fault MALFORMED_CHUNK(int atChunk) {
    return new MalformedChunk(atChunk);
  }

  /** The {@code X-Sim-Fault} header / {@code POST /sim/faults} spelling of this fault. */
  String wireName();

  /**
   * Parses the header spelling: {@code 429}, {@code 500}, {@code slow-first-byte:MS}, {@code
   * cut-stream:K}, {@code malformed-chunk:K}.
   *
   * @throws IllegalArgumentException for anything else, so a typo in a test fails loudly
   */
  static Fault parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("fault is null");
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("429") || s.equals("rate-limit")) {
      return RATE_LIMIT_429;
    }
    if (s.equals("500") || s.equals("server-error")) {
      return SERVER_ERROR_500;
    }
    int colon = s.indexOf(':');
    if (colon > 0) {
      String kind = s.substring(0, colon);
      long arg;
      try {
        arg = Long.parseLong(s.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad fault argument: " + text, e);
      }
      switch (kind) {
        case "slow-first-byte":
          return new SlowFirstByte(arg);
        case "cut-stream":
          return new CutStream(Math.toIntExact(arg));
        case "malformed-chunk":
          return new MalformedChunk(Math.toIntExact(arg));
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault '"
            + text
            + "'; expected 429, 500, slow-first-byte:MS, cut-stream:K or malformed-chunk:K");
  }

  /** See {@link #RATE_LIMIT_429}. */
  record RateLimit() implements Fault {
    @Override
    public String wireName() {
      return "429";
    }
  }

  /** See {@link #SERVER_ERROR_500}. */
  record ServerError() implements Fault {
    @Override
    public String wireName() {
      return "500";
    }
  }

  /** See {@link Fault#SLOW_FIRST_BYTE(long)}. */
  record SlowFirstByte(long millis) implements Fault {
    public SlowFirstByte {
      if (millis < 0) {
        throw new IllegalArgumentException("slow-first-byte millis must be >= 0");
      }
    }

    @Override
    public String wireName() {
      return "slow-first-byte:" + millis;
    }
  }

  /** See {@link Fault#CUT_STREAM(int)}. */
  record CutStream(int afterChunks) implements Fault {
    public CutStream {
      if (afterChunks < 0) {
        throw new IllegalArgumentException("cut-stream chunk count must be >= 0");
      }
    }

    @Override
    public String wireName() {
      return "cut-stream:" + afterChunks;
    }
  }

  /** See {@link Fault#MALFORMED_CHUNK(int)}. */
  record MalformedChunk(int atChunk) implements Fault {
    public MalformedChunk {
      if (atChunk < 1) {
        throw new IllegalArgumentException("malformed-chunk position is 1-based");
      }
    }

    @Override
    public String wireName() {
      return "malformed-chunk:" + atChunk;
    }
  }
}
