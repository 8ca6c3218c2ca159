package dev.genaiwatch.processor.drift.quality;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic steady chat traffic of one service and model, with ground truth: lognormal input
 * (median 470, σ 0.45) and output tokens (median 180, σ 0.6), 5 % of answers cut at the 1,024-token
 * limit ({@code length}), 1 % errors (no answer, quick failure), 30 % of calls with a prompt-cache
 * hit, time to first chunk lognormal (median 0.35 s) and growing with the input, decoding speed
 * lognormal (median 55 tokens/s) so that duration follows the output length, and prompts drawn from
 * a pool of 240. From call {@code shiftAt} on, {@code shift} changes one aspect and keeps it
 * changed. Everything comes from one seeded generator, so a seed is a reproducible run.
 */
public final class SyntheticTraffic {
  public static final String SERVICE = "quality-shop";
  public static final String MODEL = "gpt-sim";
  static final int MAX_TOKENS = 1024;
  private static final long START_NANOS = 1_750_000_000_000_000_000L;
  private static final Resource RESOURCE =
      Resource.newBuilder().addAttributes(string("service.name", SERVICE)).build();

  private final SplittableRandom random;
  private final Shift shift;
  private final long shiftAt;
  private final String systemInstructions;
  private long call;

  public SyntheticTraffic(long seed, Shift shift, long shiftAt) {
    this(seed, shift, shiftAt, null);
  }

  /**
   * Traffic whose calls carry {@code systemInstructions} (a template; null for none) as {@code
   * gen_ai.system_instructions}, with the call number filled in where it says {@code %d}.
   */
  public SyntheticTraffic(long seed, Shift shift, long shiftAt, String systemInstructions) {
    this.random = new SplittableRandom(seed);
    this.shift = shift;
    this.shiftAt = shiftAt;
    this.systemInstructions = systemInstructions;
  }

  public static Resource resource() {
    return RESOURCE;
  }

  /**
   * The next call's span (calls are numbered from 1; the shift applies from call {@code shiftAt}).
   */
  public Span next() {
    call++;
    boolean shifted = shift != Shift.NONE && call >= shiftAt;
    double errorRate = shifted && shift == Shift.ERRORS_1_TO_10 ? 0.10 : 0.01;
    double lengthRate = shifted && shift == Shift.FINISH_LENGTH_5_TO_25 ? 0.25 : 0.05;
    double inputFactor =
        !shifted
            ? 1
            : shift == Shift.INPUT_TOKENS_X1_5 ? 1.5 : shift == Shift.INPUT_TOKENS_X1_15 ? 1.15 : 1;
    double outputFactor = shifted && shift == Shift.OUTPUT_TOKENS_X0_6 ? 0.6 : 1;
    double ttftFactor = shifted && shift == Shift.TTFT_X2 ? 2 : 1;
    List<String> pool = shifted ? PromptPools.after(shift) : PromptPools.SUPPORT;

    String prompt = pool.get(random.nextInt(pool.size()));
    long input = Math.max(1, Math.round(lognormal(470, 0.45) * inputFactor));
    long startNanos = START_NANOS + call * 50_000_000L;
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(id(16)))
            .setSpanId(ByteString.copyFrom(id(8)))
            .setName("chat " + MODEL)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(startNanos)
            .addAttributes(string("gen_ai.operation.name", "chat"))
            .addAttributes(string("gen_ai.provider.name", "openai"))
            .addAttributes(string("gen_ai.request.model", MODEL))
            .addAttributes(integer("gen_ai.usage.input_tokens", input))
            .addAttributes(
                string(
                    "gen_ai.input.messages",
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                        + new String(JsonStringEncoder.getInstance().quoteAsString(prompt))
                        + "\"}]}]"));
    if (systemInstructions != null) {
      span.addAttributes(
          string(
              "gen_ai.system_instructions",
              "[{\"type\":\"text\",\"content\":\""
                  + systemInstructions.replace("%d", Long.toString(call))
                  + "\"}]"));
    }
    if (random.nextDouble() < 0.30) {
      span.addAttributes(
          integer(
              "gen_ai.usage.cache_read.input_tokens",
              Math.round(input * (0.2 + 0.7 * random.nextDouble()))));
    }
    if (random.nextDouble() < errorRate) {
      span.addAttributes(string("error.type", random.nextDouble() < 0.7 ? "500" : "timeout"));
      return span.setEndTimeUnixNano(startNanos + Math.round(lognormal(0.4, 0.5) * 1e9)).build();
    }
    boolean cut = random.nextDouble() < lengthRate;
    long output =
        cut
            ? MAX_TOKENS
            : Math.min(MAX_TOKENS - 1, Math.max(1, Math.round(lognormal(180, 0.6) * outputFactor)));
    double ttft = lognormal(0.35, 0.3) * (1 + input / 5000.0) * ttftFactor;
    double tokensPerSecond = lognormal(55, 0.2);
    double duration = ttft + output / tokensPerSecond;
    return span.setEndTimeUnixNano(startNanos + Math.round(duration * 1e9))
        .addAttributes(integer("gen_ai.usage.output_tokens", output))
        .addAttributes(decimal("gen_ai.response.time_to_first_chunk", ttft))
        .addAttributes(decimal("genai_watch.output_tokens_per_second", tokensPerSecond))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("gen_ai.response.finish_reasons")
                .setValue(
                    AnyValue.newBuilder()
                        .setArrayValue(
                            ArrayValue.newBuilder()
                                .addValues(
                                    AnyValue.newBuilder()
                                        .setStringValue(cut ? "length" : "stop")))))
        .build();
  }

  private double lognormal(double median, double sigma) {
    return median * Math.exp(sigma * gaussian());
  }

  private double gaussian() {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private byte[] id(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    bytes[0] |= 1;
    return bytes;
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue decimal(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }
}
