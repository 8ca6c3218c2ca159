package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.pipeline.ExportItem;

/** Where accepted telemetry goes: one attempt per call; the caller retries. */
public interface Downstream extends AutoCloseable {

  /**
   * @throws DownstreamException when the attempt failed; {@link DownstreamException#retryable()}
   *     says whether to try again
   */
  void export(ExportItem item) throws DownstreamException;

  String describe();

  @Override
  void close();
}
