package dev.genaiwatch.processor.receive;

import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.Signal;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Checks the bearer token on the request line and headers, before any of the body is decompressed or
 * aggregated: an unauthenticated sender costs a 401 and a closed connection, never a 16 MiB buffer.
 * One instance per connection (it remembers that the rest of a refused request is to be discarded).
 */
public final class AuthGate extends ChannelInboundHandlerAdapter {
  private final BearerToken token;
  private final ContentAccess access;
  private final ProcessorMetrics metrics;
  private boolean discarding;

  public AuthGate(BearerToken token, ContentAccess access, ProcessorMetrics metrics) {
    this.token = token;
    this.access = access;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      String refused = refusal(request);
      if (refused != null) {
        discarding = true;
        ReferenceCountUtil.release(msg);
        metrics.malformed("unauthorized");
        FullHttpResponse response = HttpRouter.text(HttpResponseStatus.UNAUTHORIZED, refused + "\n", false);
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      discarding = false;
    } else if (discarding) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private String refusal(HttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    for (Signal signal : Signal.values()) {
      if (path.equals(signal.httpPath())) {
        return token.accepts(authorization) ? null : "missing or wrong bearer token";
      }
    }
    if (path.startsWith("/api/")) {
      return access.refuseApi(authorization);
    }
    if (path.equals("/metrics")) {
      return access.refuseMetrics(authorization);
    }
    return null;
  }
}
