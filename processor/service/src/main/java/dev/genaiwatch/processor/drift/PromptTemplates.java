package dev.genaiwatch.processor.drift;

import dev.genaiwatch.evaluation.GenAiMessages;
import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt template a call used, as the template part of its drift key: the application's own
 * {@code gen_ai.prompt.name} when the span carries it, else the fingerprint of the system
 * instructions ({@code gen_ai.system_instructions}, or the system messages of {@code
 * gen_ai.input.messages} from instrumentations that put them there) with numbers, ids and
 * whitespace taken out; empty when there are none, which is also the case when content capture is
 * off. Recent fingerprints are cached by the exact text, since a service sends the same system
 * instructions over and over.
 */
final class PromptTemplates {
  static final String PROMPT_NAME = "gen_ai.prompt.name";
  static final String SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";
  private static final int CACHE_ENTRIES = 1024;

  private final Map<String, String> fingerprints =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };

  /** {@code input} is the parsed {@code gen_ai.input.messages}, or null. */
  String of(List<KeyValue> attributes, GenAiMessages input) {
    String name = GenAiSpans.string(attributes, PROMPT_NAME);
    if (name != null && !name.isEmpty()) {
      return name;
    }
    String system = GenAiSpans.string(attributes, SYSTEM_INSTRUCTIONS);
    if (system == null || system.isEmpty()) {
      system = input == null ? "" : input.text("system");
    }
    if (system.isEmpty()) {
      return "";
    }
    synchronized (fingerprints) {
      return fingerprints.computeIfAbsent(system, NormalisedText::fingerprint);
    }
  }
}
