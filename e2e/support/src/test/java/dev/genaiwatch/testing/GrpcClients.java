package dev.genaiwatch.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Plaintext channels to the receiver's gRPC port, as OTLP/gRPC exporters use them. */
final class GrpcClients {
  private GrpcClients() {}

  static ManagedChannel channel(OtlpReceiver receiver) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort())
        .usePlaintext()
        .build();
  }

  static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
