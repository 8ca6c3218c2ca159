package dev.genaiwatch.core.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled redaction corpora, one JSON object a line: a {@code text} and the secrets it holds
 * ({@code expected}: rule and value), shared by {@link RedactionCorpusTest} and {@link
 * LeakCorpusTest}.
 */
final class CorpusLines {
  record Expected(String rule, String value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusLines() {}

  /** Every non-blank line of {@code lines}, parsed. */
  static List<JsonNode> parse(List<String> lines) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  /** The secrets a line's text holds. */
  static List<Expected> expected(JsonNode line) {
    List<Expected> expected = new ArrayList<>();
    line.get("expected")
        .forEach(e -> expected.add(new Expected(e.get("rule").asText(), e.get("value").asText())));
    return expected;
  }
}
