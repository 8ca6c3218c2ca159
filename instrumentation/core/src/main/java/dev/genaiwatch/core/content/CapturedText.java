package dev.genaiwatch.core.content;

/** One span-ready content attribute value, after redaction and truncation. */
public record CapturedText(String value, long redactions, boolean truncated) {}
