package dev.genaiwatch.core;

/**
 * Reads a provider's stream event by event from its JSON (as plain values), into the call it was
 * made for: records each event as a chunk, collects the streamed output.
 */
public interface StreamEventReader {
  /** Reads one event; true for the event that completes the answer. */
  boolean event(Object json);

  /**
   * Puts streamed text and tool calls together into the output message; called just before the span
   * ends.
   */
  void compose();
}
