package dev.genaiwatch.core.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private-key blocks, from {@code -----BEGIN ... PRIVATE KEY-----} to the matching END line.
 * Found with {@code indexOf} rather than a lazy {@code [\s\S]*?} pattern, which would rescan the
 * rest of the text for every BEGIN without an END. A block cut off before its END line (content
 * truncated at the source) is redacted up to the end of its base64 body, so no part of the key
 * survives (an END line after another block's BEGIN belongs to that block, not to this one); that
 * body may be written with escaped line breaks ({@code \n} as backslash-n, a key inside a JSON or
 * YAML string), which are part of the body too.
 */
final class PrivateKeyBlockRule implements RedactionRule {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final Pattern HEADER =
      Pattern.compile("-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----");
  private static final int MAX_END_LINE = 80;

  @Override
  public String name() {
    return "private_key";
  }

  @Override
  public String label() {
    return "PRIVATE_KEY";
  }

  @Override
  public void findIn(String text, List<RedactionMatch> out) {
    int from = text.indexOf(BEGIN);
    if (from < 0) {
      return;
    }
    Matcher header = HEADER.matcher(text);
    // Positions of the next END and BEGIN markers after the current block's header (-1: none);
    // kept between blocks so that the text is searched once for each.
    int nextEnd = -2;
    int nextBegin = -2;
    while (from >= 0) {
      header.region(from, text.length());
      if (!header.lookingAt()) {
        from = text.indexOf(BEGIN, from + 1);
        continue;
      }
      int bodyStart = header.end();
      if (nextEnd != -1 && nextEnd < bodyStart) {
        nextEnd = text.indexOf(END, bodyStart);
      }
      if (nextBegin != -1 && nextBegin < bodyStart) {
        nextBegin = text.indexOf(BEGIN, bodyStart);
      }
      // An END after another BEGIN closes that block, not this one: this one was cut off.
      boolean closed = nextEnd >= 0 && (nextBegin < 0 || nextEnd < nextBegin);
      int blockEnd =
          closed
              ? endOfEndLine(text, nextEnd)
              : nextBegin < 0
                  ? endOfBody(text, bodyStart)
                  : Math.min(endOfBody(text, bodyStart), nextBegin);
      out.add(new RedactionMatch(from, blockEnd, this));
      from = text.indexOf(BEGIN, blockEnd);
    }
  }

  private static int endOfEndLine(String text, int endMarker) {
    int close = text.indexOf("-----", endMarker + END.length());
    if (close < 0 || close - endMarker > MAX_END_LINE) {
      return endMarker + END.length();
    }
    return close + 5;
  }

  private static int endOfBody(String text, int i) {
    while (i < text.length() && isBodyChar(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBodyChar(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '+'
        || c == '/'
        || c == '='
        || c == '\n'
        || c == '\r'
        || c == ' '
        || c == '\t'
        || c == ':'
        || c == ','
        || c == '-'
        || c == '\\';
  }
}
