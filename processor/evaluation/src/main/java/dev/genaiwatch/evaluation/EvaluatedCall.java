package dev.genaiwatch.evaluation;

import com.google.protobuf.ByteString;

/** The identity of a judged span, kept after the span itself has been forwarded. */
record EvaluatedCall(
    ByteString traceId,
    ByteString spanId,
    String responseId,
    String serviceName,
    String requestModel) {

  String modelLabel() {
    return requestModel == null ? "" : requestModel;
  }
}
