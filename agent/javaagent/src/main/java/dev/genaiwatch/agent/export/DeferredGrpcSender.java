package dev.genaiwatch.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.function.Consumer;

/** An OTLP/gRPC sender built by its first send ({@link DeferredCreation} says why). */
final class DeferredGrpcSender implements GrpcSender {
  private final DeferredCreation<GrpcSender> sender;

  DeferredGrpcSender(DeferredCreation<GrpcSender> sender) {
    this.sender = sender;
  }

  @Override
  public void send(
      MessageWriter messageWriter, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    GrpcSender built = sender.getOrReport(onError);
    if (built != null) {
      built.send(messageWriter, onResponse, onError);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return sender.shutDown(GrpcSender::shutdown);
  }

  @Override
  public String toString() {
    return "DeferredGrpcSender{built=" + sender.built() + "}";
  }
}
