package dev.genaiwatch.processor.pipeline;

/**
 * Text from senders or from the downstream, made safe for one log line: control characters
 * (newline, carriage return, escape sequences, ...) become {@code \n}, {@code \r}, {@code \t} or
 * {@code \u001b}, and a backslash doubles, so a model named {@code "x\nPROCESSOR_READY ..."} cannot
 * forge a line of its own.
 */
public final class LogText {
  private LogText() {}

  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (!control && c != '\\') {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }
}
