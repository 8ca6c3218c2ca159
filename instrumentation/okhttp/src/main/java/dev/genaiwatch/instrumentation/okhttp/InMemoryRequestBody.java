package dev.genaiwatch.instrumentation.okhttp;

import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * The request body's bytes, for an LLM request only (the caller asks only then). OkHttp itself writes a
 * request body again on retries and redirects unless it is one-shot, so writing a repeatable body once more
 * into a memory buffer is within its contract; one-shot and duplex bodies (streams, pipes), bodies of unknown or
 * large length, and content-encoded bodies are never touched: the call then gets a span without the
 * request-side attributes.
 */
final class InMemoryRequestBody {
  private static final long MAX_BYTES = 16L << 20;

  private InMemoryRequestBody() {}

  static byte[] read(Request request) {
    try {
      RequestBody body = request.body();
      if (body == null || body.isOneShot() || body.isDuplex() || request.header("Content-Encoding") != null) {
        return null;
      }
      long length = body.contentLength();
      if (length < 0 || length > MAX_BYTES) {
        return null;
      }
      Buffer buffer = new Buffer();
      body.writeTo(buffer);
      return buffer.readByteArray();
    } catch (Throwable t) {
      OkHttpHooks.swallowed(t);
      return null;
    }
  }
}
