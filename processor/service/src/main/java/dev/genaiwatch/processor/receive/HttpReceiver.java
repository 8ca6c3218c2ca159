package dev.genaiwatch.processor.receive;

import dev.genaiwatch.processor.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * OTLP/HTTP, {@code /metrics}, {@code /healthz} and the JSON API on one Netty server. Bodies are
 * aggregated up to the configured limit; anything larger is answered 413 before it is buffered
 * whole.
 */
public final class HttpReceiver implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  /**
   * @param authOrNull builds the per-connection gate that checks the token before the body is read
   * @param idleTimeoutMillis a connection with no traffic for this long is closed (0: never)
   * @param maxConnections further connections are closed on accept (0: unlimited)
   */
  public HttpReceiver(
      String host,
      int port,
      int maxBodyBytes,
      HttpRouter router,
      Supplier<ChannelHandler> authOrNull,
      long idleTimeoutMillis,
      int maxConnections,
      ServerTls tlsOrNull)
      throws InterruptedException {
    AtomicInteger open = new AtomicInteger();
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    try {
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (maxConnections > 0 && open.incrementAndGet() > maxConnections) {
                        open.decrementAndGet();
                        router.countMalformed("connection_limit");
                        ch.close();
                        return;
                      }
                      if (maxConnections > 0) {
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                      }
                      if (tlsOrNull != null) {
                        ch.pipeline().addLast(tlsOrNull.http().newHandler(ch.alloc()));
                      }
                      if (idleTimeoutMillis > 0) {
                        ch.pipeline()
                            .addLast(
                                new IdleStateHandler(
                                    0, 0, idleTimeoutMillis, TimeUnit.MILLISECONDS))
                            .addLast(
                                new ChannelDuplexHandler() {
                                  @Override
                                  public void userEventTriggered(
                                      ChannelHandlerContext ctx, Object event) throws Exception {
                                    if (event instanceof IdleStateEvent) {
                                      ctx.close();
                                    } else {
                                      super.userEventTriggered(ctx, event);
                                    }
                                  }
                                });
                      }
                      ch.pipeline().addLast(new HttpServerCodec());
                      if (authOrNull != null) {
                        ch.pipeline().addLast(authOrNull.get());
                      }
                      // maxAllocation: no single inflate step may allocate more than the body limit
                      // (a zip bomb in one
                      // chunk); the aggregator then bounds the decompressed total.
                      ch.pipeline()
                          .addLast(new HttpContentDecompressor(maxBodyBytes))
                          .addLast(new LimitedAggregator(maxBodyBytes, router))
                          .addLast(router);
                    }
                  });
      channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers an oversize body with a 413 that says what the limit is, and counts it. */
  private static final class LimitedAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;
    private final HttpRouter router;

    LimitedAggregator(int maxBodyBytes, HttpRouter router) {
      super(maxBodyBytes);
      this.maxBodyBytes = maxBodyBytes;
      this.router = router;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      router.countMalformed("oversize");
      ctx.writeAndFlush(
              HttpRouter.text(
                  HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                  "request body exceeds the processor's limit of "
                      + maxBodyBytes
                      + " bytes (max.body.bytes)\n",
                  false))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
