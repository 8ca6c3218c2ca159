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
 * Checks the bearer token (and, for exports, the memory limit) on the request line and headers,
 * before any of the body is decompressed or aggregated: an unauthenticated sender costs a 401 and a
 * closed connection, never a 16 MiB buffer; a processor short of heap answers 503 without reading
 * the body. One instance per connection (it remembers that the rest of a refused request is to be
 * discarded).
 */
public final class AuthGate extends ChannelInboundHandlerAdapter {
  private final Policy policy;
  private boolean discarding;

  /** What every connection's gate checks against, built once. */
  public record Policy(
      BearerToken token,
      ContentAccess access,
      ProcessorMetrics metrics,
      MemoryLimiter memory,
      int retryAfterSeconds) {}

  public AuthGate(Policy policy) {
    this.policy = policy;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      String refused = refusal(request);
      if (refused != null) {
        discarding = true;
        ReferenceCountUtil.release(msg);
        policy.metrics().malformed("unauthorized");
        FullHttpResponse response =
            HttpRouter.text(HttpResponseStatus.UNAUTHORIZED, refused + "\n", false);
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      if (isExport(request) && !policy.memory().admits()) {
        discarding = true;
        ReferenceCountUtil.release(msg);
        policy.metrics().refusedForMemory();
        FullHttpResponse response =
            HttpRouter.text(
                HttpResponseStatus.SERVICE_UNAVAILABLE, policy.memory().refusal() + "\n", false);
        response
            .headers()
            .set(HttpHeaderNames.RETRY_AFTER, Integer.toString(policy.retryAfterSeconds()));
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

  private static boolean isExport(HttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    for (Signal signal : Signal.values()) {
      if (path.equals(signal.httpPath())) {
        return true;
      }
    }
    return false;
  }

  private String refusal(HttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    for (Signal signal : Signal.values()) {
      if (path.equals(signal.httpPath())) {
        return policy.token().accepts(authorization) ? null : "missing or wrong bearer token";
      }
    }
    if (path.startsWith("/api/")) {
      return policy.access().refuseApi(authorization);
    }
    if (path.equals("/metrics")) {
      return policy.access().refuseMetrics(authorization);
    }
    return null;
  }
}
