package dev.genaiwatch.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes HTTP/1.1 responses on a raw socket. Raw, rather than {@code com.sun.net.httpserver},
 * because fault injection needs to stop mid-body without the chunked terminator, and needs control
 * over when the first byte leaves.
 *
 * <p>Streaming uses chunked transfer encoding for HTTP/1.1 clients (one chunk per SSE event,
 * flushed immediately so clients see tokens as they are "generated") and a close-delimited body for
 * HTTP/1.0 clients.
 */
final class HttpResponseWriter {

  private final Socket socket;
  private final OutputStream out;
  private final boolean http11;
  private boolean started;
  private boolean chunked;
  private boolean closeAfter;
  private boolean aborted;

  HttpResponseWriter(Socket socket, OutputStream out, boolean http11) {
    this.socket = socket;
    this.out = out;
    this.http11 = http11;
  }

  boolean started() {
    return started;
  }

  /** Whether the connection must not be reused after this response. */
  boolean closeAfter() {
    return closeAfter || aborted;
  }

  void send(
      int status, String contentType, Map<String, String> headers, byte[] body, boolean keepAlive)
      throws IOException {
    writeHead(status, contentType, headers, body.length, keepAlive);
    out.write(body);
    out.flush();
  }

  /** Writes the head announcing {@code fullLength} bytes, then only {@code sentLength} of them. */
  void sendTruncated(
      int status, String contentType, Map<String, String> headers, byte[] body, int sentLength)
      throws IOException {
    writeHead(status, contentType, headers, body.length, true);
    out.write(body, 0, sentLength);
    out.flush();
    abort();
  }

  void beginStream(int status, String contentType, Map<String, String> headers, boolean keepAlive)
      throws IOException {
    chunked = http11;
    writeHead(status, contentType, headers, -1, keepAlive && http11);
    out.flush();
  }

  void writeStreamPart(byte[] data) throws IOException {
    if (chunked) {
      out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(data);
      out.write(CRLF);
    } else {
      out.write(data);
    }
    out.flush();
  }

  void endStream() throws IOException {
    if (chunked) {
      out.write(LAST_CHUNK);
    }
    out.flush();
  }

  /**
   * Ends the connection without completing the message: everything written so far is delivered
   * (orderly FIN, not RST, so the client really reads the partial body before hitting EOF), but the
   * chunked terminator or the rest of the Content-Length body never comes.
   */
  void abort() {
    aborted = true;
    try {
      out.flush();
      socket.shutdownOutput();
    } catch (IOException ignored) {
      // the peer may already be gone; closing is all that matters
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // same
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private void writeHead(
      int status, String contentType, Map<String, String> headers, long length, boolean keepAlive)
      throws IOException {
    if (started) {
      throw new IllegalStateException("response already started");
    }
    started = true;
    boolean persistent = keepAlive && (length >= 0 || http11);
    closeAfter = !persistent;
    StringBuilder head = new StringBuilder(256);
    head.append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ")
        .append(status)
        .append(' ')
        .append(reason(status))
        .append("\r\n");
    head.append("server: genai-watch-sim\r\n");
    if (contentType != null) {
      head.append("content-type: ").append(contentType).append("\r\n");
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (length >= 0) {
      head.append("content-length: ").append(length).append("\r\n");
    } else if (http11) {
      head.append("transfer-encoding: chunked\r\n");
    }
    if (!persistent) {
      head.append("connection: close\r\n");
    } else if (!http11) {
      head.append("connection: keep-alive\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 413:
        return "Content Too Large";
      case 429:
        return "Too Many Requests";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 501:
        return "Not Implemented";
      case 503:
        return "Service Unavailable";
      default:
        return "Status";
    }
  }
}
