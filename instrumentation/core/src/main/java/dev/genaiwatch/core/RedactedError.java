package dev.genaiwatch.core;

import dev.genaiwatch.core.content.ContentCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Records a failure on a span with the same redaction as captured content: the status description,
 * and an {@code exception} event whose message and stack trace (with the messages of every cause on
 * its {@code Caused by:} lines) went through the engine. SDK exceptions often carry the server's
 * error body and tool exceptions quote their arguments, so recording {@code getMessage()} as it is
 * would be a side door around redaction. Applies whether or not content capture is on: an error is
 * recorded either way.
 */
final class RedactedError {
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private RedactedError() {}

  /**
   * Sets the ERROR status and, when there is an exception, adds its redacted {@code exception}
   * event.
   */
  static void record(Span span, Throwable error, String type, ContentCapture content) {
    String message;
    String stackTrace;
    try {
      message =
          error == null || error.getMessage() == null
              ? null
              : content.redactAlways(error.getMessage());
      StringWriter trace = new StringWriter();
      if (error != null) {
        error.printStackTrace(new PrintWriter(trace));
      }
      stackTrace = content.redactAlways(trace.toString());
    } catch (RuntimeException e) {
      // An exception whose getMessage() or toString() throws, or a failing redactor: fail closed,
      // type only.
      span.setStatus(StatusCode.ERROR, type);
      return;
    }
    span.setStatus(StatusCode.ERROR, message != null ? message : type);
    if (error == null) {
      return;
    }
    AttributesBuilder attributes =
        Attributes.builder()
            .put(EXCEPTION_TYPE, error.getClass().getName())
            .put(EXCEPTION_STACKTRACE, stackTrace);
    if (message != null) {
      attributes.put(EXCEPTION_MESSAGE, message);
    }
    span.addEvent("exception", attributes.build());
  }
}
