package dev.genaiwatch.processor.cost;

/**
 * List prices of one model in USD per million tokens. {@code reasoning} is NaN when the provider
 * bills reasoning tokens as output tokens (all of today's do), {@code cacheWrite} NaN when cache
 * writes cost the input price (every provider but Anthropic).
 */
public record ModelPrice(
    double input, double cachedInput, double output, double reasoning, double cacheWrite) {

  /** The cost of one call's usage, in USD. */
  public double usd(TokenUsage usage) {
    double reasoningPrice = Double.isNaN(reasoning) ? output : reasoning;
    double cacheWritePrice = Double.isNaN(cacheWrite) ? input : cacheWrite;
    double perMillion =
        usage.uncachedInput() * input
            + usage.cachedInput() * cachedInput
            + usage.cacheWrite() * cacheWritePrice
            + usage.visibleOutput() * output
            + usage.reasoning() * reasoningPrice;
    return perMillion / 1_000_000d;
  }
}
