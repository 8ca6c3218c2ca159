package dev.genaiwatch.agent.export;

import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;

/**
 * The agent's only OTLP/gRPC sender provider (its META-INF/services lists this one and not
 * OkHttp's): OkHttp's sender, built by the exporter's first send instead of with the exporter.
 */
public final class DeferredGrpcSenderProvider implements GrpcSenderProvider {
  private final GrpcSenderProvider delegate;

  public DeferredGrpcSenderProvider() {
    this(new OkHttpGrpcSenderProvider());
  }

  DeferredGrpcSenderProvider(GrpcSenderProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public GrpcSender createSender(GrpcSenderConfig config) {
    return new DeferredGrpcSender(new DeferredCreation<>(() -> delegate.createSender(config)));
  }
}
