package dev.genaiwatch.instrumentation.reactornetty;

import dev.genaiwatch.core.wire.RequestBodyCopy;
import dev.genaiwatch.core.wire.WireExchange;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;

/**
 * Sits on the connection of one LLM request, right after Reactor Netty's HTTP codec (and
 * decompressor), for as long as the request and its response last (Reactor Netty removes it when
 * they end, before the connection goes back to the pool). It only looks: the request body as the
 * client writes it for the real send (never written an extra time), then the response status,
 * content type and body bytes as they go on to the application, message by message, unchanged. Ends
 * the exchange at the response's last content, on a failure, or when the application cancels
 * (Reactor Netty then closes the connection before the end).
 */
final class ObservingChannelHandler extends ChannelDuplexHandler {
  static final String NAME = "genai-watch.wire";
  private static final int SCRATCH_BYTES = 8 * 1024;

  private final WireExchange exchange;
  private final Connection operations;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile RequestBodyCopy requestBody;
  private boolean sawResponse;
  private byte[] scratch;

  ObservingChannelHandler(WireExchange exchange, Connection operations) {
    this.exchange = exchange;
    this.operations = operations;
    this.requestBody = exchange.owned() ? new RequestBodyCopy(exchange) : null;
  }

  /** The handler observing the request or response {@code infos} (Reactor Netty's operations). */
  static ObservingChannelHandler of(Object infos) {
    return infos instanceof Connection connection
            && connection.channel().pipeline().get(NAME) instanceof ObservingChannelHandler handler
        ? handler
        : null;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    try {
      observeWrite(msg);
    } catch (Throwable t) {
      ReactorNettyHooks.swallowed(t);
      requestBody = null;
    }
    ctx.write(msg, promise);
  }

  private void observeWrite(Object msg) {
    RequestBodyCopy copy = requestBody;
    if (copy == null) {
      return;
    }
    // Content-encoded bytes are not the JSON: the span then lacks the request-side attributes.
    if (msg instanceof HttpRequest request
        && request.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
      requestBody = null;
      return;
    }
    if (msg instanceof HttpContent content) {
      copy.add(content.content().nioBuffer());
    } else if (msg instanceof ByteBuf bytes) {
      copy.add(bytes.nioBuffer());
    }
    if (msg instanceof LastHttpContent) {
      requestBody = null;
      copy.complete();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!ended.get()) {
      try {
        observeRead(msg);
      } catch (Throwable t) {
        ReactorNettyHooks.swallowed(t);
      }
    }
    ctx.fireChannelRead(msg);
  }

  private void observeRead(Object msg) {
    // 1xx responses (100 Continue) come before the real one.
    if (msg instanceof HttpResponse response && response.status().code() >= 200) {
      RequestBodyCopy copy = requestBody;
      if (copy != null) {
        // A body written without a last-content marker is complete once the server answers.
        requestBody = null;
        copy.complete();
      }
      sawResponse = true;
      exchange.onResponse(
          response.status().code(), response.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }
    if (sawResponse && msg instanceof HttpContent content) {
      observeBytes(content.content());
      if (msg instanceof LastHttpContent && ended.compareAndSet(false, true)) {
        exchange.onComplete();
      }
    }
  }

  /**
   * Shows the exchange the readable bytes without moving the reader index and without the {@code
   * ByteBuffer} view (one object per message, a copy for a composite buffer) that {@code
   * nioBuffer()} would make: a heap buffer's array is read in place, a direct one is copied through
   * a scratch array kept for the exchange.
   */
  private void observeBytes(ByteBuf bytes) {
    int length = bytes.readableBytes();
    if (bytes.hasArray()) {
      exchange.onBytes(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
      return;
    }
    if (scratch == null) {
      scratch = new byte[SCRATCH_BYTES];
    }
    for (int at = 0; at < length; ) {
      int n = Math.min(scratch.length, length - at);
      bytes.getBytes(bytes.readerIndex() + at, scratch, 0, n);
      exchange.onBytes(scratch, 0, n);
      at += n;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    failed(cause);
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    endedBeforeTheResponse();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    endedBeforeTheResponse();
  }

  void failed(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      ReactorNettyHooks.safely(() -> exchange.onError(error));
    }
  }

  /**
   * The connection closed, or the request's operations ended, before the response's last content:
   * the application cancelled (closed early), or the connection broke (failed).
   */
  private void endedBeforeTheResponse() {
    if (ended.compareAndSet(false, true)) {
      ReactorNettyHooks.safely(
          () -> {
            if (operations instanceof ChannelOperations<?, ?> ops && ops.isInboundCancelled()) {
              exchange.onCancel();
            } else {
              exchange.onError(
                  new IOException("Connection closed before the response was complete"));
            }
          });
    }
  }
}
