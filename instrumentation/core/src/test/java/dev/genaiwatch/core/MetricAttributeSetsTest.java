package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;

class MetricAttributeSetsTest {
  private final MetricAttributeSets sets = new MetricAttributeSets();

  private static LlmCall call(String model) {
    LlmCall call = new LlmCall();
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = model;
    call.responseModel = model + "-2024";
    call.serverAddress = "api.example.com";
    call.serverPort = 443L;
    return call;
  }

  @Test
  void callsOfTheSameShapeShareOneAttributeSet() {
    assertThat(sets.of(call("m"), null).common()).isSameAs(sets.of(call("m"), null).common());
  }

  @Test
  void tokenSetsAddTheTokenTypeToTheCommonSet() {
    MetricAttributeSets.Sets of = sets.of(call("m"), "timeout");

    assertThat(of.inputTokens().get(AttributeKey.stringKey("gen_ai.token.type")))
        .isEqualTo("input");
    assertThat(of.outputTokens().get(AttributeKey.stringKey("gen_ai.token.type")))
        .isEqualTo("output");
    assertThat(of.common().get(AttributeKey.stringKey("error.type"))).isEqualTo("timeout");
    assertThat(of.common().get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
    assertThat(of.common().get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("m-2024");
  }

  @Test
  void anErrorTypeMakesADistinctSet() {
    assertThat(sets.of(call("m"), "timeout").common())
        .isNotEqualTo(sets.of(call("m"), null).common());
  }

  @Test
  void keepsAtMostItsCapacityAndStillAnswersPastIt() {
    for (int i = 0; i < MetricAttributeSets.CAPACITY + 50; i++) {
      assertThat(
              sets.of(call("model-" + i), null)
                  .common()
                  .get(AttributeKey.stringKey("gen_ai.request.model")))
          .isEqualTo("model-" + i);
    }
    assertThat(sets.size()).isEqualTo(MetricAttributeSets.CAPACITY);
  }
}
