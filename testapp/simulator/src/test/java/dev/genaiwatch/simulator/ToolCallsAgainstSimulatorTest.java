package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's function-calling loop on the wire: a tool call first, then an answer quoting its
 * result.
 */
class ToolCallsAgainstSimulatorTest extends AgainstSimulator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"},\"metric\":{\"type\":\"boolean\"},"
          + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},\"tags\":{\"type\":\"array\"}},"
          + "\"required\":[\"city\"]}}},"
          + "{\"type\":\"function\",\"function\":{\"name\":\"other_tool\",\"parameters\":{\"type\":\"object\"}}}]";
  private static final String ASK =
      "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}";
  private static final String CALLED =
      "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
          + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}";
  private static final String RESULT =
      "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny, 21 degrees\"}";
  private static final String EXPECTED_ARGUMENTS =
      "{\"city\":\"Paris\",\"days\":42,\"metric\":true,\"unit\":\"celsius\"}";

  private static String chat(String messages, String extra) throws Exception {
    String body =
        "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":[" + messages + "]," + TOOLS + extra + "}";
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(sim.rootUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build(),
            BodyHandlers.ofString())
        .body();
  }

  @Test
  void requestOfferingToolsGetsACallToTheFirstToolWithArgumentsFromItsSchema() throws Exception {
    JsonNode choice = JSON.readTree(chat(ASK, "")).path("choices").get(0);

    JsonNode call = choice.path("message").path("tool_calls").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("content").isNull()).isTrue();
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo(EXPECTED_ARGUMENTS);
    ServedResponse served = sim.served().get(0);
    assertThat(served.toolCalls())
        .containsExactly(
            new ServedResponse.ToolCall(
                call.path("id").asText(), "get_weather", EXPECTED_ARGUMENTS));
    assertThat(served.finishReason()).isEqualTo("tool_calls");
    assertThat(served.completionTokens()).isEqualTo(Tokenizer.count(EXPECTED_ARGUMENTS));
  }

  @Test
  void streamedToolCallOpensWithIdAndNameThenStreamsArgumentFragmentsAtIndexZero()
      throws Exception {
    String body = chat(ASK, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");

    List<JsonNode> chunks = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      if (!event.equals("data: [DONE]")) {
        chunks.add(JSON.readTree(event.substring("data: ".length())));
      }
    }
    JsonNode opening = chunks.get(0).path("choices").get(0).path("delta").path("tool_calls").get(0);
    StringBuilder arguments =
        new StringBuilder(opening.path("function").path("arguments").asText());
    String finish = null;
    for (JsonNode chunk : chunks.subList(1, chunks.size())) {
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode fragment = choice.path("delta").path("tool_calls").get(0);
        assertThat(fragment.path("index").asInt()).isZero();
        arguments.append(fragment.path("function").path("arguments").asText());
        finish =
            choice.path("finish_reason").isNull() ? finish : choice.path("finish_reason").asText();
      }
    }
    ServedResponse served = sim.served().get(0);
    assertThat(opening.path("index").asInt()).isZero();
    assertThat(opening.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(opening.path("id").asText()).isEqualTo(served.toolCalls().get(0).id());
    assertThat(arguments).hasToString(EXPECTED_ARGUMENTS);
    assertThat(finish).isEqualTo("tool_calls");
    assertThat(chunks.get(chunks.size() - 1).path("usage").path("completion_tokens").asInt())
        .isEqualTo(served.completionTokens());
  }

  @Test
  void requestCarryingTheToolResultGetsATextAnswerQuotingIt() throws Exception {
    JsonNode choice =
        JSON.readTree(chat(ASK + "," + CALLED + "," + RESULT, "")).path("choices").get(0);

    assertThat(choice.path("message").has("tool_calls")).isFalse();
    assertThat(choice.path("message").path("content").asText())
        .startsWith("Tool said: sunny, 21 degrees. ");
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    ServedResponse served = sim.served().get(0);
    assertThat(served.toolCalls()).isEmpty();
    assertThat(served.outputText()).isEqualTo(choice.path("message").path("content").asText());
    assertThat(served.completionTokens()).isEqualTo(Tokenizer.count(served.outputText()));
  }

  @Test
  void toolAlreadyAnsweredSinceTheLastUserMessageIsNotCalledAgain() throws Exception {
    String followUp =
        "{\"role\":\"assistant\",\"content\":\"It is sunny.\"},"
            + "{\"role\":\"user\",\"content\":\"Thanks\"}";

    JsonNode afterAnswer =
        JSON.readTree(
            chat(
                ASK + "," + CALLED + "," + RESULT + ",{\"role\":\"assistant\",\"content\":\"ok\"}",
                ""));
    JsonNode newQuestion =
        JSON.readTree(chat(ASK + "," + CALLED + "," + RESULT + "," + followUp, ""));

    assertThat(afterAnswer.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(newQuestion.path("choices").get(0).path("finish_reason").asText())
        .isEqualTo("tool_calls");
    assertThat(
            newQuestion
                .path("choices")
                .get(0)
                .path("message")
                .path("tool_calls")
                .get(0)
                .path("function")
                .path("arguments")
                .asText())
        .contains("\"city\":\"Thanks\"");
  }

  @Test
  void toolChoiceNoneAnswersWithText() throws Exception {
    JsonNode choice = JSON.readTree(chat(ASK, ",\"tool_choice\":\"none\"")).path("choices").get(0);

    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(sim.served().get(0).toolCalls()).isEmpty();
  }
}
