package dev.genaiwatch.testapp.scenario;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Spring's {@code WebClient} (on Reactor Netty, its default connector), Reactor Netty's {@code
 * HttpClient} used directly and Spring's {@code RestClient} on Reactor Netty, talking to an
 * OpenAI-compatible server. Each scenario prints the SHA-256 of what the application received, so a
 * test can prove the bytes are the same with and without the agent.
 */
final class ReactorNettyScenarios {
  /** The API key the scenarios send: it must never be recorded. */
  static final String AUTHORIZATION = "Bearer sk-testapp-0123456789abcdefghij";

  private ReactorNettyScenarios() {}

  /**
   * The query string is a stand-in for gateways that take keys in the URL: it must never be
   * recorded.
   */
  private static WebClient.RequestHeadersSpec<?> post(ScenarioContext ctx, String json) {
    return WebClient.create(ctx.baseUrl())
        .post()
        .uri("/chat/completions?api-key=query-secret-0123")
        .header("Authorization", AUTHORIZATION)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json);
  }

  @ScenarioName("webclient-chat")
  private static void webClientChat(ScenarioContext ctx) throws Exception {
    byte[] body =
        post(
                ctx,
                OkHttpScenarios.chatJson(
                    ctx,
                    "You are a terse assistant.",
                    "Which river flows through Prague?",
                    false,
                    24))
            .retrieve()
            .bodyToMono(byte[].class)
            .block();
    JdkHttpClientScenarios.print(ctx, "webclient-chat", 200, body);
  }

  @ScenarioName("webclient-chat-stream")
  private static void webClientStream(ScenarioContext ctx) throws Exception {
    List<String> events =
        post(ctx, OkHttpScenarios.chatJson(ctx, null, "Describe a mountain lake.", true, 30))
            .retrieve()
            .bodyToFlux(String.class)
            .collectList()
            .block();
    printEvents(ctx, "webclient-chat-stream", events);
  }

  @ScenarioName("webclient-chat-stream-early-close")
  private static void webClientStreamEarlyClose(ScenarioContext ctx) throws Exception {
    List<String> events =
        post(
                ctx,
                OkHttpScenarios.chatJson(ctx, null, "Recite the alphabet very slowly.", true, 200))
            .retrieve()
            .bodyToFlux(String.class)
            .take(3)
            .collectList()
            .block();
    printEvents(ctx, "webclient-chat-stream-early-close", events);
  }

  private static void printEvents(ScenarioContext ctx, String scenario, List<String> events)
      throws Exception {
    JdkHttpClientScenarios.print(
        ctx, scenario, 200, String.join("\n", events).getBytes(StandardCharsets.UTF_8));
  }

  @ScenarioName("reactor-netty-chat")
  private static void reactorNettyChat(ScenarioContext ctx) throws Exception {
    String json = OkHttpScenarios.chatJson(ctx, null, "Which river flows through Lyon?", false, 24);
    byte[] body =
        HttpClient.create()
            .headers(
                h -> h.set("Content-Type", "application/json").set("Authorization", AUTHORIZATION))
            .post()
            .uri(ctx.baseUrl() + "/chat/completions")
            .send(ByteBufFlux.fromString(Mono.just(json)))
            .responseSingle((response, content) -> content.asByteArray())
            .block();
    JdkHttpClientScenarios.print(ctx, "reactor-netty-chat", 200, body);
  }

  @ScenarioName("restclient-reactor-chat")
  private static void restClientChat(ScenarioContext ctx) throws Exception {
    byte[] body =
        RestClient.builder()
            .requestFactory(new ReactorClientHttpRequestFactory())
            .baseUrl(ctx.baseUrl())
            .build()
            .post()
            .uri("/chat/completions")
            .header("Authorization", AUTHORIZATION)
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                OkHttpScenarios.chatJson(ctx, null, "Which river flows through Turin?", false, 24))
            .retrieve()
            .body(byte[].class);
    JdkHttpClientScenarios.print(ctx, "restclient-reactor-chat", 200, body);
  }

  @ScenarioName("webclient-not-llm")
  private static void notLlm(ScenarioContext ctx) throws Exception {
    byte[] body =
        WebClient.create(ctx.baseUrl())
            .get()
            .uri("/models")
            .retrieve()
            .bodyToMono(byte[].class)
            .block();
    JdkHttpClientScenarios.print(ctx, "webclient-not-llm", 200, body);
  }
}
