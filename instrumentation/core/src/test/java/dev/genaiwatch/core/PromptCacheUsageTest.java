package dev.genaiwatch.core;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.testing.TestTelemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prompt-cache usage (Anthropic reports both reads and writes) and which SDK a request without
 * context is from.
 */
class PromptCacheUsageTest {

  @Test
  void cacheWriteTokensAreRecordedAsTheConventionsCacheCreationAttribute() {
    try (TestTelemetry telemetry = TestTelemetry.install(false)) {
      ActiveLlmCall active = telemetry.startChat("anthropic-java", false);
      active.call().cacheReadInputTokens = 40L;
      active.call().cacheCreationInputTokens = 12L;
      active.end();

      assertThat(telemetry.onlySpan().getAttributes().get(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS))
          .isEqualTo(12L);
      assertThat(telemetry.onlySpan().getAttributes().get(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS))
          .isEqualTo(40L);
    }
  }

  @Test
  void noCacheWriteAttributeWhenTheProviderReportsNone() {
    try (TestTelemetry telemetry = TestTelemetry.install(false)) {
      telemetry.startChat("openai-java", false).end();

      assertThat(telemetry.onlySpan().getAttributes().get(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS))
          .isNull();
    }
  }

  @Test
  void anAnthropicSdkRequestBelongsToTheAnthropicInstrumentationNotTheOpenAiOne() {
    CallOwnership ownership = CallOwnership.alone();
    Map<String, String> anthropic =
        Map.of("X-Stainless-Lang", "java", "anthropic-version", "2023-06-01");

    ownership.librarySawCall(CallOwnership.OPENAI_JAVA);
    assertThat(ownership.sentByInstrumentedSdk(anthropic::get)).isFalse();

    ownership.librarySawCall(CallOwnership.ANTHROPIC_JAVA);
    assertThat(ownership.sentByInstrumentedSdk(anthropic::get)).isTrue();
  }

  @Test
  void anOpenAiSdkRequestIsNotClaimedByTheAnthropicInstrumentation() {
    CallOwnership ownership = CallOwnership.alone();
    ownership.librarySawCall(CallOwnership.ANTHROPIC_JAVA);

    assertThat(ownership.sentByInstrumentedSdk(Map.of("X-Stainless-Lang", "java")::get)).isFalse();
  }
}
