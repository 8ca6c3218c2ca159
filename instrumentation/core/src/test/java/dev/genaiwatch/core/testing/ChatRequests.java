package dev.genaiwatch.core.testing;

/**
 * OpenAI chat-completion request bodies as applications write them, for the wire-level tests of
 * every HTTP client.
 */
public final class ChatRequests {
  public static final String MODEL = "qwen2.5-7b-instruct";

  private ChatRequests() {}

  /**
   * One user question; a stream asks for the usage chunk ({@code stream_options.include_usage}).
   */
  public static String json(String question, boolean stream) {
    return "{\"model\":\""
        + MODEL
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + question
        + "\"}],\"max_tokens\":30,\"temperature\":0.5,\"stream\":"
        + stream
        + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
        + "}";
  }
}
