package dev.genaiwatch.processor.cost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prices per model, from the bundled {@code prices.txt} (list prices of well-known hosted models on
 * the date it states) overridden model by model by the operator's {@code cost.prices.file}.
 *
 * <p>The file format, one model a line: {@code gpt-4o input=2.50 cached_input=1.25 output=10.00},
 * USD per million tokens, fields {@code input} and {@code output} required, {@code cached_input}
 * (default: the input price), {@code reasoning} (default: the output price) and {@code cache_write}
 * (default: the input price) optional; {@code #} starts a comment; {@code @taken 2026-12-04} states
 * when the prices were taken. A line that does not parse is refused with its file and line number,
 * so a typo never prices calls at zero.
 */
public final class PriceTable {
  static final String BUNDLED = "prices.txt";
  private static final Set<String> FIELDS =
      Set.of("input", "cached_input", "output", "reasoning", "cache_write");

  /** Dated snapshots: OpenAI's -2024-08-06, Anthropic's -20250929 and @20250929, Gemini's -001. */
  private static final Pattern DATED_SUFFIX =
      Pattern.compile("(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-\\d{3}|-latest)$");

  private final Map<String, ModelPrice> prices;
  private final String taken;

  private PriceTable(Map<String, ModelPrice> prices, String taken) {
    this.prices = Map.copyOf(prices);
    this.taken = taken;
  }

  /** The bundled list prices. */
  public static PriceTable bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("bundled price table " + BUNDLED + " is missing");
      }
      return parse("bundled " + BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("bundled price table " + BUNDLED + " unreadable", e);
    }
  }

  /** The bundled prices, with every model the file names priced as the file says. */
  public static PriceTable bundledOverriddenBy(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "configuration cost.prices.file: cannot read " + file + ": " + e.getMessage(), e);
    }
    return bundled().overriddenBy(parse("cost.prices.file " + file, text));
  }

  public PriceTable overriddenBy(PriceTable override) {
    Map<String, ModelPrice> merged = new HashMap<>(prices);
    merged.putAll(override.prices);
    return new PriceTable(merged, override.taken != null ? override.taken : taken);
  }

  /**
   * Parses the price file format; {@code source} names the file in error messages.
   *
   * @throws IllegalArgumentException naming the source and line of the first bad line
   */
  public static PriceTable parse(String source, String text) {
    Map<String, ModelPrice> prices = new HashMap<>();
    String taken = null;
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      String[] words = line.split("\\s+");
      if (words[0].equals("@taken")) {
        if (words.length != 2) {
          throw new IllegalArgumentException(where + "expected '@taken YYYY-MM-DD'");
        }
        taken = words[1];
        continue;
      }
      String model = words[0].toLowerCase(Locale.ROOT);
      if (prices.containsKey(model)) {
        throw new IllegalArgumentException(where + "model '" + words[0] + "' is listed twice");
      }
      prices.put(model, price(where, words));
    }
    return new PriceTable(prices, taken);
  }

  private static ModelPrice price(String where, String[] words) {
    Map<String, Double> fields = new HashMap<>();
    for (int w = 1; w < words.length; w++) {
      int eq = words[w].indexOf('=');
      String name = eq < 0 ? words[w] : words[w].substring(0, eq);
      if (eq < 0 || !FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            where + "'" + words[w] + "' is not one of " + String.join("=, ", FIELDS) + "=");
      }
      double value;
      try {
        value = Double.parseDouble(words[w].substring(eq + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + name + " is not a number: " + words[w], e);
      }
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(where + name + " must be >= 0, was " + value);
      }
      fields.put(name, value);
    }
    for (String required : List.of("input", "output")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException(
            where + "model '" + words[0] + "' has no " + required + "= price");
      }
    }
    double input = fields.get("input");
    return new ModelPrice(
        input,
        fields.getOrDefault("cached_input", input),
        fields.get("output"),
        fields.getOrDefault("reasoning", Double.NaN),
        fields.getOrDefault("cache_write", Double.NaN));
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).strip();
  }

  /**
   * The price of {@code model}: the exact name (case-insensitive); else the name without a provider
   * prefix ({@code openai/gpt-4o}, {@code models/gemini-2.5-pro}); else either without a dated or
   * versioned suffix ({@code gpt-4o-2024-08-06} → {@code gpt-4o}, {@code
   * claude-sonnet-4-5-20250929} → {@code claude-sonnet-4-5}, {@code gemini-2.0-flash-001} → {@code
   * gemini-2.0-flash}, {@code -latest}). Null when none is listed.
   */
  public ModelPrice lookup(String model) {
    if (model == null || model.isEmpty()) {
      return null;
    }
    String name = model.toLowerCase(Locale.ROOT);
    ModelPrice price = prices.get(name);
    String unprefixed = name.substring(name.lastIndexOf('/') + 1);
    if (price == null) {
      price = prices.get(unprefixed);
    }
    if (price == null) {
      price = prices.get(DATED_SUFFIX.matcher(unprefixed).replaceFirst(""));
    }
    return price;
  }

  /** When the prices were taken ({@code @taken}), or null when the file does not say. */
  public String taken() {
    return taken;
  }

  public int size() {
    return prices.size();
  }
}
