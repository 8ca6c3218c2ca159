package dev.genaiwatch.testapp.scenario;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Apache HttpClient 5, classic and async, and Spring's {@code RestClient} on HttpClient 5, talking
 * to an OpenAI-compatible server, printing what they received as {@link ReactorNettyScenarios}
 * does.
 */
final class ApacheHttpClientScenarios {
  private ApacheHttpClientScenarios() {}

  /**
   * The query string is a stand-in for gateways that take keys in the URL: it must never be
   * recorded.
   */
  private static HttpPost post(ScenarioContext ctx, String json) {
    HttpPost post = new HttpPost(ctx.baseUrl() + "/chat/completions?api-key=query-secret-0123");
    post.setHeader("Authorization", ReactorNettyScenarios.AUTHORIZATION);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return post;
  }

  @ScenarioName("apache-classic-chat")
  private static void classicChat(ScenarioContext ctx) throws Exception {
    String json =
        OkHttpScenarios.chatJson(
            ctx, "You are a terse assistant.", "Which river flows through Warsaw?", false, 24);
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      byte[] body =
          client.execute(
              post(ctx, json), response -> EntityUtils.toByteArray(response.getEntity()));
      JdkHttpClientScenarios.print(ctx, "apache-classic-chat", 200, body);
    }
  }

  @ScenarioName("apache-classic-read-once")
  private static void classicReadOnce(ScenarioContext ctx) throws Exception {
    byte[] json =
        OkHttpScenarios.chatJson(ctx, null, "Which river flows through Cologne?", false, 24)
            .getBytes(StandardCharsets.UTF_8);
    HttpPost post = post(ctx, "");
    // A stream nobody can rewind, of unknown length: a second write would send nothing.
    post.setEntity(
        new InputStreamEntity(new ByteArrayInputStream(json), -1, ContentType.APPLICATION_JSON));
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      byte[] body = client.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
      JdkHttpClientScenarios.print(ctx, "apache-classic-read-once", 200, body);
    }
  }

  @ScenarioName("apache-classic-stream-early-close")
  private static void classicStreamEarlyClose(ScenarioContext ctx) throws Exception {
    String json =
        OkHttpScenarios.chatJson(ctx, null, "Spell the names of the planets slowly.", true, 60);
    StringBuilder read = new StringBuilder();
    int events = 0;
    try (CloseableHttpClient client = HttpClients.createDefault();
        ClassicHttpResponse response = client.executeOpen(null, post(ctx, json), null)) {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
      String line;
      while (events < 3 && (line = reader.readLine()) != null) {
        read.append(line).append('\n');
        if (line.startsWith("data:")) {
          events++;
        }
      }
    }
    JdkHttpClientScenarios.print(
        ctx,
        "apache-classic-stream-early-close",
        200,
        read.toString().getBytes(StandardCharsets.UTF_8));
  }

  @ScenarioName("apache-async-chat-stream")
  private static void asyncStream(ScenarioContext ctx) throws Exception {
    SimpleHttpRequest request =
        SimpleRequestBuilder.post(ctx.baseUrl() + "/chat/completions")
            .setHeader("Authorization", ReactorNettyScenarios.AUTHORIZATION)
            .setBody(
                OkHttpScenarios.chatJson(ctx, null, "Describe a windmill in a storm.", true, 30),
                ContentType.APPLICATION_JSON)
            .build();
    try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
      client.start();
      SimpleHttpResponse response = client.execute(request, null).get(30, TimeUnit.SECONDS);
      JdkHttpClientScenarios.print(
          ctx, "apache-async-chat-stream", response.getCode(), response.getBodyBytes());
    }
  }

  @ScenarioName("restclient-apache-chat")
  private static void restClientChat(ScenarioContext ctx) throws Exception {
    byte[] body =
        RestClient.builder()
            .requestFactory(new HttpComponentsClientHttpRequestFactory())
            .baseUrl(ctx.baseUrl())
            .build()
            .post()
            .uri("/chat/completions")
            .header("Authorization", ReactorNettyScenarios.AUTHORIZATION)
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                OkHttpScenarios.chatJson(
                    ctx, null, "Which river flows through Seville?", false, 24))
            .retrieve()
            .body(byte[].class);
    JdkHttpClientScenarios.print(ctx, "restclient-apache-chat", 200, body);
  }
}
