package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import dev.genaiwatch.testapp.scenario.LangChain4jScenarios.Librarian;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The demo's shop: customers ask Example Corp's support assistant, two questions in three through
 * the OpenAI SDK and one in three through a LangChain4j AI service that retrieves the shop's policy
 * documents (RAG). {@code shop-shifted} runs its first half like {@code shop-steady}, then degrades
 * the way real traffic does and the product should catch: longer questions, many of them in Chinese
 * or German, about things the policies do not cover (so the RAG answers ignore their documents),
 * asking for detail under the same token limit as before (so answers are cut at {@code
 * max_tokens}). Deterministic for a given seed.
 */
final class ShopScenarios {
  static final int MAX_TOKENS = 160;
  static final List<String> POLICIES =
      List.of(
          "Password resets: the reset link we email is valid for 30 minutes. Resetting your"
              + " password signs out every other session.",
          "Invoices: every invoice can be downloaded as a PDF from the Billing page. Invoices are"
              + " issued on the first day of the billing period.",
          "Double charges: a second charge for the same invoice is refunded automatically. A"
              + " pending authorization is released by your bank within five business days.",
          "Billing address: change it under Billing, then Payment details. The new address appears"
              + " on the next invoice.",
          "Plan changes: you can upgrade your plan mid-month and pay the prorated difference. A"
              + " downgrade takes effect at the end of the billing period.",
          "Cancellation: cancel your subscription on the Billing page. Your plan stays active until"
              + " the end of the paid period.",
          "Payment methods: we accept Visa, Mastercard, American Express, PayPal and SEPA direct"
              + " debit.",
          "Refunds: a refund reaches your card within five to ten business days, on the payment"
              + " method of the original charge.");
  // Traffic's support questions, and two that only the policies' second sentences answer.
  static final List<String> QUESTIONS =
      Stream.concat(
              Traffic.SUPPORT_QUESTIONS.stream(),
              Stream.of(
                  "Does a password reset sign out my other sessions?",
                  "When is my invoice issued?"))
          .toList();

  // What customers ask after the shift: Traffic's shifted questions and longer ones with the
  // customer's own context pasted in, in Chinese, German and English.
  static final List<String> SHIFTED_QUESTIONS =
      Stream.concat(
              Traffic.SHIFTED_QUESTIONS.stream(),
              Stream.of(
                  "我们公司在德国和新加坡都有分支机构，员工会通过手机和网页访问你们的服务。请详细说明个人数据在哪些国家存储、"
                      + "是否会传输到欧盟以外、数据保存多久，以及删除账户后备份里的数据什么时候会被清除？",
                  "Wir planen, unsere gesamte Abteilung mit 250 Nutzern auf den Enterprise-Tarif umzustellen. Bitte"
                      + " erklären Sie ausführlich, welche Vertragsbedingungen, SSO-Optionen und Audit-Protokolle es"
                      + " gibt und wie lange die Umstellung dauert.",
                  "We run a nightly batch job that sends about 40,000 requests in two hours and we keep getting"
                      + " 429 errors around 2 a.m. Explain in detail how your rate limits are counted, how we"
                      + " should retry, and whether batch endpoints would have different limits."))
          .toList();

  private ShopScenarios() {}

  @ScenarioName("shop-steady")
  private static void steady(ScenarioContext ctx) throws Exception {
    run(ctx, "shop-steady", false);
  }

  @ScenarioName("shop-shifted")
  private static void shifted(ScenarioContext ctx) throws Exception {
    run(ctx, "shop-shifted", true);
  }

  private static void run(ScenarioContext ctx, String name, boolean shift) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    Librarian assistant = LangChain4jScenarios.librarian(ctx, MAX_TOKENS, POLICIES);
    SplittableRandom random = new SplittableRandom(ctx.seed());
    int fromPolicies = 0;
    long totalChars = 0;
    for (int i = 0; i < ctx.requests(); i++) {
      boolean shifted = shift && i >= ctx.requests() / 2;
      List<String> pool = shifted ? SHIFTED_QUESTIONS : QUESTIONS;
      String question = pool.get(random.nextInt(pool.size()));
      if (i % 3 == 2) {
        totalChars += assistant.answer(question).length();
        fromPolicies++;
      } else {
        totalChars += Traffic.ask(client, ctx, question, MAX_TOKENS, i % 4 == 3);
      }
    }
    ctx.print(
        name,
        ctx.requests()
            + " requests ("
            + fromPolicies
            + " answered from the policies), "
            + totalChars
            + " answer chars");
  }
}
