package dev.genaiwatch.processor.serverhealth;

/**
 * One scrape of a vLLM-compatible model server, summed over its {@code model_name} series; NaN for
 * a metric the server does not serve. The prefix-cache figures are the cumulative counters (in
 * tokens), so a hit ratio is always taken between two samples.
 */
public record ServerSample(
    long epochMillis,
    double waiting,
    double running,
    double kvCacheUsage,
    double prefixCacheHits,
    double prefixCacheQueries) {}
