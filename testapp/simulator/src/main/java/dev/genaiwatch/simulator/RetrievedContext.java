package dev.genaiwatch.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The documents a RAG framework wrote into the user message, and the user's question before them.
 * Reads the two prompt templates the testapps' frameworks use: LangChain4j's content injector
 * ({@code {{userMessage}}\n\nAnswer using the following information:\n{{contents}}}, documents
 * separated by blank lines) and Spring AI's {@code QuestionAnswerAdvisor} (documents one per line
 * between two lines of dashes). A message in neither shape is all question and no documents.
 */
record RetrievedContext(String question, List<String> documents) {

  private static final String LANGCHAIN4J = "\n\nAnswer using the following information:\n";
  private static final String SPRING_AI = "Context information is below";
  private static final String FENCE = "---------------------";

  static RetrievedContext of(String userText) {
    String text = userText == null ? "" : userText;
    int at = text.indexOf(LANGCHAIN4J);
    if (at >= 0) {
      return new RetrievedContext(
          text.substring(0, at).strip(),
          nonBlank(text.substring(at + LANGCHAIN4J.length()).split("\\n\\s*\\n")));
    }
    at = text.indexOf(SPRING_AI);
    int headingEnd = at < 0 ? -1 : text.indexOf('\n', at);
    int open = headingEnd < 0 ? -1 : text.indexOf(FENCE, headingEnd);
    int close = open < 0 ? -1 : text.indexOf(FENCE, open + FENCE.length());
    if (close > open) {
      return new RetrievedContext(
          text.substring(0, at).strip(),
          nonBlank(text.substring(open + FENCE.length(), close).split("\\n")));
    }
    return new RetrievedContext(text.strip(), List.of());
  }

  private static List<String> nonBlank(String[] parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (!p.isBlank()) {
        out.add(p.strip());
      }
    }
    return List.copyOf(out);
  }
}
