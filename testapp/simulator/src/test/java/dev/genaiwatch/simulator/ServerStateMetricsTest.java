package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server-state gauges a model-server health scrape reads, computed from the simulator's real
 * state: KV-cache usage from the running requests' prompt blocks, prefix-cache hits that collapse
 * while the cache is flushed.
 */
class ServerStateMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PROMPT =
      "You are a careful assistant for the order desk. Answer briefly and cite the order number."
          + " Customers ask about delivery dates, refunds and lost parcels all day long.";

  private static String chat(String question) {
    return "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[{\"role\":\"system\",\"content\":\""
        + PROMPT
        + "\"},{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]}";
  }

  private static HttpRequest post(SimulatedLlmServer sim, String path, String body) {
    return HttpRequest.newBuilder(URI.create(sim.rootUrl() + path))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body))
        .build();
  }

  private static JsonNode usage(SimulatedLlmServer sim, String question) throws Exception {
    return JSON.readTree(
            HTTP.send(post(sim, "/v1/chat/completions", chat(question)), BodyHandlers.ofString())
                .body())
        .path("usage");
  }

  private static double sample(SimulatedLlmServer sim, String series) {
    return sim.metricsText()
        .lines()
        .filter(line -> line.startsWith(series + "{model_name=\"qwen2.5-7b-instruct\"} "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not served"));
  }

  /**
   * The KV-cache usage once the server has released the finished request's slot: the client can
   * read the whole response a moment before the server's handler gets there.
   */
  private static double afterTheSlotIsReleased(SimulatedLlmServer sim) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    double usage = sample(sim, "vllm:kv_cache_usage_perc");
    while (usage != 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
      usage = sample(sim, "vllm:kv_cache_usage_perc");
    }
    return usage;
  }

  @Test
  void kvCacheUsageIsThePromptBlocksOfRunningRequestsOverTheCapacity() throws Exception {
    SimConfig config =
        SimConfig.zeroLatency().toBuilder()
            .decodeMillisPerToken(40)
            .outputTokenRange(40, 40)
            .kvCacheBlocks(10)
            .build();
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config)) {
      assertThat(sample(sim, "vllm:kv_cache_usage_perc")).isZero();
      CompletableFuture<HttpResponse<String>> running =
          HTTP.sendAsync(
              post(sim, "/v1/chat/completions", chat("Where is order 7?")),
              BodyHandlers.ofString());
      double during = 0;
      while (!running.isDone() && during == 0) {
        during = sample(sim, "vllm:kv_cache_usage_perc");
      }
      int promptTokens =
          JSON.readTree(running.get().body()).path("usage").path("prompt_tokens").asInt();
      assertThat(during).isEqualTo(Math.ceil(promptTokens / 16.0) / 10);
      assertThat(afterTheSlotIsReleased(sim)).isZero();
    }
  }

  @Test
  void flushingThePrefixCacheStopsHitsWhileQueriesContinue() throws Exception {
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency())) {
      usage(sim, "first");
      assertThat(usage(sim, "second").path("prompt_tokens_details").path("cached_tokens").asInt())
          .isPositive();
      double hits = sample(sim, "vllm:prefix_cache_hits_total");
      double queries = sample(sim, "vllm:prefix_cache_queries_total");

      HTTP.send(post(sim, "/sim/prefix-cache", "{\"flushing\":true}"), BodyHandlers.ofString());
      assertThat(usage(sim, "third").path("prompt_tokens_details").path("cached_tokens").asInt())
          .isZero();
      assertThat(usage(sim, "fourth").path("prompt_tokens_details").path("cached_tokens").asInt())
          .isZero();
      assertThat(sample(sim, "vllm:prefix_cache_hits_total")).isEqualTo(hits);
      assertThat(sample(sim, "vllm:prefix_cache_queries_total")).isGreaterThan(queries);

      sim.flushPrefixCacheContinuously(false);
      usage(sim, "fifth");
      assertThat(usage(sim, "sixth").path("prompt_tokens_details").path("cached_tokens").asInt())
          .isPositive();
    }
  }
}
