package dev.genaiwatch.core.wire;

import java.nio.ByteBuffer;

/**
 * Hands the readable bytes of a {@code ByteBuffer} to a reader of byte arrays without moving the
 * buffer's position and without allocating per buffer: a heap buffer's own array is read in place,
 * a direct (or read-only) one in slices copied into a scratch array that is allocated once, on the
 * first such buffer.
 */
final class ByteBufferSlices {
  /** Reads {@code length} bytes of {@code bytes} from {@code offset}; must not keep the array. */
  interface ArrayReader {
    void read(byte[] bytes, int offset, int length);
  }

  private final int scratchBytes;
  private final ArrayReader reader;
  private byte[] scratch;

  ByteBufferSlices(int scratchBytes, ArrayReader reader) {
    this.scratchBytes = scratchBytes;
    this.reader = reader;
  }

  void read(ByteBuffer chunk) {
    if (chunk.hasArray()) {
      reader.read(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
      return;
    }
    if (scratch == null) {
      scratch = new byte[scratchBytes];
    }
    for (int at = chunk.position(); at < chunk.limit(); ) {
      int n = Math.min(scratch.length, chunk.limit() - at);
      chunk.get(at, scratch, 0, n);
      reader.read(scratch, 0, n);
      at += n;
    }
  }
}
