package dev.genaiwatch.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated OpenAI-compatible LLM server that behaves like vLLM: real HTTP/1.1 on loopback, the
 * OpenAI wire format, deterministic output, a latency model, a prefix cache, vLLM's Prometheus
 * metrics, and injectable faults. Every generation response is logged in {@link #served()} so tests
 * can compare client-side telemetry with what was actually sent.
 *
 * <pre>{@code
 * try (SimulatedLlmServer sim = SimulatedLlmServer.start(SimConfig.zeroLatency())) {
 *   OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("sk-test").build();
 *   ...
 * }
 * }</pre>
 *
 * <p>One platform thread per connection (Java 17 has no virtual threads), capped at {@link
 * SimConfig#maxConnections()}; connections beyond it get a 503.
 */
public final class SimulatedLlmServer implements AutoCloseable {

  /**
   * How long an idle keep-alive connection is kept; longer than OkHttp's 5-minute pool would be
   * wasteful.
   */
  private static final int IDLE_TIMEOUT_MILLIS = 60_000;

  private final SimConfig config;
  private final SimState state;
  private final SimRouter router;
  private final ServerSocket serverSocket;
  private final ThreadPoolExecutor pool;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private SimulatedLlmServer(SimConfig config) throws IOException {
    this.config = config;
    this.state = new SimState(config);
    this.router = new SimRouter(state);
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 1024);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            config.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "sim-llm-conn-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "sim-llm-acceptor-" + serverSocket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Binds to 127.0.0.1 ({@code config.port()}, 0 = ephemeral) and starts serving. */
  public static SimulatedLlmServer start(SimConfig config) {
    try {
      return new SimulatedLlmServer(config);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start simulated LLM server on port " + config.port(), e);
    }
  }

  /**
   * The OpenAI base URL, e.g. {@code http://127.0.0.1:PORT/v1}; SDKs append {@code
   * /chat/completions}.
   */
  public String baseUrl() {
    return rootUrl() + "/v1";
  }

  /** Without {@code /v1}, for clients (e.g. Spring AI) that add {@code /v1/...} themselves. */
  public String rootUrl() {
    return "http://" + serverSocket.getInetAddress().getHostAddress() + ":" + port();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  public SimConfig config() {
    return config;
  }

  /** Snapshot of the served log, oldest first, newest last. */
  public List<ServedResponse> served() {
    return state.served.snapshot();
  }

  /** Every request received (method, path, {@code traceparent}), oldest first. */
  public List<ReceivedRequest> received() {
    return List.copyOf(state.received);
  }

  public void clearServed() {
    state.served.clear();
  }

  /** Faults for the next requests that carry no {@code X-Sim-Fault} header, one per request. */
  public void enqueueFaults(Fault... faults) {
    state.faults.addAll(Arrays.asList(faults));
  }

  /** Drops queued faults that no request consumed (e.g. between tests). */
  public void clearFaults() {
    state.faults.clear();
  }

  /**
   * Forgets all cached prompts, so the next request's cached_tokens no longer depend on earlier
   * tests.
   */
  public void clearPrefixCache() {
    state.prefixCache.clear();
  }

  /**
   * While on, every request finds the prefix cache empty (hits drop to zero, prefill grows): a
   * prefix-cache collapse under unchanged traffic. Also {@code POST /sim/prefix-cache} with {@code
   * {"flushing": true}}.
   */
  public void flushPrefixCacheContinuously(boolean on) {
    state.prefixCache.flushing(on);
  }

  /** Current Prometheus exposition, as served on {@code /metrics}. */
  public String metricsText() {
    return state.metrics.render();
  }

  /**
   * Stops accepting, closes live connections (in-flight responses end abruptly) and frees threads.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : live) {
      closeQuietly(s);
    }
    pool.shutdownNow();
    try {
      acceptor.join(2_000);
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (state.serverSpans != null) {
      state.serverSpans.close();
    }
  }

  /** {@code llm_request} spans accepted by the traces endpoint (0 without one). */
  public long serverSpansSent() {
    return state.serverSpans == null ? 0 : state.serverSpans.sentSpans();
  }

  /** {@code llm_request} spans dropped: export queue full or the send failed (0 without one). */
  public long serverSpansDropped() {
    return state.serverSpans == null ? 0 : state.serverSpans.droppedSpans();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      live.add(socket);
      if (closed) {
        closeQuietly(socket);
        return;
      }
      try {
        pool.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        rejectBusy(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      HttpRequestReader reader = new HttpRequestReader(in, out);
      while (!closed && !socket.isClosed()) {
        HttpRequest request;
        try {
          request = reader.read();
        } catch (HttpProblem p) {
          HttpResponseWriter w = new HttpResponseWriter(socket, out, true);
          w.send(p.status(), Exchange.JSON, Map.of(), Json.bytes(OpenAiErrors.of(p)), false);
          lingeringClose(socket, in);
          return;
        }
        if (request == null) {
          return;
        }
        HttpResponseWriter writer = new HttpResponseWriter(socket, out, request.http11());
        router.handle(new Exchange(request, writer));
        if (writer.closeAfter() || !request.keepAlive()) {
          return;
        }
      }
    } catch (SocketTimeoutException | SocketException e) {
      // idle keep-alive connection timed out, or the peer / close() dropped it
    } catch (IOException | RuntimeException e) {
      // a broken connection only affects its own client
    } finally {
      closeQuietly(socket);
      live.remove(socket);
    }
  }

  /**
   * After refusing a request whose body was not read (e.g. 413), keep reading for a moment so the
   * client can finish sending and then read our response; closing at once would make the kernel
   * answer its remaining bytes with RST, and the client would see "connection reset" instead.
   */
  private static void lingeringClose(Socket socket, InputStream in) {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(1_000);
      byte[] sink = new byte[64 * 1024];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      long drained = 0;
      while (System.nanoTime() < deadline && drained < 64L * 1024 * 1024) {
        int n = in.read(sink);
        if (n < 0) {
          break;
        }
        drained += n;
      }
    } catch (IOException ignored) {
      // the peer closed or timed out: either way we are done
    }
  }

  private void rejectBusy(Socket socket) {
    try {
      byte[] body =
          Json.bytes(
              OpenAiErrors.body(
                  "simulator connection limit reached", "server_error", null, "overloaded"));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: "
                  + body.length
                  + "\r\nconnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException ignored) {
      // nothing more to do for a client we cannot serve
    } finally {
      closeQuietly(socket);
      live.remove(socket);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
