package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 5.6.5 classic (JSON, a read-once request entity, a stream closed after 3
 * events) and async (SSE read whole), and {@code RestClient} on HttpClient 5.
 */
class ApacheHttpClientWireEndToEndTest extends HttpClientWireEndToEndTestBase {
  @Override
  String scenarios() {
    return "apache-classic-chat,apache-classic-read-once,apache-classic-stream-early-close,"
        + "apache-async-chat-stream,restclient-apache-chat";
  }

  @Override
  String instrumentation() {
    return "apache-httpclient5";
  }

  @Override
  List<String> outputPrefixes() {
    return List.of("apache-", "restclient-");
  }

  @Test
  void classicChatMatchesWhatWasServed() {
    assertChatMatchesWhatWasServed("Warsaw");
  }

  @Test
  void readOnceEntityReachedTheServerWholeAndIsOnTheSpan() {
    assertChatMatchesWhatWasServed("Cologne");
    assertThat(servedFor(spanWithInput("Cologne")).httpStatus()).isEqualTo(200);
  }

  @Test
  void classicStreamClosedAfterThreeEventsEndsClosed() {
    assertStreamClosedEarly("planets");
  }

  @Test
  void asyncStreamReadWholeCountsEveryChunkAndMeasuresTimeToFirstChunk() {
    assertStreamMatchesWhatWasServed("windmill");
  }

  @Test
  void restClientOnHttpClient5MatchesWhatWasServed() {
    assertChatMatchesWhatWasServed("Seville");
  }
}
