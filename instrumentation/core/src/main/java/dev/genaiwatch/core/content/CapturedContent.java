package dev.genaiwatch.core.content;

/** The span-ready content of one call: JSON attribute values after redaction and truncation. */
public record CapturedContent(
    String inputMessagesJson,
    String systemInstructionsJson,
    String outputMessagesJson,
    long redactions,
    boolean truncated) {}
