package dev.genaiwatch.testing;

/**
 * The wire protocol an export request arrived on. HTTP is split by body encoding because exporters
 * configured for {@code http/protobuf} and {@code http/json} must be told apart in tests.
 */
public enum Protocol {
  GRPC,
  HTTP_PROTOBUF,
  HTTP_JSON
}
