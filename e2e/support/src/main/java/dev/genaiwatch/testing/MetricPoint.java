package dev.genaiwatch.testing;

import java.util.List;
import java.util.Map;

/**
 * One data point of one metric, flattened so a test can filter points by name and attributes
 * without walking the resource/scope/metric nesting.
 *
 * <p>Fields that do not apply to the point's {@code type} hold neutral values rather than null:
 * {@code value} is NaN for histograms and summaries; {@code count} is 0 and {@code sum} NaN for SUM
 * and GAUGE; bounds and bucket counts are empty except for HISTOGRAM. {@code min} and {@code max}
 * are null when the sender omitted them. {@code aggregationTemporality} is {@code DELTA}, {@code
 * CUMULATIVE}, {@code UNSPECIFIED}, or empty for types that have none.
 */
public record MetricPoint(
    String metricName,
    String description,
    String unit,
    String type,
    Map<String, Object> attributes,
    Map<String, Object> resourceAttributes,
    String scopeName,
    long startEpochNanos,
    long timeEpochNanos,
    double value,
    boolean isMonotonic,
    String aggregationTemporality,
    long count,
    double sum,
    Double min,
    Double max,
    List<Double> explicitBounds,
    List<Long> bucketCounts) {

  public MetricPoint {
    attributes = AnyValues.immutableCopy(attributes);
    resourceAttributes = AnyValues.immutableCopy(resourceAttributes);
    explicitBounds = explicitBounds == null ? List.of() : List.copyOf(explicitBounds);
    bucketCounts = bucketCounts == null ? List.of() : List.copyOf(bucketCounts);
  }

  public String attrString(String key) {
    return AttributeLookup.get(attributes, key, String.class);
  }

  public Long attrLong(String key) {
    return AttributeLookup.get(attributes, key, Long.class);
  }
}
