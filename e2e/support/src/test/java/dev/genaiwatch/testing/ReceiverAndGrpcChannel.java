package dev.genaiwatch.testing;

import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh receiver per test, with a plaintext gRPC channel to it; both closed after the test. */
abstract class ReceiverAndGrpcChannel {
  OtlpReceiver receiver;
  ManagedChannel channel;

  @BeforeEach
  void startReceiverAndChannel() {
    receiver = OtlpReceiver.start();
    channel = GrpcClients.channel(receiver);
  }

  @AfterEach
  void closeChannelAndReceiver() throws InterruptedException {
    GrpcClients.close(channel);
    receiver.close();
  }
}
