package dev.genaiwatch.core.wire;

import java.util.Arrays;

/**
 * A streamed chat chunk read without Jackson, for the chunks nearly every stream is made of: the
 * fields {@link OpenAiChunkReader} pulls, in strictly valid JSON, with no usage or logprobs object.
 * Anything else (a usage or logprobs value, a float or very long index, a nesting deeper than
 * Jackson allows, any text that is not JSON) returns null and the chunk goes to {@link
 * OpenAiChunkReader}, which reads everything and reports malformed text. So this scanner never
 * accepts what Jackson would reject, and whatever it accepts it reads as {@link OpenAiChunkReader}
 * does ({@code OpenAiChunkScannerTest} holds the two equal on generated and mutated chunks).
 *
 * <p>Why: the wire level parses every event of a stream it owns on the thread that delivers the
 * bytes (a Reactor Netty event loop, the application's reading thread), and creating a Jackson
 * parser, tokenising and canonicalising every field name was two thirds of the agent's work there.
 */
final class OpenAiChunkScanner {
  /**
   * Below Jackson's nesting limit for the wire readers (64, {@code JsonValueReader}), with room to
   * spare: a deeper value is Jackson's to accept or reject.
   */
  private static final int MAX_DEPTH = 60;

  /** The member names read; a name's index in this array is how the scanner knows it. */
  private static final String[] NAMES = {
    "id",
    "model",
    "usage",
    "choices",
    "index",
    "text",
    "finish_reason",
    "logprobs",
    "delta",
    "content",
    "tool_calls"
  };

  private static final int ID = 0;
  private static final int MODEL = 1;
  private static final int USAGE = 2;
  private static final int CHOICES = 3;
  private static final int INDEX = 4;
  private static final int TEXT = 5;
  private static final int FINISH_REASON = 6;
  private static final int LOGPROBS = 7;
  private static final int DELTA = 8;
  private static final int CONTENT = 9;
  private static final int TOOL_CALLS = 10;

  private final String json;
  private final int length;
  private int pos;

  /** The scanner found something it leaves to Jackson. */
  private static final class Decline extends Exception {
    private static final Decline INSTANCE = new Decline();

    private Decline() {
      super(null, null, false, false);
    }
  }

  private OpenAiChunkScanner(String json) {
    this.json = json;
    this.length = json.length();
  }

  /** The chunk as {@link OpenAiChunkReader#read} reads it, or null to let that read it. */
  static OpenAiChunkReader read(String json) {
    try {
      return new OpenAiChunkScanner(json).chunk();
    } catch (Decline | RuntimeException e) {
      return null;
    }
  }

  private OpenAiChunkReader chunk() throws Decline {
    OpenAiChunkReader chunk = OpenAiChunkReader.empty();
    skipWhitespace();
    expect('{');
    if (!closes('}')) {
      do {
        switch (name()) {
          case ID -> chunk.id = stringOrSkip(1);
          case MODEL -> chunk.model = stringOrSkip(1);
          case USAGE -> nullOnly();
          case CHOICES -> choices(chunk);
          default -> skipValue(1);
        }
      } while (more('}'));
    }
    skipWhitespace();
    if (pos != length) {
      throw Decline.INSTANCE;
    }
    return chunk;
  }

  private void choices(OpenAiChunkReader chunk) throws Decline {
    skipWhitespace();
    if (peek() != '[') {
      skipValue(1);
      return;
    }
    pos++;
    chunk.hasChoices = true;
    if (closes(']')) {
      return;
    }
    do {
      skipWhitespace();
      if (peek() == '{') {
        chunk.choices.add(choice());
      } else {
        skipValue(2);
      }
    } while (more(']'));
  }

  /** One choice object, read as {@code OpenAiChunkReader.choice} reads it. */
  private OpenAiChunkReader.Choice choice() throws Decline {
    pos++;
    Long index = null;
    String text = null;
    String deltaContent = null;
    boolean hasDelta = false;
    boolean toolCall = false;
    String reason = null;
    if (!closes('}')) {
      do {
        switch (name()) {
          case INDEX -> index = indexOrSkip();
          case TEXT -> text = stringOrSkip(3);
          case FINISH_REASON -> reason = stringOrSkip(3);
          case LOGPROBS -> nullOnly();
          case DELTA -> {
            skipWhitespace();
            if (peek() != '{') {
              skipValue(3);
              break;
            }
            pos++;
            hasDelta = true;
            if (closes('}')) {
              break;
            }
            do {
              int field = name();
              skipWhitespace();
              if (field == CONTENT) {
                deltaContent = stringOrSkip(4);
              } else if (field == TOOL_CALLS && peek() == '[') {
                pos++;
                toolCall = !closes(']');
                if (toolCall) {
                  do {
                    skipValue(5);
                  } while (more(']'));
                }
              } else {
                skipValue(4);
              }
            } while (more('}'));
          }
          default -> skipValue(3);
        }
      } while (more('}'));
    }
    return OpenAiChunkReader.Choice.of(index, text, hasDelta, deltaContent, toolCall, reason, null);
  }

  /**
   * A member's name and its colon: the name's index in {@link #NAMES}, or -1 for any other name.
   * Compared in place, without making a string, unless it holds an escape.
   */
  private int name() throws Decline {
    skipWhitespace();
    if (peek() != '"') {
      throw Decline.INSTANCE;
    }
    int start = pos + 1;
    int end = start;
    while (end < length) {
      char c = json.charAt(end);
      if (c == '"' || c == '\\' || c < 0x20) {
        break;
      }
      end++;
    }
    int name;
    if (end < length && json.charAt(end) == '"') {
      name = known(start, end - start);
      pos = end + 1;
    } else {
      String decoded = string();
      name = Arrays.asList(NAMES).indexOf(decoded);
    }
    skipWhitespace();
    expect(':');
    return name;
  }

  /** The name at {@code start} as an index in {@link #NAMES}, or -1: one comparison at most. */
  private int known(int start, int nameLength) {
    int candidate =
        switch (nameLength) {
          case 2 -> ID;
          case 4 -> TEXT;
          case 5 ->
              switch (json.charAt(start)) {
                case 'm' -> MODEL;
                case 'u' -> USAGE;
                case 'i' -> INDEX;
                case 'd' -> DELTA;
                default -> -1;
              };
          case 7 -> json.charAt(start + 2) == 'o' ? CHOICES : CONTENT;
          case 8 -> LOGPROBS;
          case 10 -> TOOL_CALLS;
          case 13 -> FINISH_REASON;
          default -> -1;
        };
    return candidate >= 0 && json.startsWith(NAMES[candidate], start) ? candidate : -1;
  }

  /** After a member or element: true at a comma, false at {@code close} (consumed). */
  private boolean more(char close) throws Decline {
    skipWhitespace();
    char c = peek();
    pos++;
    if (c == ',') {
      return true;
    }
    if (c == close) {
      return false;
    }
    throw Decline.INSTANCE;
  }

  /** Right after an opening bracket: consumes {@code close} if the container is empty. */
  private boolean closes(char close) throws Decline {
    skipWhitespace();
    if (peek() == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** A string value, or null after skipping any other value (as {@code string(p, value)}). */
  private String stringOrSkip(int depth) throws Decline {
    skipWhitespace();
    if (peek() == '"') {
      return string();
    }
    skipValue(depth);
    return null;
  }

  /** {@code null}; anything else is left to Jackson (usage, logprobs). */
  private void nullOnly() throws Decline {
    skipWhitespace();
    literal("null");
  }

  /** An integer index of up to 18 digits, or null after skipping a non-number. */
  private Long indexOrSkip() throws Decline {
    skipWhitespace();
    char c = peek();
    if (c != '-' && (c < '0' || c > '9')) {
      skipValue(3);
      return null;
    }
    int start = pos;
    if (!number() || pos - start - (c == '-' ? 1 : 0) > 18) {
      // A fraction or exponent, or more digits than a long surely holds: Jackson's to read.
      throw Decline.INSTANCE;
    }
    return Long.parseLong(json, start, pos, 10);
  }

  /** Any JSON value, checked as strictly as Jackson reads it; {@code depth} counts containers. */
  private void skipValue(int depth) throws Decline {
    if (depth > MAX_DEPTH) {
      throw Decline.INSTANCE;
    }
    skipWhitespace();
    char c = peek();
    switch (c) {
      case '"' -> string(false);
      case '{' -> {
        pos++;
        if (!closes('}')) {
          do {
            name();
            skipValue(depth + 1);
          } while (more('}'));
        }
      }
      case '[' -> {
        pos++;
        if (!closes(']')) {
          do {
            skipValue(depth + 1);
          } while (more(']'));
        }
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void literal(String word) throws Decline {
    if (!json.startsWith(word, pos)) {
      throw Decline.INSTANCE;
    }
    // What follows ("nullx") must be a comma or a closing bracket (more), as for any value.
    pos += word.length();
  }

  /**
   * A number per JSON's grammar: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}; true when it is an
   * integer (no fraction, no exponent).
   */
  private boolean number() throws Decline {
    int start = pos;
    if (peekOrZero() == '-') {
      pos++;
    }
    char first = peekOrZero();
    if (first == '0') {
      pos++;
    } else if (first >= '1' && first <= '9') {
      digits();
    } else {
      throw Decline.INSTANCE;
    }
    boolean integer = true;
    if (peekOrZero() == '.') {
      integer = false;
      pos++;
      if (digits() == 0) {
        throw Decline.INSTANCE;
      }
    }
    char e = peekOrZero();
    if (e == 'e' || e == 'E') {
      integer = false;
      pos++;
      char sign = peekOrZero();
      if (sign == '+' || sign == '-') {
        pos++;
      }
      if (digits() == 0) {
        throw Decline.INSTANCE;
      }
    }
    // Very long numbers are Jackson's concern; what follows ("1x", "01") must be a comma or a
    // closing bracket (more), as for any value.
    if (pos - start > 100) {
      throw Decline.INSTANCE;
    }
    return integer;
  }

  private int digits() {
    int start = pos;
    while (pos < length && json.charAt(pos) >= '0' && json.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  /** A string's value; {@link #pos} is on its opening quote and is left after the closing one. */
  private String string() throws Decline {
    return string(true);
  }

  /**
   * The string at {@link #pos}, checked as strictly whether or not {@code keep}; its value is made
   * only when {@code keep} (else null).
   */
  private String string(boolean keep) throws Decline {
    int start = ++pos;
    // Most strings have no escape: one scan, one substring.
    while (pos < length) {
      char c = json.charAt(pos);
      if (c == '"') {
        pos++;
        return keep ? json.substring(start, pos - 1) : null;
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw Decline.INSTANCE;
      }
      pos++;
    }
    StringBuilder out = keep ? new StringBuilder(pos - start + 16).append(json, start, pos) : null;
    while (pos < length) {
      char c = json.charAt(pos++);
      if (c == '"') {
        return keep ? out.toString() : null;
      }
      if (c < 0x20) {
        throw Decline.INSTANCE;
      }
      if (c == '\\') {
        if (pos >= length) {
          break;
        }
        char e = json.charAt(pos++);
        c =
            switch (e) {
              case '"', '\\', '/' -> e;
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'u' -> hex4();
              default -> throw Decline.INSTANCE;
            };
      }
      if (keep) {
        out.append(c);
      }
    }
    throw Decline.INSTANCE;
  }

  private char hex4() throws Decline {
    if (pos + 4 > length) {
      throw Decline.INSTANCE;
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(json.charAt(pos++), 16);
      if (digit < 0) {
        throw Decline.INSTANCE;
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private void expect(char c) throws Decline {
    if (peek() != c) {
      throw Decline.INSTANCE;
    }
    pos++;
  }

  private char peek() throws Decline {
    if (pos >= length) {
      throw Decline.INSTANCE;
    }
    return json.charAt(pos);
  }

  private char peekOrZero() {
    return pos < length ? json.charAt(pos) : 0;
  }

  private void skipWhitespace() {
    while (pos < length) {
      char c = json.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
