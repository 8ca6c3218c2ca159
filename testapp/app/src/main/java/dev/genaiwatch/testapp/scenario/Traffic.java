package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traffic runs: a stream of user questions, one in four streamed. The shifted run changes what
 * users ask halfway (longer questions, another topic, another language), the kind of slow input
 * drift that CPU and QPS dashboards never show. Deterministic for a given seed.
 */
final class Traffic {
  static final List<String> SUPPORT_QUESTIONS =
      List.of(
          "How do I reset my password?",
          "Where can I download my invoice?",
          "Why was my card charged twice?",
          "How do I change my billing address?",
          "Can I upgrade my plan mid-month?",
          "How do I cancel my subscription?",
          "What payment methods do you accept?",
          "How long does a refund take?");
  static final List<String> SHIFTED_QUESTIONS =
      List.of(
          "请详细解释一下你们的数据隐私政策，以及我的个人数据会在哪些国家存储和处理？",
          "Explain step by step how to migrate a production PostgreSQL cluster with zero downtime, including rollback.",
          "我想把整个团队的账户迁移到企业版，需要注意哪些合同条款和安全审计要求？",
          "Write a detailed comparison of your API rate limits against three competitors, with a table and caveats.",
          "如果模型的回答和知识库里的文档不一致，我应该以哪个为准？请给出理由。");

  private Traffic() {}

  static void run(ScenarioContext ctx, String name, boolean shift) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    SplittableRandom random = new SplittableRandom(ctx.seed());
    long totalChars = 0;
    for (int i = 0; i < ctx.requests(); i++) {
      boolean shifted = shift && i >= ctx.requests() / 2;
      List<String> pool = shifted ? SHIFTED_QUESTIONS : SUPPORT_QUESTIONS;
      String question = pool.get(random.nextInt(pool.size()));
      totalChars += ask(client, ctx, question, shifted ? 96 : 32, i % 4 == 3);
    }
    ctx.print(name, ctx.requests() + " requests, " + totalChars + " answer chars");
  }

  /** One support question through the OpenAI SDK; returns the answer's length in characters. */
  static long ask(
      OpenAIClient client, ScenarioContext ctx, String question, long maxTokens, boolean streamed) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder()
            .model(ctx.chatModel())
            .addSystemMessage("You are the support assistant of Example Corp. Answer briefly.")
            .addUserMessage(question)
            .maxCompletionTokens(maxTokens);
    if (!streamed) {
      ChatCompletion c = client.chat().completions().create(params.build());
      return c.choices().get(0).message().content().map(String::length).orElse(0);
    }
    params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params.build())) {
      return stream.stream()
          .mapToLong(
              c ->
                  c.choices().stream()
                      .mapToLong(ch -> ch.delta().content().map(String::length).orElse(0))
                      .sum())
          .sum();
    }
  }
}
