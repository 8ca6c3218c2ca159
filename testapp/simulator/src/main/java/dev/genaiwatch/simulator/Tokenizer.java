package dev.genaiwatch.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's stand-in for a BPE tokenizer: runs of letters/digits are one token, every other
 * non-whitespace character is a token of its own.
 *
 * <p>Crude, but stable and easy to reason about in tests: {@code "Hello, world!"} is four tokens.
 * Generated text is built from the same rule so that re-tokenising an output gives back its
 * completion-token count.
 */
final class Tokenizer {

  private Tokenizer() {}

  static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    forEachPiece(text, (leading, token) -> tokens.add(token));
    return tokens;
  }

  static int count(String text) {
    int[] n = {0};
    forEachPiece(text, (leading, token) -> n[0]++);
    return n[0];
  }

  /**
   * Splits text into streaming pieces: each piece is a token plus the whitespace before it, so that
   * concatenating the pieces reproduces the text exactly (trailing whitespace joins the last
   * piece).
   */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    forEachPiece(text, (leading, token) -> pieces.add(leading + token));
    int consumed = 0;
    for (String p : pieces) {
      consumed += p.length();
    }
    if (consumed < text.length()) {
      String tail = text.substring(consumed);
      if (pieces.isEmpty()) {
        pieces.add(tail);
      } else {
        pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + tail);
      }
    }
    return pieces;
  }

  static boolean isWordChar(int cp) {
    return Character.isLetterOrDigit(cp) || cp == '_';
  }

  private interface PieceSink {
    void accept(String leadingWhitespace, String token);
  }

  private static void forEachPiece(String text, PieceSink sink) {
    if (text == null || text.isEmpty()) {
      return;
    }
    int i = 0;
    int n = text.length();
    while (i < n) {
      int wsStart = i;
      while (i < n && Character.isWhitespace(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      if (i >= n) {
        return;
      }
      String leading = text.substring(wsStart, i);
      int start = i;
      int cp = text.codePointAt(i);
      if (isWordChar(cp)) {
        while (i < n && isWordChar(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
      } else {
        i += Character.charCount(cp);
      }
      sink.accept(leading, text.substring(start, i));
    }
  }
}
