package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.LlmCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerEndpointTest {

  private static LlmCall endpoint(String baseUrl) {
    LlmCall call = new LlmCall();
    ServerEndpoint.intoCall(baseUrl, call);
    return call;
  }

  @Test
  void explicitHostAndPortAreRecorded() {
    LlmCall call = endpoint("http://vllm.internal:8000/v1");

    assertHostAndPort(call, "vllm.internal", 8000L);
    assertThat(call.provider).isEqualTo("openai");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          https without port defaults to 443 | https://api.openai.com/v1 | api.openai.com | 443
          http without port defaults to 80 | http://localhost/v1 | localhost | 80
          scheme is matched case-insensitively | HTTP://localhost/v1 | localhost | 80
          only host and port are kept, never path or query \
            | https://gateway.example.com:8443/tenant/acme/v1?api-key=secret123 \
            | gateway.example.com | 8443
          """)
  void hostAndPortAreReadFromTheBaseUrl(String behaviour, String baseUrl, String host, long port) {
    assertHostAndPort(endpoint(baseUrl), host, port);
  }

  @Test
  void clientsWithDifferentBaseUrlsEachGetTheirOwnServer() {
    LlmCall azure = endpoint("https://shop.openai.azure.com/openai");
    LlmCall local = endpoint("http://vllm.internal:8000/v1");
    LlmCall azureAgain = endpoint("https://shop.openai.azure.com/openai");

    assertHostAndPort(azure, "shop.openai.azure.com", 443L);
    assertHostAndPort(local, "vllm.internal", 8000L);
    assertThat(local.provider).isEqualTo("openai");
    assertHostAndPort(azureAgain, "shop.openai.azure.com", 443L);
    assertThat(azureAgain.provider).isEqualTo("azure.ai.openai");
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    LlmCall call = endpoint("  http://localhost:11434/v1 \n");

    assertHostAndPort(call, "localhost", 11434L);
  }

  @Test
  void azureOpenAiHostIsTheAzureProvider() {
    LlmCall call = endpoint("https://my-resource.openai.azure.com/openai/deployments/gpt-4o");

    assertThat(call.provider).isEqualTo("azure.ai.openai");
    assertHostAndPort(call, "my-resource.openai.azure.com", 443L);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "not a url",
        "localhost:8000",
        "/v1/chat/completions",
        "http://",
        "::::",
        "%zz"
      })
  void unusableBaseUrlLeavesTheCallUntouched(String baseUrl) {
    LlmCall call = endpoint(baseUrl);

    assertThat(call.serverAddress).isNull();
    assertThat(call.serverPort).isNull();
    assertThat(call.provider).isEqualTo("openai");
  }

  private static void assertHostAndPort(LlmCall call, String address, long port) {
    assertThat(call.serverAddress).isEqualTo(address);
    assertThat(call.serverPort).isEqualTo(port);
  }
}
