package dev.genaiwatch.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal HTTP/1.x request parser: request line, headers, and a Content-Length or chunked body.
 * Limits keep a misbehaving client from exhausting memory; violations become {@link HttpProblem}s
 * that close the connection, because after them the byte stream can no longer be trusted.
 */
final class HttpRequestReader {

  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;

  private final InputStream in;
  private final OutputStream out;

  /** {@code out} is only used for the interim {@code 100 Continue} response. */
  HttpRequestReader(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /** Returns null when the peer closed the connection cleanly between requests. */
  HttpRequest read() throws IOException, HttpProblem {
    String requestLine = readLine(true);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(true); // RFC 9112 2.2: ignore empty lines before a request
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new HttpProblem(400, "malformed request line", null, true);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> lower = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      String line = readLine(false);
      if (line.isEmpty()) {
        break;
      }
      if (i >= MAX_HEADERS) {
        throw new HttpProblem(431, "too many headers", null, true);
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new HttpProblem(400, "malformed header line", null, true);
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      String key = name.toLowerCase(Locale.ROOT);
      if (lower.containsKey(key)) {
        String merged = lower.get(key) + ", " + value;
        lower.put(key, merged);
        headers.put(key, merged);
      } else {
        lower.put(key, value);
        headers.put(key, value);
      }
    }
    byte[] body = readBody(lower);
    return new HttpRequest(parts[0], parts[1], parts[2], headers, body);
  }

  private byte[] readBody(Map<String, String> headers) throws IOException, HttpProblem {
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    boolean chunked = te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    if (te != null && !chunked) {
      throw new HttpProblem(501, "unsupported transfer-encoding: " + te, null, true);
    }
    long length = 0;
    if (!chunked && cl != null) {
      try {
        length = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new HttpProblem(400, "invalid content-length", null, true);
      }
      if (length < 0) {
        throw new HttpProblem(400, "invalid content-length", null, true);
      }
      if (length > MAX_BODY_BYTES) {
        throw new HttpProblem(413, "request body exceeds " + MAX_BODY_BYTES + " bytes", null, true);
      }
    }
    if (!chunked && length == 0) {
      return new byte[0];
    }
    String expect = headers.get("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    return chunked ? readChunked() : readFixed((int) length);
  }

  private byte[] readFixed(int length) throws IOException {
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed inside request body");
    }
    return body;
  }

  private byte[] readChunked() throws IOException, HttpProblem {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int semi = sizeLine.indexOf(';');
      String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new HttpProblem(400, "malformed chunk size", null, true);
      }
      if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
        throw new HttpProblem(413, "request body exceeds " + MAX_BODY_BYTES + " bytes", null, true);
      }
      if (size == 0) {
        while (!readLine(false).isEmpty()) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      body.write(readFixed((int) size));
      if (!readLine(false).isEmpty()) {
        throw new HttpProblem(400, "malformed chunk terminator", null, true);
      }
    }
  }

  /** Reads a CRLF- (or bare LF-) terminated ISO-8859-1 line. */
  private String readLine(boolean eofAllowed) throws IOException, HttpProblem {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofAllowed && sb.length() == 0) {
          return null;
        }
        throw new IOException("connection closed mid-request");
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new HttpProblem(431, "request line or header too long", null, true);
      }
      sb.append((char) b);
    }
  }
}
