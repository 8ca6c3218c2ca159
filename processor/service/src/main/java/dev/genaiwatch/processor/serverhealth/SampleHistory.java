package dev.genaiwatch.processor.serverhealth;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} samples of one server, oldest overwritten first. */
final class SampleHistory {
  private final ServerSample[] ring;
  private int next;
  private int size;

  SampleHistory(int capacity) {
    this.ring = new ServerSample[capacity];
  }

  synchronized void add(ServerSample sample) {
    ring[next] = sample;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  /** Samples taken in [fromMillis, toMillis), oldest first. */
  synchronized List<ServerSample> between(long fromMillis, long toMillis) {
    List<ServerSample> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ServerSample sample = ring[(next - size + i + ring.length) % ring.length];
      if (sample.epochMillis() >= fromMillis && sample.epochMillis() < toMillis) {
        out.add(sample);
      }
    }
    return out;
  }
}
