package dev.genaiwatch.bench.micro;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streamed OpenAI chat completion as the server sends it with {@code
 * stream_options.include_usage}: one role chunk, content chunks of one token each, a finish chunk,
 * a usage chunk with empty {@code choices}, {@value #CHUNKS} chunks in all, then {@code data:
 * [DONE]}. Some tokens are non-ASCII, so the slices split UTF-8 sequences as well as lines and
 * events.
 */
public final class OpenAiChatStream {
  /** JSON chunks in the stream ({@code [DONE]} is not one). */
  public static final int CHUNKS = 200;

  /**
   * Sizes of the byte slices the HTTP client hands over, cycled: TCP segment payloads (1448 bytes),
   * a full read buffer (4096), small reads when the server flushes each event (307, 97), so that
   * slice boundaries fall anywhere.
   */
  static final int[] SLICE_SIZES = {1448, 307, 4096, 97, 2896, 1448, 733};

  private static final String[] TOKENS = {
    "I",
    " am",
    " sorry",
    " your",
    " order",
    " has",
    " not",
    " arrived",
    ".",
    " Orders",
    " to",
    " islands",
    " take",
    " two",
    " extra",
    " days",
    ";",
    " the",
    " café",
    " déjà",
    " vu",
    " —",
    " ✓",
    " 🚚",
    " if",
    " it",
    " has",
    " been",
    " more",
    " than",
    " ten",
    " business",
    " days",
    ","
  };

  private static final byte[] BYTES = build().getBytes(StandardCharsets.UTF_8);

  private OpenAiChatStream() {}

  /** The whole body as sent. */
  public static int length() {
    return BYTES.length;
  }

  /** The body in network-sized slices; each is a fresh read-only view (position 0). */
  static ByteBuffer[] slices() {
    List<ByteBuffer> slices = new ArrayList<>();
    int offset = 0;
    for (int i = 0; offset < BYTES.length; i++) {
      int n = Math.min(SLICE_SIZES[i % SLICE_SIZES.length], BYTES.length - offset);
      slices.add(ByteBuffer.wrap(BYTES, offset, n).slice().asReadOnlyBuffer());
      offset += n;
    }
    return slices.toArray(new ByteBuffer[0]);
  }

  private static String build() {
    String head =
        "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
            + "\"system_fingerprint\":\"fp_eb9dce56a8\",\"choices\":[";
    StringBuilder sb = new StringBuilder();
    sb.append(head)
        .append(
            "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    int contentChunks = CHUNKS - 3;
    for (int i = 0; i < contentChunks; i++) {
      sb.append(head)
          .append("{\"index\":0,\"delta\":{\"content\":\"")
          .append(TOKENS[i % TOKENS.length])
          .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    sb.append(head)
        .append(
            "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":null}\n\n");
    sb.append(head)
        .append("],\"usage\":{\"prompt_tokens\":512,\"completion_tokens\":")
        .append(contentChunks)
        .append(",\"total_tokens\":")
        .append(512 + contentChunks)
        .append(
            ",\"prompt_tokens_details\":"
                + "{\"cached_tokens\":384,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
                + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
    sb.append("data: [DONE]\n\n");
    return sb.toString();
  }
}
