package dev.genaiwatch.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DeferredSenderProviderTest {
  private final AtomicInteger built = new AtomicInteger();
  private final RecordingGrpcSender real = new RecordingGrpcSender();
  private final List<Throwable> errors = new ArrayList<>();

  private GrpcSender deferred() {
    return new DeferredGrpcSenderProvider(
            config -> {
              built.incrementAndGet();
              return real;
            })
        .createSender(null);
  }

  @Test
  void theSenderIsNotBuiltWithTheExporter() {
    GrpcSender sender = deferred();

    assertThat(built).hasValue(0);
    assertThat(sender).hasToString("DeferredGrpcSender{built=false}");
  }

  @Test
  void theFirstSendBuildsTheSenderOnceAndEverySendGoesToIt() {
    GrpcSender sender = deferred();

    sender.send(null, response -> {}, errors::add);
    sender.send(null, response -> {}, errors::add);

    assertThat(built).hasValue(1);
    assertThat(real.sends).hasValue(2);
    assertThat(errors).isEmpty();
    assertThat(sender).hasToString("DeferredGrpcSender{built=true}");
  }

  @Test
  void shuttingDownASenderNeverUsedBuildsNothing() {
    GrpcSender sender = deferred();

    CompletableResultCode result = sender.shutdown();

    assertThat(result.isSuccess()).isTrue();
    assertThat(built).hasValue(0);
  }

  @Test
  void shuttingDownABuiltSenderShutsTheRealOneDown() {
    GrpcSender sender = deferred();
    sender.send(null, response -> {}, errors::add);

    sender.shutdown();

    assertThat(real.shutDown).isTrue();
  }

  @Test
  void aSendAfterShutdownFailsThroughTheErrorCallbackAndBuildsNothing() {
    GrpcSender sender = deferred();
    sender.shutdown();

    sender.send(null, response -> {}, errors::add);

    assertThat(built).hasValue(0);
    assertThat(errors).singleElement().asString().contains("shut down");
  }

  @Test
  void aSenderThatCannotBeBuiltFailsEverySendWithoutTryingAgain() {
    GrpcSender sender =
        new DeferredGrpcSenderProvider(
                config -> {
                  built.incrementAndGet();
                  throw new IllegalArgumentException("bad TLS settings");
                })
            .createSender(null);

    sender.send(null, response -> {}, errors::add);
    sender.send(null, response -> {}, errors::add);

    assertThat(built).hasValue(1);
    assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("bad TLS"));
  }

  @Test
  void theHttpSenderIsBuiltByItsFirstSendToo() {
    RecordingHttpSender realHttp = new RecordingHttpSender();
    HttpSender sender =
        new DeferredHttpSenderProvider(
                config -> {
                  built.incrementAndGet();
                  return realHttp;
                })
            .createSender(null);
    assertThat(built).hasValue(0);

    sender.send(null, response -> {}, errors::add);
    sender.shutdown();

    assertThat(built).hasValue(1);
    assertThat(realHttp.sends).hasValue(1);
    assertThat(realHttp.shutDown).isTrue();
  }

  private static final class RecordingGrpcSender implements GrpcSender {
    final AtomicInteger sends = new AtomicInteger();
    volatile boolean shutDown;

    @Override
    public void send(
        MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      sends.incrementAndGet();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutDown = true;
      return CompletableResultCode.ofSuccess();
    }
  }

  private static final class RecordingHttpSender implements HttpSender {
    final AtomicInteger sends = new AtomicInteger();
    volatile boolean shutDown;

    @Override
    public void send(
        MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
      sends.incrementAndGet();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutDown = true;
      return CompletableResultCode.ofSuccess();
    }
  }
}
