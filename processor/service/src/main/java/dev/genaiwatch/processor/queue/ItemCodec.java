package dev.genaiwatch.processor.queue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An export item as queue payload: {@code [byte signal][int items][protobuf request]}. */
final class ItemCodec {
  private ItemCodec() {}

  static byte[] encode(ExportItem item) {
    // Serialized straight behind the header: one array, no intermediate copy.
    int size = item.request().getSerializedSize();
    byte[] payload = new byte[5 + size];
    ByteBuffer.wrap(payload).put((byte) item.signal().ordinal()).putInt(item.items());
    CodedOutputStream out = CodedOutputStream.newInstance(payload, 5, size);
    try {
      item.request().writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize an export request into its own size", e);
    }
    out.checkNoSpaceLeft();
    return payload;
  }

  /** The signal of a payload, without parsing the request. */
  static Signal signal(byte[] payload) throws InvalidProtocolBufferException {
    int ordinal = payload[0];
    if (ordinal < 0 || ordinal >= Signal.values().length) {
      throw new InvalidProtocolBufferException("unknown signal " + ordinal + " in a queued record");
    }
    return Signal.values()[ordinal];
  }

  /** The item count of a payload, without parsing the request. */
  static int items(byte[] payload) {
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  static ExportItem decode(byte[] payload) throws InvalidProtocolBufferException {
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    int ordinal = buffer.get();
    if (ordinal < 0 || ordinal >= Signal.values().length) {
      throw new InvalidProtocolBufferException("unknown signal " + ordinal + " in a queued record");
    }
    Signal signal = Signal.values()[ordinal];
    int items = buffer.getInt();
    ByteBuffer request = buffer.slice();
    return new ExportItem(
        signal,
        switch (signal) {
          case TRACES -> ExportTraceServiceRequest.parseFrom(request);
          case METRICS -> ExportMetricsServiceRequest.parseFrom(request);
          case LOGS -> ExportLogsServiceRequest.parseFrom(request);
        },
        items);
  }
}
