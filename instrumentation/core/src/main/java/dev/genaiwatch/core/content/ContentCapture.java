package dev.genaiwatch.core.content;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.model.RetrievedDocument;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a call's messages into the content attributes: every free-text field is redacted first,
 * then the text of each attribute is cut to {@code maxLength} characters in total. Cutting happens
 * on the text, never on the JSON, so the attribute value is always valid JSON.
 */
public final class ContentCapture {
  private static final JsonFactory JSON = new JsonFactory();
  static final String TRUNCATION_MARK = "…";

  private final boolean enabled;
  private final int maxLength;
  private final Redactor redactor;

  public ContentCapture(boolean enabled, int maxLength, Redactor redactor) {
    this.enabled = enabled;
    this.maxLength = maxLength;
    this.redactor = redactor;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * The bound an extractor should apply while accumulating streamed text, so buffers stay bounded.
   */
  public int maxLength() {
    return maxLength;
  }

  public CapturedContent capture(CallContent call) {
    if (!enabled) {
      return null;
    }
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    boolean[] truncated = {call.truncatedAtSource()};
    String input =
        call.inputMessages() == null ? null : messages(call.inputMessages(), counter, truncated);
    String system =
        call.systemInstructions() == null || call.systemInstructions().isEmpty()
            ? null
            : instructions(call.systemInstructions(), counter, truncated);
    String output =
        call.outputMessages() == null ? null : messages(call.outputMessages(), counter, truncated);
    if (input == null && system == null && output == null && !truncated[0]) {
      return null;
    }
    return new CapturedContent(input, system, output, counter.count(), truncated[0]);
  }

  /**
   * {@code text} redacted by the engine whether or not content capture is on: for what is recorded
   * either way, such as exception messages and stack traces. Not cut, and not counted in the
   * content redactions.
   */
  public String redactAlways(String text) {
    return text == null ? null : redactor.redact(text, new Redactor.RedactionCounter());
  }

  /** Each of {@code texts} redacted, as {@link #redactAlways}; null for null. */
  public List<String> redactAll(List<String> texts) {
    if (texts == null) {
      return null;
    }
    List<String> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(redactAlways(text));
    }
    return out;
  }

  /**
   * A free-text value (tool arguments, tool results), redacted and cut to the limit; null when off.
   */
  public CapturedText text(String text) {
    if (!enabled || text == null) {
      return null;
    }
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    Budget budget = new Budget(maxLength);
    String value = budget.takeRedacted(text, redactor, counter);
    return new CapturedText(value, counter.count(), budget.cut);
  }

  /**
   * Retrieved documents as a JSON array of {@code {"id", "content", "score"}} (the semconv
   * retrieval documents schema), contents redacted and cut to the limit in total; null when off.
   */
  public CapturedText documents(List<RetrievedDocument> documents) {
    if (!enabled || documents == null) {
      return null;
    }
    Redactor.RedactionCounter counter = new Redactor.RedactionCounter();
    Budget budget = new Budget(maxLength);
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (RetrievedDocument document : documents) {
        g.writeStartObject();
        if (document.id() != null) {
          g.writeStringField("id", redactor.redact(document.id(), counter));
        }
        if (document.content() != null) {
          g.writeStringField("content", budget.takeRedacted(document.content(), redactor, counter));
        }
        if (document.score() != null) {
          g.writeNumberField("score", document.score());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CapturedText(out.toString(), counter.count(), budget.cut);
  }

  private String messages(
      List<GenAiMessage> messages, Redactor.RedactionCounter counter, boolean[] truncated) {
    Budget budget = new Budget(maxLength);
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (GenAiMessage message : messages) {
        g.writeStartObject();
        g.writeStringField("role", message.role());
        g.writeArrayFieldStart("parts");
        for (MessagePart part : message.parts()) {
          writePart(g, part, budget, counter);
        }
        g.writeEndArray();
        if (message.finishReason() != null) {
          g.writeStringField("finish_reason", message.finishReason());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    truncated[0] |= budget.cut;
    return out.toString();
  }

  private String instructions(
      List<String> texts, Redactor.RedactionCounter counter, boolean[] truncated) {
    Budget budget = new Budget(maxLength);
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (String text : texts) {
        writePart(g, MessagePart.text(text), budget, counter);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    truncated[0] |= budget.cut;
    return out.toString();
  }

  private void writePart(
      JsonGenerator g, MessagePart part, Budget budget, Redactor.RedactionCounter counter)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("type", part.type());
    if (part.toolCallId() != null) {
      g.writeStringField("id", redactor.redact(part.toolCallId(), counter));
    }
    if (part.toolName() != null) {
      g.writeStringField("name", redactor.redact(part.toolName(), counter));
    }
    String field =
        switch (part.type()) {
          case "tool_call" -> "arguments";
          case "tool_call_response" -> "response";
          default -> "content";
        };
    if (part.content() != null) {
      g.writeStringField(field, budget.takeRedacted(part.content(), redactor, counter));
    }
    g.writeEndObject();
  }

  /** Characters of text left for one attribute. */
  private static final class Budget {
    private int remaining;
    private boolean cut;

    Budget(int remaining) {
      this.remaining = remaining;
    }

    /**
     * {@code text} redacted and cut to what is left; only as much of it is redacted as can be kept
     * (one character more tells {@link #take} that it was cut).
     */
    String takeRedacted(String text, Redactor redactor, Redactor.RedactionCounter counter) {
      return take(redactor.redactPrefix(text, Math.max(remaining, remaining + 1), counter));
    }

    String take(String text) {
      if (text.length() <= remaining) {
        remaining -= text.length();
        return text;
      }
      cut = true;
      // Never split a surrogate pair: a lone surrogate would make the exported string invalid
      // UTF-8.
      int end = remaining;
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      remaining = 0;
      return text.substring(0, end) + TRUNCATION_MARK;
    }
  }
}
