package dev.genaiwatch.processor.queue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.ByteBuffer;

/** An export item as queue payload: {@code [byte signal][int items][protobuf request]}. */
final class ItemCodec {
  private ItemCodec() {}

  static byte[] encode(ExportItem item) {
    byte[] request = item.request().toByteArray();
    return ByteBuffer.allocate(5 + request.length).put((byte) item.signal().ordinal()).putInt(item.items())
        .put(request).array();
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
    return new ExportItem(signal, switch (signal) {
      case TRACES -> ExportTraceServiceRequest.parseFrom(request);
      case METRICS -> ExportMetricsServiceRequest.parseFrom(request);
      case LOGS -> ExportLogsServiceRequest.parseFrom(request);
    }, items);
  }
}
