package dev.genaiwatch.processor.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * A single-consumer first-in-first-out queue of byte records in append-only segment files, one
 * directory per queue. Record: {@code [int length][int crc32c][long seq][long marker][payload]}; a
 * torn or corrupt tail (a crash mid-write) is cut off on open. The consumer's progress is the
 * {@code cursor} file ({@code [long seq][long marker][int crc]}, rewritten in place): on open,
 * records up to it are skipped and fully consumed segments deleted. {@code marker} is free for the
 * caller (the durable pipeline stores the source record's seq there so a record moved from one
 * queue to the next is not moved twice after a crash).
 */
public final class SegmentQueue implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SegmentQueue.class.getName());
  static final int HEADER = 4 + 4 + 8 + 8;
  private static final String SUFFIX = ".seg";
  private static final String CURSOR = "cursor";

  /** One record read by the consumer; pass it back to {@link #commit} once it is done with. */
  public record Entry(long seq, long marker, byte[] payload) {
    long size() {
      return HEADER + payload.length;
    }
  }

  private static final class Segment {
    final long firstSeq;
    final Path path;
    long length;
    long lastSeq;

    Segment(long firstSeq, Path path) {
      this.firstSeq = firstSeq;
      this.path = path;
      this.lastSeq = firstSeq - 1;
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final FsyncPolicy fsync;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private final FileChannel cursor;
  private FileChannel writer;
  private long nextSeq;
  private long committedSeq;
  private long committedMarker;
  private long maxMarker;
  private long pendingBytes;
  private int pendingRecords;
  // The consumer's read position: the segment it is in (by first seq) and the offset in it.
  private Segment readSegment;
  private long readOffset;
  private FileChannel reader;
  private boolean dirty;
  private boolean closed;

  public SegmentQueue(Path dir, long segmentBytes, FsyncPolicy fsync) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    Files.createDirectories(dir);
    this.cursor =
        FileChannel.open(
            dir.resolve(CURSOR),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    readCursor();
    recover();
  }

  private void readCursor() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(20);
    cursor.read(buffer, 0);
    buffer.flip();
    if (buffer.remaining() < 20) {
      return;
    }
    long seq = buffer.getLong();
    long marker = buffer.getLong();
    int crc = buffer.getInt();
    if (crc(buffer.array(), 0, 16) != crc) {
      LOG.warning(
          "[genai-watch-processor] queue cursor "
              + dir.resolve(CURSOR)
              + " is corrupt; replaying the queue from its start (items may be delivered twice)");
      return;
    }
    committedSeq = seq;
    committedMarker = marker;
    maxMarker = marker;
  }

  private void recover() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(files::add);
    }
    files.sort((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b)));
    long lastSeq = committedSeq;
    for (int i = 0; i < files.size(); i++) {
      Segment segment = new Segment(firstSeqOf(files.get(i)), files.get(i));
      boolean last = i == files.size() - 1;
      scan(segment, last);
      if (segment.lastSeq <= committedSeq && !last) {
        Files.deleteIfExists(segment.path);
        continue;
      }
      segments.addLast(segment);
      lastSeq = Math.max(lastSeq, segment.lastSeq);
    }
    nextSeq = lastSeq + 1;
    if (segments.isEmpty() || segments.peekLast().length >= segmentBytes) {
      openSegment();
    } else {
      writer = FileChannel.open(segments.peekLast().path, StandardOpenOption.WRITE);
      writer.position(segments.peekLast().length);
    }
    readSegment = segments.peekFirst();
    readOffset = 0;
    skipCommitted();
  }

  private static long firstSeqOf(Path path) {
    String name = path.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  /**
   * Reads a segment's valid records (counting the uncommitted ones); cuts a corrupt tail off the
   * last segment.
   */
  private void scan(Segment segment, boolean last) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long offset = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (offset + HEADER <= size) {
        header.clear();
        readFully(channel, header, offset);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        long seq = header.getLong();
        long marker = header.getLong();
        if (length < 0 || offset + HEADER + length > size) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, offset + HEADER);
        if (crc(payload.array(), 0, length) != crc) {
          break;
        }
        offset += HEADER + length;
        segment.lastSeq = seq;
        maxMarker = Math.max(maxMarker, marker);
        if (seq > committedSeq) {
          pendingBytes += HEADER + length;
          pendingRecords++;
        }
      }
      if (offset < size) {
        LOG.warning(
            "[genai-watch-processor] queue segment "
                + segment.path
                + ": "
                + (size - offset)
                + " bytes after the last whole record "
                + (last ? "cut off (a write interrupted by a crash)" : "ignored (corrupt)"));
        if (last) {
          channel.truncate(offset);
        }
      }
      segment.length = offset;
    }
  }

  private void skipCommitted() throws IOException {
    readThrough(committedSeq, false);
  }

  /** Reads past every unread record whose seq is at most {@code seq}, committing each if asked. */
  private void readThrough(long seq, boolean commit) throws IOException {
    while (true) {
      Entry entry = readNext();
      if (entry == null) {
        return;
      }
      if (entry.seq() > seq) {
        unread(entry);
        return;
      }
      if (commit) {
        commit(entry);
      }
    }
  }

  private void unread(Entry entry) {
    readOffset -= entry.size();
  }

  private void openSegment() throws IOException {
    if (writer != null) {
      writer.force(false);
      writer.close();
    }
    Path path = dir.resolve(String.format("%020d%s", nextSeq, SUFFIX));
    writer = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    writer.position(writer.size());
    segments.addLast(new Segment(nextSeq, path));
    fsync.forceDirectory(dir);
  }

  /** Appends one record; returns its seq. Durable on return as far as the fsync policy says. */
  public synchronized long append(byte[] payload, long marker) throws IOException {
    if (closed) {
      throw new IOException("queue " + dir + " is closed");
    }
    Segment tail = segments.peekLast();
    if (tail.length >= segmentBytes) {
      openSegment();
      tail = segments.peekLast();
    }
    long seq = nextSeq++;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    header
        .putInt(payload.length)
        .putInt(crc(payload, 0, payload.length))
        .putLong(seq)
        .putLong(marker)
        .flip();
    ByteBuffer[] record = {header, ByteBuffer.wrap(payload)};
    try {
      // A gathering write: the payload is not copied into a record buffer first.
      while (record[1].hasRemaining()) {
        writer.write(record);
      }
    } catch (IOException e) {
      // A full disk mid-record: cut the partial record off so the next append starts on a record
      // boundary.
      nextSeq--;
      try {
        writer.truncate(tail.length);
        writer.position(tail.length);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    tail.length += HEADER + payload.length;
    tail.lastSeq = seq;
    maxMarker = Math.max(maxMarker, marker);
    pendingBytes += HEADER + payload.length;
    pendingRecords++;
    if (fsync == FsyncPolicy.ALWAYS) {
      writer.force(false);
    } else {
      dirty = true;
    }
    notifyAll();
    return seq;
  }

  /**
   * The next unread record, waiting up to {@code timeoutMillis}; null if none arrived. Consumer
   * thread only.
   */
  public synchronized Entry take(long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      Entry entry = readNext();
      if (entry != null) {
        return entry;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0 || closed) {
        return null;
      }
      wait(left);
    }
  }

  private Entry readNext() throws IOException {
    while (readSegment != null) {
      if (readOffset + HEADER <= readSegment.length) {
        FileChannel channel = readerFor(readSegment);
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, readOffset);
        header.flip();
        int length = header.getInt();
        header.getInt();
        long seq = header.getLong();
        long marker = header.getLong();
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, readOffset + HEADER);
        readOffset += HEADER + length;
        return new Entry(seq, marker, payload.array());
      }
      Segment next = after(readSegment);
      if (next == null) {
        return null;
      }
      readSegment = next;
      readOffset = 0;
    }
    return null;
  }

  private Segment after(Segment segment) {
    boolean found = false;
    for (Segment s : segments) {
      if (found) {
        return s;
      }
      found = s == segment;
    }
    return null;
  }

  private FileChannel readerFor(Segment segment) throws IOException {
    if (reader == null || !segment.path.equals(readerPath)) {
      if (reader != null) {
        reader.close();
      }
      reader = FileChannel.open(segment.path, StandardOpenOption.READ);
      readerPath = segment.path;
    }
    return reader;
  }

  private Path readerPath;

  /**
   * Marks {@code entry} (and everything before it) consumed; deletes segments that hold nothing
   * else.
   */
  public synchronized void commit(Entry entry) throws IOException {
    committedSeq = entry.seq();
    committedMarker = Math.max(committedMarker, entry.marker());
    pendingBytes -= entry.size();
    pendingRecords--;
    ByteBuffer buffer = ByteBuffer.allocate(20);
    buffer.putLong(committedSeq).putLong(committedMarker);
    buffer.putInt(crc(buffer.array(), 0, 16));
    buffer.flip();
    cursor.write(buffer, 0);
    if (fsync == FsyncPolicy.ALWAYS) {
      cursor.force(false);
    } else {
      dirty = true;
    }
    // The cursor is written before segments go, so a crash in between only leaves files the next
    // open deletes.
    // Not the segment the reader is in: it finds its next segment through it (deleted once the
    // reader moved on).
    while (segments.size() > 1
        && segments.peekFirst().lastSeq <= committedSeq
        && segments.peekFirst() != readSegment) {
      Segment done = segments.removeFirst();
      if (done.path.equals(readerPath)) {
        reader.close();
        reader = null;
        readerPath = null;
      }
      Files.deleteIfExists(done.path);
    }
  }

  /**
   * Forces written records and the cursor to disk (the interval policy calls this periodically).
   */
  public synchronized void sync() throws IOException {
    if (dirty && !closed) {
      writer.force(false);
      cursor.force(false);
      dirty = false;
    }
  }

  /** Bytes of records appended and not yet committed. */
  public synchronized long pendingBytes() {
    return pendingBytes;
  }

  public synchronized int pendingRecords() {
    return pendingRecords;
  }

  /**
   * The largest marker ever appended or committed (survives restarts through the records and the
   * cursor).
   */
  public synchronized long maxMarker() {
    return maxMarker;
  }

  /**
   * Skips (as consumed) every unread record whose seq is at most {@code seq}; used on start, before
   * consuming.
   */
  public synchronized void skipThrough(long seq) throws IOException {
    readThrough(seq, true);
  }

  public Path directory() {
    return dir;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    if (fsync != FsyncPolicy.NEVER) {
      writer.force(false);
      cursor.force(false);
    }
    closed = true;
    notifyAll();
    writer.close();
    cursor.close();
    if (reader != null) {
      reader.close();
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("unexpected end of queue segment");
      }
      at += read;
    }
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
