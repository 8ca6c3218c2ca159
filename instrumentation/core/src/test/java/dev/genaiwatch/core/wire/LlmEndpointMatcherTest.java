package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmEndpointMatcherTest {
  private final LlmEndpointMatcher defaults = new LlmEndpointMatcher(WireSettings.defaults());

  @Test
  void recognisesTheOpenAiPathsAsTheirOperations() {
    assertThat(defaults.operation("POST", "h", "/v1/chat/completions")).isEqualTo("chat");
    assertThat(defaults.operation("POST", "h", "/v1/completions")).isEqualTo("text_completion");
    assertThat(defaults.operation("POST", "h", "/v1/embeddings")).isEqualTo("embeddings");
  }

  @Test
  void matchesUnderAGatewayPrefixAndWithATrailingSlash() {
    assertThat(defaults.operation("POST", "h", "/openai/v1/chat/completions")).isEqualTo("chat");
    assertThat(defaults.operation("POST", "h", "/v1/embeddings/")).isEqualTo("embeddings");
  }

  @Test
  void otherPathsAndNonPostRequestsAreNotLlmCalls() {
    assertThat(defaults.operation("GET", "h", "/v1/chat/completions")).isNull();
    assertThat(defaults.operation("GET", "h", "/v1/models")).isNull();
    assertThat(defaults.operation("POST", "h", "/health")).isNull();
    assertThat(defaults.operation("POST", "h", "/v1/chat/completions/extra")).isNull();
  }

  @Test
  void extraPatternsMatchWholePathsAndLeaveTheOperationToTheBody() {
    LlmEndpointMatcher m =
        new LlmEndpointMatcher(settings(Map.of(WireSettings.PATHS, "/gateway/*/chat, /llm/**")));
    assertThat(m.operation("POST", "h", "/gateway/team-a/chat"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_FROM_BODY);
    assertThat(m.operation("POST", "h", "/gateway/a/b/chat")).isNull();
    assertThat(m.operation("POST", "h", "/llm/x/y/z"))
        .isEqualTo(LlmEndpointMatcher.OPERATION_FROM_BODY);
  }

  @Test
  void deniedHostsAreNeverMatchedAndAnAllowListLimitsMatchingToItsHosts() {
    LlmEndpointMatcher m =
        new LlmEndpointMatcher(
            settings(
                Map.of(
                    WireSettings.HOSTS_ALLOW,
                    "*.internal,vllm",
                    WireSettings.HOSTS_DENY,
                    "secret.internal")));
    assertThat(m.operation("POST", "vllm", "/v1/chat/completions")).isEqualTo("chat");
    assertThat(m.operation("POST", "gpu1.internal", "/v1/chat/completions")).isEqualTo("chat");
    assertThat(m.operation("POST", "SECRET.internal", "/v1/chat/completions")).isNull();
    assertThat(m.operation("POST", "api.openai.com", "/v1/chat/completions")).isNull();
  }

  @Test
  void maxBodyBytesDefaultsToOneMebibyteAndAnInvalidValueFallsBack() {
    assertThat(WireSettings.defaults().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(settings(Map.of(WireSettings.MAX_BODY_BYTES, "4096")).maxBodyBytes())
        .isEqualTo(4096);
    assertThat(settings(Map.of(WireSettings.MAX_BODY_BYTES, "lots")).maxBodyBytes())
        .isEqualTo(1 << 20);
    assertThat(settings(Map.of()).extraPaths()).isEqualTo(List.of());
  }

  private static WireSettings settings(Map<String, String> values) {
    return WireSettings.from(GenAiWatchConfig.of(values));
  }
}
