package dev.genaiwatch.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Reactor Netty and Apache HttpClient 5 scenarios in one run on the oldest lines the wire level
 * supports: Reactor Netty 1.2.16 (with Netty 4.1 and Reactor Core 3.7, under Spring Framework
 * 6.2.12's WebClient and RestClient) and HttpClient 5.4.4 with HttpCore 5.3.4 (module
 * testapp/wire-oldest: the same testapp classes, only the libraries differ).
 */
class WireOnOldestClientsEndToEndTest extends HttpClientWireEndToEndTestBase {
  @Override
  String scenarios() {
    return new ReactorNettyWireEndToEndTest().scenarios()
        + ","
        + new ApacheHttpClientWireEndToEndTest().scenarios();
  }

  @Override
  String instrumentation() {
    return "reactor-netty";
  }

  @Override
  List<String> instrumentations() {
    return List.of(instrumentation(), new ApacheHttpClientWireEndToEndTest().instrumentation());
  }

  @Override
  List<String> outputPrefixes() {
    return List.of("webclient-", "reactor-netty-", "restclient-", "apache-");
  }

  @Override
  Path appJar() {
    return AgentRun.testappOnOldestWireClientsJar();
  }

  /** WebClient, Reactor Netty directly, RestClient on both; HttpClient 5 classic, read-once. */
  @ParameterizedTest
  @ValueSource(strings = {"Prague", "Lyon", "Turin", "Warsaw", "Cologne", "Seville"})
  void chatMatchesWhatWasServed(String input) {
    assertChatMatchesWhatWasServed(input);
  }

  /** WebClient's SSE and HttpClient 5 async, read whole. */
  @ParameterizedTest
  @ValueSource(strings = {"mountain lake", "windmill"})
  void streamReadWholeCountsEveryChunkAndMeasuresTimeToFirstChunk(String input) {
    assertStreamMatchesWhatWasServed(input);
  }

  /** WebClient cancelled after 3 events; HttpClient 5 classic stream closed after 3. */
  @ParameterizedTest
  @ValueSource(strings = {"alphabet", "planets"})
  void streamStoppedAfterThreeEventsEndsClosed(String input) {
    assertStreamClosedEarly(input);
  }
}
