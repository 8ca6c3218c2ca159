package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Calls an OpenAI-compatible {@code /chat/completions} endpoint as the judge: temperature 0, JSON
 * object response format, a timeout per attempt, and retries with exponential backoff on 429, 5xx,
 * timeouts and connection failures (the transient cases); other statuses fail at once.
 */
final class JudgeClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final HttpClient http;

  JudgeClient(EvaluationConfig config) {
    this.endpoint = URI.create(config.judgeBaseUrl() + "/chat/completions");
    this.model = config.judgeModel();
    this.apiKey = config.judgeApiKey();
    this.timeout = config.timeout();
    this.maxRetries = config.maxRetries();
    this.backoff = config.retryBackoff();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.timeout())
            .build();
  }

  String host() {
    return endpoint.getHost();
  }

  int port() {
    return endpoint.getPort() >= 0
        ? endpoint.getPort()
        : "https".equals(endpoint.getScheme()) ? 443 : 80;
  }

  String model() {
    return model;
  }

  JudgeExchange complete(String systemPrompt, String userMessage) throws InterruptedException {
    JudgeExchange x = new JudgeExchange();
    x.requestModel = model;
    x.startEpochNanos = epochNanos();
    byte[] body = requestBody(systemPrompt, userMessage);
    try {
      for (int attempt = 0; ; attempt++) {
        x.attempts = attempt + 1;
        EvaluationFailure failure = attempt(body, x);
        if (failure == null) {
          return x;
        }
        if (!retryable(failure) || attempt >= maxRetries) {
          x.failure = failure;
          return x;
        }
        long sleep = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt, 20));
        Thread.sleep(sleep);
      }
    } finally {
      x.endEpochNanos = epochNanos();
    }
  }

  /** One HTTP round trip; fills {@code x} on success, returns the failure otherwise. */
  private EvaluationFailure attempt(byte[] body, JudgeExchange x) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return new EvaluationFailure(
          EvaluationFailure.TIMEOUT, "judge did not answer within " + timeout);
    } catch (IOException e) {
      return new EvaluationFailure(EvaluationFailure.CONNECTION, "judge unreachable: " + e);
    }
    if (response.statusCode() != 200) {
      return new EvaluationFailure(
          EvaluationFailure.HTTP + response.statusCode(),
          "judge answered HTTP " + response.statusCode());
    }
    try {
      JsonNode root = JSON.readTree(response.body());
      JsonNode content = root.path("choices").path(0).path("message").path("content");
      x.responseId = root.path("id").isTextual() ? root.path("id").asText() : null;
      x.responseModel = root.path("model").isTextual() ? root.path("model").asText() : null;
      JsonNode usage = root.path("usage");
      x.inputTokens =
          usage.path("prompt_tokens").isIntegralNumber()
              ? usage.path("prompt_tokens").asLong()
              : null;
      x.outputTokens =
          usage.path("completion_tokens").isIntegralNumber()
              ? usage.path("completion_tokens").asLong()
              : null;
      if (!content.isTextual()) {
        return new EvaluationFailure(
            EvaluationFailure.INVALID_RESPONSE, "judge response has no message content");
      }
      x.content = content.asText();
      return null;
    } catch (IOException e) {
      return new EvaluationFailure(
          EvaluationFailure.INVALID_RESPONSE, "judge response is not JSON");
    }
  }

  private static boolean retryable(EvaluationFailure f) {
    return f.reason.equals(EvaluationFailure.TIMEOUT)
        || f.reason.equals(EvaluationFailure.CONNECTION)
        || f.reason.equals(EvaluationFailure.HTTP + 429)
        || f.reason.startsWith(EvaluationFailure.HTTP + "5");
  }

  private byte[] requestBody(String systemPrompt, String userMessage) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("temperature", 0);
    var messages = root.putArray("messages");
    messages.addObject().put("role", "system").put("content", systemPrompt);
    messages.addObject().put("role", "user").put("content", userMessage);
    root.putObject("response_format").put("type", "json_object");
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a tree we built", e);
    }
  }

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
