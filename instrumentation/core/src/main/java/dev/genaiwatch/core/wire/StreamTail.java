package dev.genaiwatch.core.wire;

/**
 * The last bytes of a response stream, kept in one fixed ring instead of parsed as they pass: for a
 * stream a library instrumentation owns, the wire level only adds what sits in its last events (the
 * usage with the cached-token count), so copying each chunk into the ring is all it costs per
 * chunk, with no allocation, and the tail is parsed once, when the span ends.
 */
final class StreamTail {
  /**
   * Holds OpenAI's usage event ({@code choices: []}, under 1 KB), the last event before {@code
   * [DONE]}, several times over: a stream's last content chunks may be large (logprobs), but the
   * usage event comes after them. Allocated once per stream, so kept small (it was 16 KB, more than
   * all else the agent allocates for a call).
   */
  static final int CAPACITY = 4 * 1024;

  private final byte[] ring = new byte[CAPACITY];
  private long written;

  /** Copies {@code length} bytes of {@code bytes} from {@code offset}. */
  void append(byte[] bytes, int offset, int length) {
    if (length >= CAPACITY) {
      offset += length - CAPACITY;
      length = CAPACITY;
    }
    int at = (int) (written % CAPACITY);
    int first = Math.min(length, CAPACITY - at);
    System.arraycopy(bytes, offset, ring, at, first);
    System.arraycopy(bytes, offset + first, ring, 0, length - first);
    written += length;
  }

  /**
   * The kept bytes in order, starting at a line boundary: when the ring has wrapped, the partial
   * line it begins with is dropped, so no event is read from its middle.
   */
  byte[] lines() {
    if (written <= CAPACITY) {
      byte[] all = new byte[(int) written];
      System.arraycopy(ring, 0, all, 0, all.length);
      return all;
    }
    int start = (int) (written % CAPACITY);
    byte[] ordered = new byte[CAPACITY];
    System.arraycopy(ring, start, ordered, 0, CAPACITY - start);
    System.arraycopy(ring, 0, ordered, CAPACITY - start, start);
    int firstLine = 0;
    while (firstLine < ordered.length && ordered[firstLine] != '\n' && ordered[firstLine] != '\r') {
      firstLine++;
    }
    byte[] lines = new byte[Math.max(0, ordered.length - firstLine - 1)];
    System.arraycopy(ordered, Math.min(firstLine + 1, ordered.length), lines, 0, lines.length);
    return lines;
  }
}
