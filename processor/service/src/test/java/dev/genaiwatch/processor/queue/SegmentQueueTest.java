package dev.genaiwatch.processor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentQueueTest {
  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(SegmentQueue.Entry entry) {
    return new String(entry.payload(), StandardCharsets.UTF_8);
  }

  private static List<String> drain(SegmentQueue queue) throws Exception {
    List<String> out = new ArrayList<>();
    SegmentQueue.Entry entry;
    while ((entry = queue.take(0)) != null) {
      out.add(text(entry));
      queue.commit(entry);
    }
    return out;
  }

  @Test
  void recordsComeOutInTheOrderTheyWentIn() throws Exception {
    try (SegmentQueue queue = new SegmentQueue(dir, 4096, FsyncPolicy.NEVER)) {
      for (int i = 0; i < 100; i++) {
        queue.append(bytes("record " + i), 0);
      }
      List<String> out = drain(queue);
      assertThat(out).hasSize(100).startsWith("record 0", "record 1").endsWith("record 99");
      assertThat(queue.pendingBytes()).isZero();
    }
  }

  @Test
  void uncommittedRecordsAreReplayedAfterReopeningAndCommittedOnesAreNot() throws Exception {
    try (SegmentQueue queue = new SegmentQueue(dir, 4096, FsyncPolicy.ALWAYS)) {
      for (int i = 0; i < 50; i++) {
        queue.append(bytes("record " + i), 0);
      }
      for (int i = 0; i < 20; i++) {
        queue.commit(queue.take(0));
      }
      // Read but not committed: must come back.
      queue.take(0);
    }
    try (SegmentQueue reopened = new SegmentQueue(dir, 4096, FsyncPolicy.ALWAYS)) {
      assertThat(reopened.pendingRecords()).isEqualTo(30);
      List<String> out = drain(reopened);
      assertThat(out).hasSize(30).startsWith("record 20").endsWith("record 49");
      // New records continue after the old ones.
      reopened.append(bytes("after"), 0);
      assertThat(drain(reopened)).containsExactly("after");
    }
  }

  @Test
  void fullyConsumedSegmentsAreDeleted() throws Exception {
    try (SegmentQueue queue = new SegmentQueue(dir, 4096, FsyncPolicy.NEVER)) {
      for (int i = 0; i < 500; i++) {
        queue.append(new byte[100], 0);
      }
      assertThat(segmentFiles()).isGreaterThan(5);
      drain(queue);
      assertThat(segmentFiles()).isEqualTo(1);
    }
  }

  @Test
  void aTornLastRecordIsCutOffAndTheWholeOnesSurvive() throws Exception {
    try (SegmentQueue queue = new SegmentQueue(dir, 1 << 20, FsyncPolicy.NEVER)) {
      queue.append(bytes("whole 1"), 0);
      queue.append(bytes("whole 2"), 0);
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    // A crash in the middle of the third append: its header and half its payload are on disk.
    try (FileChannel channel =
        FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      channel.write(
          ByteBuffer.allocate(SegmentQueue.HEADER)
              .putInt(50)
              .putInt(1)
              .putLong(3)
              .putLong(0)
              .flip());
      channel.write(ByteBuffer.wrap(new byte[20]));
    }
    try (SegmentQueue reopened = new SegmentQueue(dir, 1 << 20, FsyncPolicy.NEVER)) {
      assertThat(drain(reopened)).containsExactly("whole 1", "whole 2");
      reopened.append(bytes("next"), 0);
      assertThat(drain(reopened)).containsExactly("next");
    }
  }

  @Test
  void theLargestMarkerSurvivesCommitAndRestart() throws Exception {
    try (SegmentQueue queue = new SegmentQueue(dir, 4096, FsyncPolicy.NEVER)) {
      queue.append(bytes("a"), 7);
      queue.append(bytes("b"), 9);
      drain(queue);
    }
    try (SegmentQueue reopened = new SegmentQueue(dir, 4096, FsyncPolicy.NEVER)) {
      assertThat(reopened.maxMarker()).isEqualTo(9);
    }
  }

  @Test
  void skipThroughConsumesTheRecordsUpToASeq() throws Exception {
    try (SegmentQueue queue = new SegmentQueue(dir, 4096, FsyncPolicy.NEVER)) {
      long first = queue.append(bytes("a"), 0);
      queue.append(bytes("b"), 0);
      queue.append(bytes("c"), 0);
      queue.skipThrough(first + 1);
      assertThat(drain(queue)).containsExactly("c");
    }
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).count();
    }
  }
}
