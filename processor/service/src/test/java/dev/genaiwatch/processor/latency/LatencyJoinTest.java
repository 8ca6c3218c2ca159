package dev.genaiwatch.processor.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The join on its own, with the clock passed in: pairs in either order of arrival, through a
 * wire-level span, never across traces, and every span that finds no partner counted once, by the
 * window or by the memory bound.
 */
class LatencyJoinTest {
  static final long MS = 1_000_000L;
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String CLIENT = "b7ad6b7169203331";
  static final String WIRE = "00f067aa0ba902b7";

  final List<LatencyBreakdown> matched = new ArrayList<>();
  final List<String> unmatched = new ArrayList<>();
  final LatencyJoin join = join(Duration.ofSeconds(30), 100);

  LatencyJoin join(Duration window, int maxPending) {
    return new LatencyJoin(
        new LatencySettings(true, window, maxPending, 10),
        new LatencyJoin.Events() {
          @Override
          public void matched(LatencyBreakdown breakdown) {
            matched.add(breakdown);
          }

          @Override
          public void unmatched(LatencyJoin.Side side, String reason) {
            unmatched.add(side.label + "/" + reason);
          }
        });
  }

  /** A streamed client call: 300 ms in all, first chunk after 120 ms, 50 in / 20 out tokens. */
  static ClientCall streamed(String trace, String spanId) {
    return new ClientCall(
        trace,
        spanId,
        "shop",
        "chat",
        "qwen",
        "127.0.0.1:8000",
        "chatcmpl-1",
        1_000 * MS,
        1_300 * MS,
        120 * MS,
        50,
        20);
  }

  static ClientCall notStreamed(String trace, String spanId) {
    return new ClientCall(
        trace, spanId, "shop", "chat", "qwen", "127.0.0.1:8000", null, 0, 300 * MS, -1, 50, 20);
  }

  /** Queue 30 ms, prefill 70 ms, decode 150 ms: first token at 100 ms, e2e 250 ms. */
  static ServerRequest server(String trace, String parent, long promptTokens, long outputTokens) {
    return new ServerRequest(
        trace,
        parent,
        "chatcmpl-1",
        30 * MS,
        70 * MS,
        150 * MS,
        100 * MS,
        250 * MS,
        promptTokens,
        outputTokens);
  }

  @Test
  void aServerSpanArrivingAfterItsClientSpanIsJoined() {
    join.client(streamed(TRACE, CLIENT), 0);
    join.server(server(TRACE, CLIENT, 50, 20), 5 * MS);

    assertThat(matched).hasSize(1);
    LatencyBreakdown b = matched.get(0);
    assertThat(b.queueNanos()).isEqualTo(30 * MS);
    assertThat(b.prefillNanos()).isEqualTo(70 * MS);
    assertThat(b.decodeNanos()).isEqualTo(150 * MS);
    assertThat(b.serverTimeToFirstTokenNanos()).isEqualTo(100 * MS);
    assertThat(b.serverE2eNanos()).isEqualTo(250 * MS);
    assertThat(b.clientDurationNanos()).isEqualTo(300 * MS);
    assertThat(b.networkNanos()).isEqualTo(20 * MS);
    assertThat(b.tokenMismatch()).isFalse();
    assertThat(join.pending()).isZero();
    assertThat(unmatched).isEmpty();
  }

  @Test
  void aServerSpanArrivingBeforeItsClientSpanIsJoined() {
    join.server(server(TRACE, CLIENT, 50, 20), 0);
    join.client(streamed(TRACE, CLIENT), 5 * MS);

    assertThat(matched)
        .singleElement()
        .satisfies(b -> assertThat(b.networkNanos()).isEqualTo(20 * MS));
    assertThat(join.pending()).isZero();
  }

  @Test
  void aCallThatWasNotStreamedCountsAsNetworkWhatTheServerDidNotSeeOfTheWholeCall() {
    join.client(notStreamed(TRACE, CLIENT), 0);
    join.server(server(TRACE, CLIENT, 50, 20), 0);

    assertThat(matched)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.streamed()).isFalse();
              assertThat(b.networkNanos()).isEqualTo(300 * MS - 250 * MS);
              assertThat(b.responseId()).isEqualTo("chatcmpl-1");
            });
  }

  @Test
  void aServerSpanUnderTheWireLevelChildOfTheCallIsJoinedWhenTheLinkCameFirst() {
    join.client(streamed(TRACE, CLIENT), 0);
    join.wireLink(TRACE, WIRE, CLIENT, 0);
    join.server(server(TRACE, WIRE, 50, 20), 0);

    assertTheClientCallAloneIsJoined();
  }

  @Test
  void aServerSpanUnderTheWireLevelChildOfTheCallIsJoinedWhenTheLinkCameLast() {
    join.server(server(TRACE, WIRE, 50, 20), 0);
    join.client(streamed(TRACE, CLIENT), 0);
    assertThat(matched).isEmpty();

    join.wireLink(TRACE, WIRE, CLIENT, 0);

    assertTheClientCallAloneIsJoined();
  }

  @Test
  void spansOfAnotherTraceWithTheSameSpanIdAreNotJoined() {
    join.client(streamed(TRACE, CLIENT), 0);
    join.server(server("1".repeat(32), CLIENT, 50, 20), 0);

    assertThat(matched).isEmpty();
    assertThat(join.pending()).isEqualTo(2);
  }

  @Test
  void aSpanWhosePartnerDoesNotComeWithinTheWindowIsCountedOnceAndForgotten() {
    LatencyJoin short10s = join(Duration.ofSeconds(10), 100);
    short10s.client(streamed(TRACE, CLIENT), 0);
    short10s.server(server(TRACE, "2".repeat(16), 50, 20), 1_000 * MS);

    short10s.expire(9_999 * MS);
    assertThat(unmatched).isEmpty();
    short10s.expire(10_000 * MS);
    assertThat(unmatched).containsExactly("client/window");
    short10s.expire(11_000 * MS);
    assertThat(unmatched).containsExactly("client/window", "server/window");
    short10s.expire(60_000 * MS);
    assertThat(unmatched).hasSize(2);

    // The partner arriving late finds nothing and waits itself.
    short10s.server(server(TRACE, CLIENT, 50, 20), 61_000 * MS);
    assertThat(matched).isEmpty();
    assertThat(short10s.pending()).isEqualTo(1);
  }

  @Test
  void beyondMaxPendingTheOldestWaitingSpanIsEvictedAndCounted() {
    LatencyJoin small = join(Duration.ofSeconds(30), 2);
    small.client(streamed(TRACE, "1".repeat(16)), 0);
    small.server(server(TRACE, "2".repeat(16), 50, 20), 1);
    small.client(streamed(TRACE, "3".repeat(16)), 2);

    assertThat(small.pending()).isEqualTo(2);
    assertThat(unmatched).containsExactly("client/budget");
    small.wireLink(TRACE, "4".repeat(16), "5".repeat(16), 3);
    assertThat(small.pending()).isEqualTo(2);
    assertThat(unmatched).containsExactly("client/budget", "server/budget");
  }

  @Test
  void serverTokenCountsThatDifferFromTheClientsAreFlagged() {
    join.client(streamed(TRACE, CLIENT), 0);
    join.server(server(TRACE, CLIENT, 50, 21), 0);

    assertThat(matched).singleElement().satisfies(b -> assertThat(b.tokenMismatch()).isTrue());
  }

  @Test
  void tokensTheClientDidNotReportAreNotAMismatch() {
    ClientCall estimated =
        new ClientCall(
            TRACE, CLIENT, "shop", "chat", "qwen", "", null, 0, 300 * MS, 120 * MS, -1, -1);
    join.client(estimated, 0);
    join.server(server(TRACE, CLIENT, 50, 21), 0);

    assertThat(matched).singleElement().satisfies(b -> assertThat(b.tokenMismatch()).isFalse());
  }

  @Test
  void theDominantPartOfTheWaitIsTheLargestOfNetworkQueueAndPrefill() {
    join.client(streamed(TRACE, CLIENT), 0);
    join.server(
        new ServerRequest(
            TRACE, CLIENT, null, 90 * MS, 10 * MS, 150 * MS, 100 * MS, 250 * MS, -1, -1),
        0);

    assertThat(matched)
        .singleElement()
        .satisfies(b -> assertThat(b.dominantPart()).isEqualTo("queue"));
  }

  private void assertTheClientCallAloneIsJoined() {
    assertThat(matched)
        .singleElement()
        .satisfies(b -> assertThat(b.clientSpanId()).isEqualTo(CLIENT));
    assertThat(join.pending()).isZero();
  }
}
