package dev.genaiwatch.e2e;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring's {@code WebClient} (JSON and SSE via {@code bodyToFlux}, a stream cancelled after 3
 * events), Reactor Netty's {@code HttpClient} used directly and {@code RestClient} on Reactor
 * Netty, on Reactor Netty 1.3.7 and Spring Framework 6.2.12.
 */
class ReactorNettyWireEndToEndTest extends HttpClientWireEndToEndTestBase {
  @Override
  String scenarios() {
    return "webclient-chat,webclient-chat-stream,webclient-chat-stream-early-close,"
        + "reactor-netty-chat,restclient-reactor-chat,webclient-not-llm";
  }

  @Override
  String instrumentation() {
    return "reactor-netty";
  }

  @Override
  List<String> outputPrefixes() {
    return List.of("webclient-", "reactor-netty-", "restclient-");
  }

  @Test
  void webClientChatMatchesWhatWasServed() {
    assertChatMatchesWhatWasServed("Prague");
  }

  @Test
  void webClientStreamReadWholeCountsEveryChunkAndMeasuresTimeToFirstChunk() {
    assertStreamMatchesWhatWasServed("mountain lake");
  }

  @Test
  void webClientStreamCancelledAfterThreeEventsEndsClosed() {
    assertStreamClosedEarly("alphabet");
  }

  @Test
  void reactorNettyUsedDirectlyMatchesWhatWasServed() {
    assertChatMatchesWhatWasServed("Lyon");
  }

  @Test
  void restClientOnReactorNettyMatchesWhatWasServed() {
    assertChatMatchesWhatWasServed("Turin");
  }
}
