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
  private static final int SCRATCH_BYTES = 4096;

  private final int maxEventBytes;
  private final Consumer<String> onData;
  private byte[] line = new byte[256];
  private int lineLength;
  private final ByteBufferSlices slices = new ByteBufferSlices(SCRATCH_BYTES, this::feed);

  /**
   * The event's data: its one data line as decoded (the usual case, no copy), the lines joined only
   * when there is more than one.
   */
  private String firstData;

  private StringBuilder joined;
  private int dataLines;
  private int dataBytes;
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
    slices.read(chunk);
  }

  /**
   * Reads {@code length} bytes from {@code offset}: the runs between line ends are copied whole
   * into the line being assembled, and a line is decoded once, when it ends.
   */
  public void feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      if (lastWasCr && bytes[i] == '\n') {
        // The LF of a CRLF whose CR ended the line (perhaps in the previous chunk).
        lastWasCr = false;
        i++;
        continue;
      }
      int lineEnd = i;
      while (lineEnd < end && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
        lineEnd++;
      }
      append(bytes, i, lineEnd - i);
      if (lineEnd == end) {
        lastWasCr = false;
        return;
      }
      lastWasCr = bytes[lineEnd] == '\r';
      endLine();
      i = lineEnd + 1;
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

  private void append(byte[] bytes, int from, int n) {
    if (lineOverflow || n == 0) {
      return;
    }
    if ((long) lineLength + dataBytes + n > maxEventBytes) {
      lineOverflow = true;
      eventOverflow = true;
      truncated = true;
      return;
    }
    if (lineLength + n > line.length) {
      line =
          Arrays.copyOf(
              line,
              Math.min(Math.max(line.length * 2, lineLength + n), Math.max(maxEventBytes, 1)));
    }
    System.arraycopy(bytes, from, line, lineLength, n);
    lineLength += n;
  }

  private void endLine() {
    if (lineLength == 0 && !lineOverflow) {
      dispatch();
      return;
    }
    // "event", "id", "retry" and comments carry nothing the OpenAI protocol uses.
    if (!lineOverflow && isDataLine()) {
      int start = lineLength > 4 ? 5 : 4;
      if (start < lineLength && line[start] == ' ') {
        start++;
      }
      addData(new String(line, start, lineLength - start, StandardCharsets.UTF_8));
      dataBytes += lineLength - start + (dataLines > 1 ? 1 : 0);
    }
    lineLength = 0;
    lineOverflow = false;
    if (line.length > 4096) {
      line = new byte[256];
    }
  }

  /** The field (the text before the first colon, or the whole line) is {@code data}. */
  private boolean isDataLine() {
    return lineLength >= 4
        && line[0] == 'd'
        && line[1] == 'a'
        && line[2] == 't'
        && line[3] == 'a'
        && (lineLength == 4 || line[4] == ':');
  }

  private void addData(String value) {
    if (++dataLines == 1) {
      firstData = value;
      return;
    }
    if (joined == null) {
      joined = new StringBuilder();
    }
    if (dataLines == 2) {
      joined.append(firstData);
    }
    joined.append('\n').append(value);
  }

  private void dispatch() {
    String event =
        dataLines == 0 || eventOverflow ? null : dataLines == 1 ? firstData : joined.toString();
    eventOverflow = false;
    firstData = null;
    dataLines = 0;
    dataBytes = 0;
    if (joined != null) {
      joined.setLength(0);
    }
    if (event != null) {
      onData.accept(event);
    }
  }
}
