package dev.genaiwatch.processor.cost;

import dev.genaiwatch.processor.ProcessorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cost per call: the price table (bundled, overridden by {@code cost.prices.file}), the GPU price
 * per hour for self-hosted servers (global and per {@code server.address[:port]}).
 */
public record CostSettings(
    boolean enabled,
    PriceTable prices,
    double gpuPricePerHour,
    Map<String, Double> gpuPricePerHourByServer) {

  public CostSettings {
    gpuPricePerHourByServer = Map.copyOf(gpuPricePerHourByServer);
  }

  public static CostSettings from(ProcessorConfig config) {
    boolean enabled = config.bool("cost.enabled", true);
    String file = config.string("cost.prices.file", "").strip();
    PriceTable prices =
        !enabled
            ? PriceTable.parse("none", "")
            : file.isEmpty() ? PriceTable.bundled() : PriceTable.bundledOverriddenBy(Path.of(file));
    double global = config.decimal("cost.gpu.price.per.hour", 0);
    requireNonNegative("cost.gpu.price.per.hour", global);
    return new CostSettings(
        enabled, prices, global, byServer(config.string("cost.gpu.price.per.hour.by.server", "")));
  }

  /**
   * {@code host:port=2.50,host=1.20}: a price per hour for each model server, by the {@code
   * server.address} (and {@code server.port}) the client spans name.
   */
  static Map<String, Double> byServer(String text) {
    Map<String, Double> prices = new HashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      String server = eq < 0 ? "" : entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      double price;
      try {
        price = eq < 0 ? Double.NaN : Double.parseDouble(entry.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        price = Double.NaN;
      }
      if (server.isEmpty() || Double.isNaN(price)) {
        throw new IllegalArgumentException(
            "configuration cost.gpu.price.per.hour.by.server: '"
                + entry.strip()
                + "' is not host[:port]=USD_PER_HOUR");
      }
      requireNonNegative("cost.gpu.price.per.hour.by.server " + server, price);
      prices.put(server, price);
    }
    return prices;
  }

  private static void requireNonNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "configuration " + key + " must be a number >= 0, was " + value);
    }
  }

  /**
   * The GPU price per hour of the server {@code address}:{@code port} (port may be null): its own,
   * else the global one; 0 when neither is set.
   */
  public double gpuPricePerHour(String address, String port) {
    if (address != null) {
      String host = address.toLowerCase(Locale.ROOT);
      Double own = port == null ? null : gpuPricePerHourByServer.get(host + ":" + port);
      if (own == null) {
        own = gpuPricePerHourByServer.get(host);
      }
      if (own != null) {
        return own;
      }
    }
    return gpuPricePerHour;
  }
}
