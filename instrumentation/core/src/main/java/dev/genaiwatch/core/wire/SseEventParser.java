package dev.genaiwatch.core.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Incremental Server-Sent Events parser over raw bytes as they arrive from the network, in chunks
 * split anywhere (even inside a UTF-8 sequence or between CR and LF). Lines end with LF, CR or
 * CRLF; {@code :} lines are comments; {@code data:} lines of one event are joined with LF; a blank
 * line dispatches the event. Only the event being assembled is held, up to {@code maxEventBytes}: a
 * longer event is dropped and {@link #truncated()} turns true, so a hostile or huge stream costs
 * bounded memory.
 */
public final class SseEventParser {
  private final int maxEventBytes;
  private final Consumer<String> onData;
  private byte[] line = new byte[256];
  private int lineLength;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private boolean lastWasCr;
  private boolean lineOverflow;
  private boolean eventOverflow;
  private boolean truncated;

  /** {@code onData} receives the data of each complete event (events without data are skipped). */
  public SseEventParser(int maxEventBytes, Consumer<String> onData) {
    this.maxEventBytes = maxEventBytes;
    this.onData = onData;
  }

  /** Reads the remaining bytes of {@code chunk} without moving its position. */
  public void feed(ByteBuffer chunk) {
    for (int i = chunk.position(); i < chunk.limit(); i++) {
      feed(chunk.get(i));
    }
  }

  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      feed(bytes[i]);
    }
  }

  private void feed(byte b) {
    if (b == '\n') {
      if (lastWasCr) {
        lastWasCr = false;
        return;
      }
      endLine();
    } else if (b == '\r') {
      lastWasCr = true;
      endLine();
    } else {
      lastWasCr = false;
      append(b);
    }
  }

  /**
   * The stream ended: an event not terminated by a blank line is still dispatched (servers forget
   * it).
   */
  public void finish() {
    if (lineLength > 0) {
      endLine();
    }
    dispatch();
  }

  public boolean truncated() {
    return truncated;
  }

  private void append(byte b) {
    if (lineOverflow) {
      return;
    }
    if (lineLength + data.length() >= maxEventBytes) {
      lineOverflow = true;
      eventOverflow = true;
      truncated = true;
      return;
    }
    if (lineLength == line.length) {
      line = Arrays.copyOf(line, Math.min(line.length * 2, Math.max(maxEventBytes, 1)));
    }
    line[lineLength++] = b;
  }

  private void endLine() {
    if (lineLength == 0 && !lineOverflow) {
      dispatch();
      return;
    }
    if (!lineOverflow) {
      String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      String field = colon < 0 ? text : text.substring(0, colon);
      if ("data".equals(field)) {
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      // "event", "id", "retry" and comments carry nothing the OpenAI protocol uses.
    }
    lineLength = 0;
    lineOverflow = false;
    if (line.length > 4096) {
      line = new byte[256];
    }
  }

  private void dispatch() {
    boolean dropped = eventOverflow;
    eventOverflow = false;
    if (hasData && !dropped) {
      String event = data.toString();
      data.setLength(0);
      hasData = false;
      onData.accept(event);
    } else {
      data.setLength(0);
      hasData = false;
    }
  }
}
