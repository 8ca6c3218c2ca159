package dev.genaiwatch.processor.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.genaiwatch.processor.api.DriftApi;
import dev.genaiwatch.processor.forward.RecentCalls;
import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.pipeline.Intake;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.pipeline.Signal;
import dev.genaiwatch.processor.ui.UiApi;
import dev.genaiwatch.processor.ui.UiFiles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Routes the HTTP requests: OTLP export, Prometheus scrape, health and the JSON API. */
@ChannelHandler.Sharable
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String OTLP_JSON = "application/json";
  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASELINE_SUFFIX = "/baseline";
  private static final String DRIFT_PREFIX = "/api/drift/";
  private static final String UI_PREFIX = "/ui/";

  private final Intake pipeline;
  private final ProcessorMetrics metrics;
  private final PrometheusRegistry registry;
  private final RecentCalls recentCalls;
  private final DriftApi drift;
  private final UiApi ui;
  private final Supplier<Map<String, Object>> latency;
  private final BearerToken token;
  private final ContentAccess access;
  private final int retryAfterSeconds;

  public HttpRouter(
      Intake pipeline,
      ProcessorMetrics metrics,
      PrometheusRegistry registry,
      RecentCalls recentCalls,
      DriftApi drift,
      UiApi ui,
      Supplier<Map<String, Object>> latency,
      BearerToken token,
      ContentAccess access,
      int retryAfterSeconds) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.registry = registry;
    this.recentCalls = recentCalls;
    this.drift = drift;
    this.ui = ui;
    this.latency = latency;
    this.token = token;
    this.access = access;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void countMalformed(String reason) {
    metrics.malformed(reason);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    FullHttpResponse response;
    try {
      response = route(request, keepAlive);
    } catch (RuntimeException e) {
      response =
          text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n", keepAlive);
    }
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private FullHttpResponse route(FullHttpRequest request, boolean keepAlive) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    HttpMethod method = request.method();
    if (path.equals("/healthz") && method.equals(HttpMethod.GET)) {
      return text(HttpResponseStatus.OK, "ok\n", keepAlive);
    }
    if (path.equals("/metrics") && method.equals(HttpMethod.GET)) {
      String refused = access.refuseMetrics(request.headers().get(HttpHeaderNames.AUTHORIZATION));
      if (refused != null) {
        return unauthorized(refused, keepAlive);
      }
      return scrape(keepAlive);
    }
    for (Signal signal : Signal.values()) {
      if (path.equals(signal.httpPath())) {
        if (!method.equals(HttpMethod.POST)) {
          metrics.malformed("method");
          return text(
              HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST for " + path + "\n", keepAlive);
        }
        if (!token.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
          return unauthorized("missing or wrong bearer token", keepAlive);
        }
        return export(signal, request, keepAlive);
      }
    }
    if ((path.equals("/") || path.equals(UI_PREFIX.substring(0, UI_PREFIX.length() - 1)))
        && method.equals(HttpMethod.GET)) {
      FullHttpResponse redirect =
          text(HttpResponseStatus.FOUND, "see " + UI_PREFIX + "\n", keepAlive);
      redirect.headers().set(HttpHeaderNames.LOCATION, UI_PREFIX);
      return redirect;
    }
    if (path.startsWith(UI_PREFIX) && method.equals(HttpMethod.GET)) {
      return page(path.substring(UI_PREFIX.length()), request, keepAlive);
    }
    if (path.startsWith("/api/")) {
      String refused = access.refuseApi(request.headers().get(HttpHeaderNames.AUTHORIZATION));
      if (refused != null) {
        return unauthorized(refused, keepAlive);
      }
      return api(path, method, uri.parameters(), keepAlive);
    }
    metrics.malformed("unknown_path");
    return text(
        HttpResponseStatus.NOT_FOUND,
        "no such endpoint: "
            + path
            + " (OTLP: POST /v1/traces, /v1/metrics, /v1/logs; GET /metrics, /healthz, /ui/, /api/calls, /api/drift, /api/latency)\n",
        keepAlive);
  }

  /**
   * A static file of the page, without authentication (it holds no data; every API call it makes
   * does). The page's own files are revalidated by ETag on every load; uPlot, which changes only
   * with the processor's version, is cached for a day.
   */
  private FullHttpResponse page(String file, FullHttpRequest request, boolean keepAlive) {
    UiFiles.File found = ui.files().find(file);
    if (found == null) {
      metrics.malformed("unknown_path");
      return text(HttpResponseStatus.NOT_FOUND, "no such page file: " + file + "\n", keepAlive);
    }
    boolean unchanged = found.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
            unchanged ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(found.bytes()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, found.contentType())
        .set(HttpHeaderNames.ETAG, found.etag())
        .set(HttpHeaderNames.CACHE_CONTROL, found.vendor() ? "public, max-age=86400" : "no-cache")
        .set("X-Content-Type-Options", "nosniff")
        .set(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " frame-ancestors 'none'")
        .set("Referrer-Policy", "no-referrer")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }

  private FullHttpResponse unauthorized(String reason, boolean keepAlive) {
    metrics.malformed("unauthorized");
    FullHttpResponse response = text(HttpResponseStatus.UNAUTHORIZED, reason + "\n", keepAlive);
    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    return response;
  }

  private FullHttpResponse export(Signal signal, FullHttpRequest request, boolean keepAlive) {
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean json = mediaType.equals(OTLP_JSON);
    if (!mediaType.equals(PROTOBUF) && !json) {
      metrics.malformed("content_type");
      return text(
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type '"
              + contentType
              + "': this endpoint accepts OTLP as "
              + PROTOBUF
              + " or "
              + OTLP_JSON
              + "\n",
          keepAlive);
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    ExportItem item;
    try {
      item =
          json
              ? fromJson(signal, body)
              : switch (signal) {
                case TRACES -> ExportItem.of(ExportTraceServiceRequest.parseFrom(body));
                case METRICS -> ExportItem.of(ExportMetricsServiceRequest.parseFrom(body));
                case LOGS -> ExportItem.of(ExportLogsServiceRequest.parseFrom(body));
              };
    } catch (InvalidProtocolBufferException e) {
      metrics.malformed(json ? "bad_json" : "bad_protobuf");
      return text(
          HttpResponseStatus.BAD_REQUEST,
          "body is not a valid OTLP"
              + (json ? "/JSON " : " ")
              + signal.label()
              + " export request: "
              + e.getMessage()
              + "\n",
          keepAlive);
    }
    if (!pipeline.offer(item)) {
      FullHttpResponse busy =
          text(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "genai-watch processor queue is full; retry later\n",
              keepAlive);
      busy.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
      return busy;
    }
    // An empty Export*ServiceResponse: full success, in the encoding of the request.
    FullHttpResponse ok =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            json ? Unpooled.wrappedBuffer(EMPTY_JSON) : Unpooled.EMPTY_BUFFER);
    ok.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, json ? OTLP_JSON : PROTOBUF)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, ok.content().readableBytes());
    HttpUtil.setKeepAlive(ok, keepAlive);
    return ok;
  }

  private static ExportItem fromJson(Signal signal, byte[] body)
      throws InvalidProtocolBufferException {
    return switch (signal) {
      case TRACES -> {
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        OtlpJson.merge(body, builder);
        yield ExportItem.of(builder.build());
      }
      case METRICS -> {
        ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
        OtlpJson.merge(body, builder);
        yield ExportItem.of(builder.build());
      }
      case LOGS -> {
        ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
        OtlpJson.merge(body, builder);
        yield ExportItem.of(builder.build());
      }
    };
  }

  private FullHttpResponse scrape(boolean keepAlive) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      return text(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot write metrics: " + e + "\n", keepAlive);
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(out.toByteArray()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }

  private FullHttpResponse api(
      String path, HttpMethod method, Map<String, List<String>> query, boolean keepAlive) {
    if (path.equals("/api/calls") && method.equals(HttpMethod.GET)) {
      int limit = 100;
      List<String> limits = query.get("limit");
      if (limits != null && !limits.isEmpty()) {
        try {
          limit = Math.max(0, Integer.parseInt(limits.get(0)));
        } catch (NumberFormatException e) {
          metrics.malformed("bad_query");
          return text(HttpResponseStatus.BAD_REQUEST, "limit must be an integer\n", keepAlive);
        }
      }
      return json(HttpResponseStatus.OK, Map.of("calls", recentCalls.latest(limit)), keepAlive);
    }
    if (path.equals("/api/overview") && method.equals(HttpMethod.GET)) {
      return json(HttpResponseStatus.OK, ui.overview(), keepAlive);
    }
    if (path.equals("/api/evaluations") && method.equals(HttpMethod.GET)) {
      return json(HttpResponseStatus.OK, ui.evaluations(), keepAlive);
    }
    if (path.equals("/api/ui") && method.equals(HttpMethod.GET)) {
      return json(HttpResponseStatus.OK, ui.settings(), keepAlive);
    }
    if (path.equals("/api/latency") && method.equals(HttpMethod.GET)) {
      return json(HttpResponseStatus.OK, latency.get(), keepAlive);
    }
    if (path.equals("/api/drift") && method.equals(HttpMethod.GET)) {
      return json(HttpResponseStatus.OK, Map.of("keys", drift.state()), keepAlive);
    }
    if (path.startsWith(DRIFT_PREFIX)
        && path.endsWith(BASELINE_SUFFIX)
        && method.equals(HttpMethod.POST)) {
      String keyId =
          URLDecoder.decode(
              path.substring(DRIFT_PREFIX.length(), path.length() - BASELINE_SUFFIX.length()),
              StandardCharsets.UTF_8);
      if (!drift.pinBaseline(keyId)) {
        return text(
            HttpResponseStatus.NOT_FOUND,
            "no drift key '" + keyId + "' (see GET /api/drift)\n",
            keepAlive);
      }
      return json(HttpResponseStatus.OK, Map.of("pinned", keyId), keepAlive);
    }
    metrics.malformed("unknown_path");
    return text(
        HttpResponseStatus.NOT_FOUND,
        "no such API endpoint: " + method + " " + path + "\n",
        keepAlive);
  }

  private static FullHttpResponse json(HttpResponseStatus status, Object body, boolean keepAlive) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      return text(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot write JSON: " + e + "\n", keepAlive);
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }

  static FullHttpResponse text(HttpResponseStatus status, String message, boolean keepAlive) {
    ByteBuf content = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }
}
