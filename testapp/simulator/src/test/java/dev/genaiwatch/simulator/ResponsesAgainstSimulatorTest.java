package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/responses} as the real openai-java SDK sees it: JSON, typed SSE events, function
 * calls, faults.
 */
class ResponsesAgainstSimulatorTest extends AgainstSimulatorWithOpenAi {
  private static final String MODEL = "qwen2.5-7b-instruct";

  private static ResponseCreateParams.Builder request(String input) {
    return ResponseCreateParams.builder().model(MODEL).instructions("You are terse.").input(input);
  }

  static String text(Response r) {
    return r.output().stream()
        .flatMap(i -> i.message().stream())
        .flatMap(m -> m.content().stream())
        .flatMap(c -> c.outputText().stream())
        .map(t -> t.text())
        .collect(Collectors.joining());
  }

  private static ServedResponse onlyServed() {
    assertThat(sim.served()).hasSize(1);
    return sim.served().get(0);
  }

  @Test
  void jsonResponseCarriesTheTextAndUsageThatWereServed() {
    Response r = client.responses().create(request("Tell me about rivers.").build());

    ServedResponse served = onlyServed();
    assertThat(served.endpoint()).isEqualTo(ServedResponse.RESPONSES);
    assertThat(r.id()).isEqualTo(served.id()).startsWith("resp_");
    assertThat(r.status()).contains(ResponseStatus.COMPLETED);
    assertThat(text(r)).isEqualTo(served.outputText()).isNotEmpty();
    assertThat(r.usage().orElseThrow().inputTokens()).isEqualTo(served.promptTokens());
    assertThat(r.usage().orElseThrow().outputTokens()).isEqualTo(served.completionTokens());
    assertThat(r.usage().orElseThrow().inputTokensDetails().cachedTokens())
        .isEqualTo(served.cachedTokens());
    assertThat(r.usage().orElseThrow().outputTokensDetails().reasoningTokens())
        .isEqualTo(served.reasoningTokens());
    assertThat(served.finishReason()).isEqualTo("stop");
  }

  @Test
  void theSamePrefixAgainIsServedFromThePrefixCache() {
    String longPrompt =
        "Describe the water cycle in detail, covering evaporation, condensation and rain. "
            .repeat(4);
    client.responses().create(request(longPrompt).build());
    Response second = client.responses().create(request(longPrompt).build());

    assertThat(second.usage().orElseThrow().inputTokensDetails().cachedTokens()).isPositive();
  }

  @Test
  void maxOutputTokensReachedIsAnIncompleteResponse() {
    Response r =
        client.responses().create(request("Tell me about rivers.").maxOutputTokens(2L).build());

    assertThat(r.status()).contains(ResponseStatus.INCOMPLETE);
    assertThat(r.incompleteDetails().orElseThrow().reason().orElseThrow().asString())
        .isEqualTo("max_output_tokens");
    assertThat(onlyServed().finishReason()).isEqualTo("length");
  }

  @Test
  void streamDeliversTypedEventsEndingWithTheCompletedResponse() {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(request("Tell me about rivers.").build())) {
      stream.stream().forEach(events::add);
    }

    ServedResponse served = onlyServed();
    assertThat(served.stream()).isTrue();
    assertThat(events.get(0).isCreated()).isTrue();
    assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
    String deltas =
        events.stream()
            .filter(ResponseStreamEvent::isOutputTextDelta)
            .map(e -> e.asOutputTextDelta().delta())
            .collect(Collectors.joining());
    assertThat(deltas).isEqualTo(served.outputText());
    assertThat(events).hasSize(served.chunkCount());
    Response completed = events.get(events.size() - 1).asCompleted().response();
    assertThat(text(completed)).isEqualTo(served.outputText());
    assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(served.completionTokens());
  }

  @Test
  void offeredToolIsCalledAndItsOutputQuotedInTheNextTurn() {
    FunctionTool weather =
        FunctionTool.builder()
            .name("get_weather")
            .strict(false)
            .parameters(
                FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .build())
            .build();
    Response first =
        client.responses().create(request("Weather in Paris").addTool(weather).build());

    ResponseFunctionToolCall call = first.output().get(0).asFunctionCall();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(sim.served().get(0).finishReason()).isEqualTo("tool_calls");

    Response second =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(MODEL)
                    .inputOfResponse(
                        List.of(
                            ResponseInputItem.ofFunctionCall(call),
                            ResponseInputItem.ofFunctionCallOutput(
                                ResponseInputItem.FunctionCallOutput.builder()
                                    .callId(call.callId())
                                    .output("sunny")
                                    .build())))
                    .addTool(weather)
                    .build());
    assertThat(text(second)).startsWith("Tool said: sunny.");
  }

  @Test
  void rateLimitFaultIsA429() {
    sim.enqueueFaults(Fault.parse("429"));

    assertThatThrownBy(() -> client.responses().create(request("Hi").build()))
        .isInstanceOf(RateLimitException.class);
    assertThat(onlyServed().httpStatus()).isEqualTo(429);
  }
}
