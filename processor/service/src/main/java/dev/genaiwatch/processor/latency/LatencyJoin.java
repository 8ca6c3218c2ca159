package dev.genaiwatch.processor.latency;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pairs a client GenAI call with its model server's span: same trace, and the server span's parent
 * is the client span, or an HTTP CLIENT span (the wire-level child) whose parent is the client
 * span. Whichever side arrives first waits, at most {@code window} and only while fewer than {@code
 * maxPending} entries wait; then it is dropped and counted as unmatched. Nothing here holds a span
 * from forwarding: the join keeps only the few numbers it needs.
 *
 * <p>Time is passed in ({@code nowNanos}, monotonic) so the bounds are exact in tests. Thread-safe.
 */
final class LatencyJoin {

  /** Which side of a pair went unmatched, as the metric label says it. */
  enum Side {
    CLIENT("client"),
    SERVER("server");

    final String label;

    Side(String label) {
      this.label = label;
    }
  }

  /** What the join found: called under its lock, so it must be quick. */
  interface Events {
    void matched(LatencyBreakdown breakdown);

    /**
     * @param reason {@code window} (waited the whole window) or {@code budget} (evicted, the oldest
     *     first, to stay within max pending)
     */
    void unmatched(Side side, String reason);
  }

  private record Key(String traceId, String spanId) {}

  private record Pending<T>(T value, long deadline) {}

  private final long windowNanos;
  private final int maxPending;
  private final Events events;
  private final LinkedHashMap<Key, Pending<ClientCall>> clients = new LinkedHashMap<>();
  // Keyed by the span the server span names as parent (or, after a wire link, by the client span).
  private final LinkedHashMap<Key, Pending<ServerRequest>> servers = new LinkedHashMap<>();
  // Wire-level span -> the span id of its parent.
  private final LinkedHashMap<Key, Pending<String>> links = new LinkedHashMap<>();

  LatencyJoin(LatencySettings settings, Events events) {
    this.windowNanos = settings.window().toNanos();
    this.maxPending = settings.maxPending();
    this.events = events;
  }

  synchronized void client(ClientCall client, long nowNanos) {
    expire(nowNanos);
    Key key = new Key(client.traceId(), client.spanId());
    Pending<ServerRequest> server = servers.remove(key);
    if (server != null) {
      events.matched(LatencyBreakdown.of(client, server.value()));
      return;
    }
    clients.put(key, new Pending<>(client, nowNanos + windowNanos));
    enforceBudget();
  }

  synchronized void server(ServerRequest server, long nowNanos) {
    expire(nowNanos);
    Key key = new Key(server.traceId(), server.parentSpanId());
    Pending<String> link = links.remove(key);
    if (link != null) {
      key = new Key(server.traceId(), link.value());
    }
    waitOrMatch(key, new Pending<>(server, nowNanos + windowNanos));
  }

  /** An HTTP CLIENT span {@code spanId} under {@code parentSpanId}. */
  synchronized void wireLink(String traceId, String spanId, String parentSpanId, long nowNanos) {
    expire(nowNanos);
    Key wire = new Key(traceId, spanId);
    Pending<ServerRequest> server = servers.remove(wire);
    if (server != null) {
      waitOrMatch(new Key(traceId, parentSpanId), server);
      return;
    }
    links.put(wire, new Pending<>(parentSpanId, nowNanos + windowNanos));
    enforceBudget();
  }

  /** Counts what waited past its deadline; also called periodically when no spans arrive. */
  synchronized void expire(long nowNanos) {
    expire(clients, Side.CLIENT, nowNanos);
    expire(servers, Side.SERVER, nowNanos);
    expire(links, null, nowNanos);
  }

  /** Entries waiting (both sides and wire links). */
  synchronized int pending() {
    return clients.size() + servers.size() + links.size();
  }

  private void waitOrMatch(Key clientKey, Pending<ServerRequest> server) {
    Pending<ClientCall> client = clients.remove(clientKey);
    if (client != null) {
      events.matched(LatencyBreakdown.of(client.value(), server.value()));
      return;
    }
    servers.put(clientKey, server);
    enforceBudget();
  }

  private void expire(Map<Key, ? extends Pending<?>> map, Side side, long nowNanos) {
    Iterator<? extends Pending<?>> it = map.values().iterator();
    while (it.hasNext()) {
      // Insertion order is deadline order, except for a server span re-keyed after a wire link,
      // which keeps its deadline and so may expire up to one window late.
      if (it.next().deadline() - nowNanos > 0) {
        return;
      }
      it.remove();
      if (side != null) {
        events.unmatched(side, "window");
      }
    }
  }

  private void enforceBudget() {
    while (pending() > maxPending) {
      Map<Key, ? extends Pending<?>> oldest = clients;
      Side side = Side.CLIENT;
      if (olderHead(servers, oldest)) {
        oldest = servers;
        side = Side.SERVER;
      }
      if (olderHead(links, oldest)) {
        oldest = links;
        side = null;
      }
      Iterator<? extends Pending<?>> it = oldest.values().iterator();
      it.next();
      it.remove();
      if (side != null) {
        events.unmatched(side, "budget");
      }
    }
  }

  private static boolean olderHead(
      Map<Key, ? extends Pending<?>> candidate, Map<Key, ? extends Pending<?>> current) {
    if (candidate.isEmpty()) {
      return false;
    }
    if (current.isEmpty()) {
      return true;
    }
    long a = candidate.values().iterator().next().deadline();
    long b = current.values().iterator().next().deadline();
    return a - b < 0;
  }
}
