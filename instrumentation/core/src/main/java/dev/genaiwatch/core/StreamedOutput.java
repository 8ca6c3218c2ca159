package dev.genaiwatch.core;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the text of a streamed response per choice index, up to a character bound, so that
 * content capture of a long stream never holds more than the bound in memory. Choice indexes beyond
 * 16 are ignored (n &gt; 16 is not a realistic chat request and an index from a broken server must
 * not allocate).
 *
 * <p>The bound is the capture limit plus a look-ahead of {@value #LOOK_AHEAD} characters, longer
 * than any bounded secret the redaction engine knows (a password value is at most 256 characters, a
 * token shorter): content capture redacts the whole buffer first and cuts to the limit after, so a
 * secret that straddles the limit is recognised whole and replaced, never exported in part (a
 * Chinese ID cut to 17 digits, a card to 12). A secret that starts before the limit and runs past
 * the look-ahead still keeps the part that makes it recognisable.
 */
public final class StreamedOutput {
  private static final int MAX_CHOICES = 16;

  /** Characters kept past the capture limit so that redaction sees a straddling secret whole. */
  public static final int LOOK_AHEAD = 512;

  private final int maxChars;
  private final StringBuilder[] texts = new StringBuilder[MAX_CHOICES];
  private final String[] finishReasons = new String[MAX_CHOICES];
  private int totalChars;
  private boolean truncated;
  private int highestIndex = -1;

  /**
   * Keeps {@code captureLimit} characters and the look-ahead after them (nothing when the limit is
   * 0).
   */
  public StreamedOutput(int captureLimit) {
    this(captureLimit, captureLimit == 0 ? 0 : LOOK_AHEAD);
  }

  /** Keeps at most {@code captureLimit + lookAhead} characters across all choices. */
  public StreamedOutput(int captureLimit, int lookAhead) {
    this.maxChars = captureLimit + lookAhead;
  }

  public void append(int choiceIndex, String delta) {
    if (choiceIndex < 0 || choiceIndex >= MAX_CHOICES || delta == null || delta.isEmpty()) {
      return;
    }
    highestIndex = Math.max(highestIndex, choiceIndex);
    int room = maxChars - totalChars;
    if (room <= 0) {
      truncated = true;
      return;
    }
    StringBuilder sb = texts[choiceIndex];
    if (sb == null) {
      sb = texts[choiceIndex] = new StringBuilder();
    }
    if (delta.length() > room) {
      // Never keep half of a surrogate pair: a lone surrogate is invalid UTF-8 on the wire.
      int end = Character.isHighSurrogate(delta.charAt(room - 1)) ? room - 1 : room;
      sb.append(delta, 0, end);
      totalChars = maxChars;
      truncated = true;
    } else {
      sb.append(delta);
      totalChars += delta.length();
    }
  }

  public void finish(int choiceIndex, String finishReason) {
    if (choiceIndex >= 0 && choiceIndex < MAX_CHOICES) {
      highestIndex = Math.max(highestIndex, choiceIndex);
      finishReasons[choiceIndex] = finishReason;
    }
  }

  public boolean truncated() {
    return truncated;
  }

  /** Finish reasons in choice order, skipping choices that never finished. */
  public List<String> finishReasons() {
    List<String> out = new ArrayList<>(highestIndex + 1);
    for (int i = 0; i <= highestIndex; i++) {
      if (finishReasons[i] != null) {
        out.add(finishReasons[i]);
      }
    }
    return out;
  }

  public List<GenAiMessage> messages() {
    List<GenAiMessage> out = new ArrayList<>(highestIndex + 1);
    for (int i = 0; i <= highestIndex; i++) {
      String text = texts[i] == null ? "" : texts[i].toString();
      out.add(new GenAiMessage("assistant", List.of(MessagePart.text(text)), finishReasons[i]));
    }
    return out;
  }
}
