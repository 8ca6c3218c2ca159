package dev.genaiwatch.agent.export;

import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/**
 * The agent's only OTLP/HTTP sender provider (its META-INF/services lists this one and not
 * OkHttp's): OkHttp's sender, built by the exporter's first send instead of with the exporter.
 */
public final class DeferredHttpSenderProvider implements HttpSenderProvider {
  private final HttpSenderProvider delegate;

  public DeferredHttpSenderProvider() {
    this(new OkHttpHttpSenderProvider());
  }

  DeferredHttpSenderProvider(HttpSenderProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public HttpSender createSender(HttpSenderConfig config) {
    return new DeferredHttpSender(new DeferredCreation<>(() -> delegate.createSender(config)));
  }
}
