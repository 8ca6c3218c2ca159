package dev.genaiwatch.core.redaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JSON Web Token is three base64url segments whose first decodes to a JSON object naming its
 * "alg".
 */
final class JwtHeader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_HEADER_CHARS = 4096;

  private JwtHeader() {}

  static boolean isJwt(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot > MAX_HEADER_CHARS) {
      return false;
    }
    byte[] header;
    try {
      header = Base64.getUrlDecoder().decode(stripPadding(token.substring(0, dot)));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return hasAlg(new String(header, StandardCharsets.UTF_8));
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  private static boolean hasAlg(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        if (p.currentName().equals("alg")) {
          return true;
        }
        p.nextToken();
        p.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
