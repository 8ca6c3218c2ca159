package dev.genaiwatch.bench.micro;

/** Realistic prompt and answer texts (support chat, RAG context) for the content benchmarks. */
public final class Prompts {
  private Prompts() {}

  public static final String SYSTEM =
      "You are the support assistant of Example Corp. Answer politely and briefly, cite the "
          + "relevant policy section, and never promise refunds that the policy does not allow.";

  /** About 2 KB of retrieved context plus a question: no secret, no e-mail address. */
  public static final String CLEAN_PROMPT =
      ("Context: Orders placed before noon ship the same business day. Refunds are "
                  + "processed within five business days of receiving the returned item. Gift purchases can be exchanged but "
                  + "not refunded to the giver. Shipping to islands takes two extra days. ")
              .repeat(6)
          + "Question: my order 4711 has not arrived after ten days, what can I do?";

  /**
   * The same size, with an API key, a bearer token and two e-mail addresses pasted in by a user.
   */
  public static final String PROMPT_WITH_SECRETS =
      CLEAN_PROMPT.substring(0, CLEAN_PROMPT.length() / 2)
          + " My key is sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12 and the header was Authorization: Bearer abc.def.ghijklmnop; "
          + "write to jane.doe@example.com or support@example.org. "
          + CLEAN_PROMPT.substring(CLEAN_PROMPT.length() / 2);

  /** About 50,000 characters: the prompt with secrets above, 30 times over (retrieved context). */
  public static final String LONG_RAG_PROMPT = PROMPT_WITH_SECRETS.repeat(30);

  public static final String ANSWER =
      "I am sorry your order has not arrived. Orders to islands take two extra days; if it "
          + "has been more than ten business days, reply with your order number and we will send a replacement.";

  /** A chat-completions request body as an application sends it. */
  public static final String REQUEST_JSON =
      "{\"model\":\"qwen2.5-7b-instruct\",\"temperature\":0.2,\"messages\":["
          + "{\"role\":\"system\",\"content\":"
          + quote(SYSTEM)
          + "},"
          + "{\"role\":\"user\",\"content\":"
          + quote(CLEAN_PROMPT)
          + "},"
          + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
          + "\"function\":{\"name\":\"order_status\",\"arguments\":\"{\\\"order\\\":4711}\"}}]},"
          + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"in transit since 2024-05-01\"},"
          + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"And when will it arrive?\"}]}]}";

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
