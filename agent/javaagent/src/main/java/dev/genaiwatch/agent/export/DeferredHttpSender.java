package dev.genaiwatch.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.function.Consumer;

/** An OTLP/HTTP sender built by its first send ({@link DeferredCreation} says why). */
final class DeferredHttpSender implements HttpSender {
  private final DeferredCreation<HttpSender> sender;

  DeferredHttpSender(DeferredCreation<HttpSender> sender) {
    this.sender = sender;
  }

  @Override
  public void send(
      MessageWriter messageWriter, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    HttpSender built = sender.getOrReport(onError);
    if (built != null) {
      built.send(messageWriter, onResponse, onError);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return sender.shutDown(HttpSender::shutdown);
  }

  @Override
  public String toString() {
    return "DeferredHttpSender{built=" + sender.built() + "}";
  }
}
