package dev.genaiwatch.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable configuration of a {@link SimulatedLlmServer}.
 *
 * <p>The builder defaults are the realistic latency model; {@link #zeroLatency()} is the preset for
 * tests and benchmarks, where every sleep would only slow the suite down without adding coverage.
 * The prefix cache and token accounting behave identically in both presets, so telemetry assertions
 * written against one hold for the other.
 */
public final class SimConfig {

  /** vLLM's default KV-cache block size; cached-token counts are always a multiple of it. */
  public static final int BLOCK_SIZE = 16;

  private final long seed;
  private final int port;
  private final double ttftBaseMillis;
  private final double prefillMillisPerToken;
  private final double decodeMillisPerToken;
  private final double concurrencyPenalty;
  private final int embeddingDimension;
  private final List<String> models;
  private final int servedLogCapacity;
  private final int minOutputTokens;
  private final int maxOutputTokens;
  private final int prefixCacheEntries;
  private final int maxConnections;
  private final int maxRunningRequests;
  private final int kvCacheBlocks;
  private final String otlpTracesEndpoint;

  private SimConfig(Builder b) {
    this.seed = b.seed;
    this.port = b.port;
    this.ttftBaseMillis = b.ttftBaseMillis;
    this.prefillMillisPerToken = b.prefillMillisPerToken;
    this.decodeMillisPerToken = b.decodeMillisPerToken;
    this.concurrencyPenalty = b.concurrencyPenalty;
    this.embeddingDimension = b.embeddingDimension;
    this.models = List.copyOf(b.models);
    this.servedLogCapacity = b.servedLogCapacity;
    this.minOutputTokens = b.minOutputTokens;
    this.maxOutputTokens = b.maxOutputTokens;
    this.prefixCacheEntries = b.prefixCacheEntries;
    this.maxConnections = b.maxConnections;
    this.maxRunningRequests = b.maxRunningRequests;
    this.kvCacheBlocks = b.kvCacheBlocks;
    this.otlpTracesEndpoint = b.otlpTracesEndpoint;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All delays zero: for tests and benchmarks that measure the client, not the simulated GPU. */
  public static SimConfig zeroLatency() {
    return builder()
        .ttftBaseMillis(0)
        .prefillMillisPerToken(0)
        .decodeMillisPerToken(0)
        .concurrencyPenalty(0)
        .build();
  }

  /** vLLM-on-a-small-GPU-like latencies, for the demo. */
  public static SimConfig realistic() {
    return builder().build();
  }

  /**
   * Parses command-line options. {@code --latency zero|realistic} selects the base preset no matter
   * where it appears, so individual overrides such as {@code --ttft-base-ms} always win over it.
   * Both {@code --opt value} and {@code --opt=value} are accepted.
   */
  public static SimConfig fromArgs(String[] args) {
    List<String[]> options = splitOptions(args);
    Builder b = builder();
    for (String[] opt : options) {
      if (opt[0].equals("latency")) {
        switch (opt[1].toLowerCase(Locale.ROOT)) {
          case "zero":
            b = zeroLatency().toBuilder();
            break;
          case "realistic":
            b = realistic().toBuilder();
            break;
          default:
            throw new IllegalArgumentException("--latency must be zero or realistic: " + opt[1]);
        }
      }
    }
    for (String[] opt : options) {
      String name = opt[0];
      String value = opt[1];
      switch (name) {
        case "latency":
          break;
        case "port":
          b.port(parseInt(name, value));
          break;
        case "seed":
          b.seed(parseLong(name, value));
          break;
        case "ttft-base-ms":
          b.ttftBaseMillis(parseDouble(name, value));
          break;
        case "prefill-ms-per-token":
          b.prefillMillisPerToken(parseDouble(name, value));
          break;
        case "decode-ms-per-token":
          b.decodeMillisPerToken(parseDouble(name, value));
          break;
        case "concurrency-penalty":
          b.concurrencyPenalty(parseDouble(name, value));
          break;
        case "embedding-dim":
          b.embeddingDimension(parseInt(name, value));
          break;
        case "models":
          b.models(Arrays.asList(value.split(",")));
          break;
        case "served-log-capacity":
          b.servedLogCapacity(parseInt(name, value));
          break;
        case "min-output-tokens":
          b.outputTokenRange(
              parseInt(name, value), Math.max(parseInt(name, value), b.maxOutputTokens));
          break;
        case "max-output-tokens":
          b.outputTokenRange(
              Math.min(b.minOutputTokens, parseInt(name, value)), parseInt(name, value));
          break;
        case "output-tokens":
          {
            String[] range = value.split("\\.\\.|-", 2);
            if (range.length != 2) {
              throw new IllegalArgumentException("--output-tokens expects MIN..MAX: " + value);
            }
            b.outputTokenRange(parseInt(name, range[0]), parseInt(name, range[1]));
            break;
          }
        case "prefix-cache-entries":
          b.prefixCacheEntries(parseInt(name, value));
          break;
        case "max-connections":
          b.maxConnections(parseInt(name, value));
          break;
        case "max-running-requests":
          b.maxRunningRequests(parseInt(name, value));
          break;
        case "kv-cache-blocks":
          b.kvCacheBlocks(parseInt(name, value));
          break;
        case "otlp-traces-endpoint":
          b.otlpTracesEndpoint(value);
          break;
        default:
          throw new IllegalArgumentException("unknown option --" + name + "\n" + usage());
      }
    }
    return b.build();
  }

  public static String usage() {
    return "options: --port N --seed N --latency zero|realistic --ttft-base-ms X"
        + " --prefill-ms-per-token X --decode-ms-per-token X --concurrency-penalty X"
        + " --embedding-dim N --models a,b --served-log-capacity N --output-tokens MIN..MAX"
        + " --prefix-cache-entries N --max-connections N --max-running-requests N"
        + " --kv-cache-blocks N"
        + " --otlp-traces-endpoint URL";
  }

  private static List<String[]> splitOptions(String[] args) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("unexpected argument: " + arg + "\n" + usage());
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        out.add(new String[] {body.substring(0, eq), body.substring(eq + 1)});
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + arg);
        }
        out.add(new String[] {body, args[++i]});
      }
    }
    return out;
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " expects an integer: " + v, e);
    }
  }

  private static long parseLong(String name, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " expects an integer: " + v, e);
    }
  }

  private static double parseDouble(String name, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " expects a number: " + v, e);
    }
  }

  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .port(port)
        .ttftBaseMillis(ttftBaseMillis)
        .prefillMillisPerToken(prefillMillisPerToken)
        .decodeMillisPerToken(decodeMillisPerToken)
        .concurrencyPenalty(concurrencyPenalty)
        .embeddingDimension(embeddingDimension)
        .models(models)
        .servedLogCapacity(servedLogCapacity)
        .outputTokenRange(minOutputTokens, maxOutputTokens)
        .prefixCacheEntries(prefixCacheEntries)
        .maxConnections(maxConnections)
        .maxRunningRequests(maxRunningRequests)
        .kvCacheBlocks(kvCacheBlocks)
        .otlpTracesEndpoint(otlpTracesEndpoint);
  }

  public long seed() {
    return seed;
  }

  /** 0 means an ephemeral port chosen by the OS. */
  public int port() {
    return port;
  }

  public double ttftBaseMillis() {
    return ttftBaseMillis;
  }

  public double prefillMillisPerToken() {
    return prefillMillisPerToken;
  }

  public double decodeMillisPerToken() {
    return decodeMillisPerToken;
  }

  public double concurrencyPenalty() {
    return concurrencyPenalty;
  }

  public int embeddingDimension() {
    return embeddingDimension;
  }

  public List<String> models() {
    return models;
  }

  public int servedLogCapacity() {
    return servedLogCapacity;
  }

  public int minOutputTokens() {
    return minOutputTokens;
  }

  public int maxOutputTokens() {
    return maxOutputTokens;
  }

  public int prefixCacheEntries() {
    return prefixCacheEntries;
  }

  public int maxConnections() {
    return maxConnections;
  }

  /** Like vLLM's max_num_seqs: requests beyond it wait and show up in num_requests_waiting. */
  public int maxRunningRequests() {
    return maxRunningRequests;
  }

  /**
   * KV-cache capacity in blocks of {@link #BLOCK_SIZE} tokens; the prompt blocks of the running
   * requests over it is {@code vllm:kv_cache_usage_perc}.
   */
  public int kvCacheBlocks() {
    return kvCacheBlocks;
  }

  /**
   * Like vLLM's {@code --otlp-traces-endpoint}: where the {@code llm_request} server spans go
   * (OTLP/HTTP JSON, {@code /v1/traces} appended unless present), or null (the default: none sent).
   */
  public String otlpTracesEndpoint() {
    return otlpTracesEndpoint;
  }

  @Override
  public String toString() {
    return "SimConfig{seed="
        + seed
        + ", port="
        + port
        + ", ttftBaseMillis="
        + ttftBaseMillis
        + ", prefillMillisPerToken="
        + prefillMillisPerToken
        + ", decodeMillisPerToken="
        + decodeMillisPerToken
        + ", concurrencyPenalty="
        + concurrencyPenalty
        + ", embeddingDimension="
        + embeddingDimension
        + ", models="
        + models
        + ", servedLogCapacity="
        + servedLogCapacity
        + ", outputTokens="
        + minOutputTokens
        + ".."
        + maxOutputTokens
        + ", prefixCacheEntries="
        + prefixCacheEntries
        + ", maxConnections="
        + maxConnections
        + ", maxRunningRequests="
        + maxRunningRequests
        + ", kvCacheBlocks="
        + kvCacheBlocks
        + ", otlpTracesEndpoint="
        + otlpTracesEndpoint
        + "}";
  }

  /** Mutable builder; {@link #build()} validates so a bad config fails at startup, not mid-test. */
  public static final class Builder {
    private long seed = 42;
    private int port = 0;
    private double ttftBaseMillis = 40;
    private double prefillMillisPerToken = 0.2;
    private double decodeMillisPerToken = 8;
    private double concurrencyPenalty = 0.15;
    private int embeddingDimension = 64;
    private List<String> models = List.of("qwen2.5-7b-instruct", "text-embedding-3-small");
    private int servedLogCapacity = 10_000;
    private int minOutputTokens = 16;
    private int maxOutputTokens = 64;
    private int prefixCacheEntries = 256;
    private int maxConnections = 512;
    private int maxRunningRequests = 256;
    private int kvCacheBlocks = 2048;
    private String otlpTracesEndpoint;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder ttftBaseMillis(double v) {
      this.ttftBaseMillis = v;
      return this;
    }

    public Builder prefillMillisPerToken(double v) {
      this.prefillMillisPerToken = v;
      return this;
    }

    public Builder decodeMillisPerToken(double v) {
      this.decodeMillisPerToken = v;
      return this;
    }

    public Builder concurrencyPenalty(double v) {
      this.concurrencyPenalty = v;
      return this;
    }

    public Builder embeddingDimension(int v) {
      this.embeddingDimension = v;
      return this;
    }

    public Builder models(List<String> v) {
      this.models = List.copyOf(Objects.requireNonNull(v, "models"));
      return this;
    }

    public Builder servedLogCapacity(int v) {
      this.servedLogCapacity = v;
      return this;
    }

    /**
     * Natural output length range (inclusive) used when neither max_tokens nor a marker caps it.
     */
    public Builder outputTokenRange(int min, int max) {
      this.minOutputTokens = min;
      this.maxOutputTokens = max;
      return this;
    }

    public Builder prefixCacheEntries(int v) {
      this.prefixCacheEntries = v;
      return this;
    }

    public Builder maxConnections(int v) {
      this.maxConnections = v;
      return this;
    }

    public Builder maxRunningRequests(int v) {
      this.maxRunningRequests = v;
      return this;
    }

    public Builder kvCacheBlocks(int v) {
      this.kvCacheBlocks = v;
      return this;
    }

    /** Null (the default) sends no server spans. */
    public Builder otlpTracesEndpoint(String v) {
      this.otlpTracesEndpoint = v == null || v.isBlank() ? null : v.trim();
      return this;
    }

    public SimConfig build() {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      requireNonNegative("ttftBaseMillis", ttftBaseMillis);
      requireNonNegative("prefillMillisPerToken", prefillMillisPerToken);
      requireNonNegative("decodeMillisPerToken", decodeMillisPerToken);
      requireNonNegative("concurrencyPenalty", concurrencyPenalty);
      if (embeddingDimension < 1) {
        throw new IllegalArgumentException("embeddingDimension must be >= 1");
      }
      if (models.isEmpty() || models.stream().anyMatch(m -> m == null || m.isBlank())) {
        throw new IllegalArgumentException("models must be a non-empty list of names");
      }
      if (servedLogCapacity < 1) {
        throw new IllegalArgumentException("servedLogCapacity must be >= 1");
      }
      if (minOutputTokens < 1 || maxOutputTokens < minOutputTokens) {
        throw new IllegalArgumentException(
            "output token range must satisfy 1 <= min <= max: "
                + minOutputTokens
                + ".."
                + maxOutputTokens);
      }
      if (prefixCacheEntries < 0) {
        throw new IllegalArgumentException("prefixCacheEntries must be >= 0");
      }
      if (kvCacheBlocks < 1) {
        throw new IllegalArgumentException("kvCacheBlocks must be >= 1");
      }
      if (maxConnections < 1 || maxRunningRequests < 1) {
        throw new IllegalArgumentException("maxConnections and maxRunningRequests must be >= 1");
      }
      if (otlpTracesEndpoint != null) {
        URI uri;
        try {
          uri = new URI(otlpTracesEndpoint);
        } catch (URISyntaxException e) {
          throw new IllegalArgumentException(
              "otlpTracesEndpoint is not a URL: " + otlpTracesEndpoint, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "otlpTracesEndpoint must be an http(s) URL with a host: " + otlpTracesEndpoint);
        }
      }
      return new SimConfig(this);
    }

    private static void requireNonNegative(String name, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be a finite number >= 0: " + v);
      }
    }
  }
}
