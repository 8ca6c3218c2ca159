package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;

/**
 * Secrets that reach a span other than through the prompt or the answer (issue 18): a tool that
 * throws with a card number in its message, an SDK call whose server error body holds an e-mail
 * address, and a streamed answer with a Chinese ID across the content limit (the test sets {@code
 * GENAI_WATCH_CONTENT_MAX_LENGTH} so that it straddles). The failing server's base URL comes from
 * {@value #ERROR_BASE_URL_ENV}; the e2e test serves it.
 */
final class SideDoorScenarios {
  static final String ERROR_BASE_URL_ENV = "GENAI_WATCH_E2E_ERROR_BASE_URL";
  static final String CARD = "4111 1111 1111 1111";
  static final String CN_ID = "11010519491231002X";

  /** The answer echoes this without the marker: the ID starts at character 43 of it. */
  static final String STREAM_PROMPT =
      "[[echo]] " + "请核对下面的证件信息是否正确无误。".repeat(2) + "乘客王芳，身份证号" + CN_ID + "，出发日期五月十二日。";

  private SideDoorScenarios() {}

  /** A tool that fails the way real ones do: quoting what it was given. */
  static final class PaymentTools {
    @Tool("Charge the customer's card")
    public String charge(@P("the amount") String amount) {
      throw new IllegalStateException("card " + CARD + " was declined for amount " + amount);
    }
  }

  interface Cashier {
    String chat(String question);
  }

  @ScenarioName("redaction-side-doors")
  private static void run(ScenarioContext ctx) {
    try {
      Cashier cashier =
          AiServices.builder(Cashier.class)
              .chatModel(LangChain4jScenarios.chatModel(ctx).maxTokens(32).build())
              .tools(new PaymentTools())
              .build();
      ctx.print(
          "redaction-side-doors", "tool: " + cashier.chat("Charge 20 euros").length() + " chars");
    } catch (RuntimeException e) {
      ctx.print("redaction-side-doors", "tool: " + e.getClass().getName());
    }
    String errorBaseUrl = System.getenv(ERROR_BASE_URL_ENV);
    if (errorBaseUrl != null) {
      OpenAIClient failing =
          OpenAIOkHttpClient.builder()
              .baseUrl(errorBaseUrl)
              .apiKey("sk-testapp-0123456789abcdefghij")
              .maxRetries(0)
              .build();
      try {
        failing
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(ctx.chatModel())
                    .addUserMessage("What is my balance?")
                    .build());
        ctx.print("redaction-side-doors", "error: none");
      } catch (RuntimeException e) {
        ctx.print("redaction-side-doors", "error: " + e.getClass().getName());
      }
    }
    StringBuilder text = new StringBuilder();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ctx.chatModel())
            .addUserMessage(STREAM_PROMPT)
            .build();
    try (StreamResponse<ChatCompletionChunk> stream =
        OpenAiJavaScenarios.client(ctx).chat().completions().createStreaming(params)) {
      stream.stream()
          .forEach(
              chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }
    // Only the length: the application's own output is not under test.
    ctx.print("redaction-side-doors", "stream: " + text.length() + " chars");
  }
}
