package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads a chunk exactly as the Jackson reader does, or declines it: it never accepts
 * text Jackson rejects, and declines the chunks it leaves to Jackson (usage, logprobs).
 */
class OpenAiChunkScannerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String VLLM_CHUNK =
      "{\"id\":\"chatcmpl-8f2a\",\"object\":\"chat.completion.chunk\",\"created\":1733400000,"
          + "\"model\":\"qwen2.5-7b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" Paris\"},"
          + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";

  /** Chunks as OpenAI, vLLM and others write them, fields shuffled, values varied. */
  private static List<String> generatedChunks() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    String[] texts = {
      " Paris", "", "naïve \"quoted\" \\ path", "line\nbreak\ttab", "日本語 🙂", "\u0000\u001f", "</s>"
    };
    String[] reasons = {null, "stop", "length", "tool_calls"};
    List<String> chunks = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      Map<String, Object> chunk = new LinkedHashMap<>();
      List<String> order =
          new ArrayList<>(List.of("id", "object", "created", "model", "choices", "usage", "extra"));
      for (int i = order.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        String t = order.get(i);
        order.set(i, order.get(j));
        order.set(j, t);
      }
      for (String field : order) {
        switch (field) {
          case "id" -> chunk.put("id", random.nextBoolean() ? "chatcmpl-" + n : null);
          case "object" -> chunk.put("object", "chat.completion.chunk");
          case "created" -> chunk.put("created", random.nextInt(4) == 0 ? 1.5e9 : 1733400000L + n);
          case "model" -> chunk.put("model", random.nextInt(5) == 0 ? 42 : "qwen");
          case "choices" -> chunk.put("choices", choices(random, texts, reasons));
          case "usage" -> {
            int u = random.nextInt(6);
            if (u == 0) {
              chunk.put("usage", Map.of("prompt_tokens", 5, "completion_tokens", 7));
            } else if (u == 1) {
              chunk.put("usage", null);
            }
          }
          default -> {
            if (random.nextInt(3) == 0) {
              chunk.put("extra", List.of(Map.of("a", List.of(1, -2.5e-3, true, false)), "x"));
            }
          }
        }
      }
      String json = JSON.writeValueAsString(chunk);
      chunks.add(random.nextInt(4) == 0 ? json.replace(",", " ,\n ").replace(":", ": ") : json);
    }
    return chunks;
  }

  private static Object choices(SplittableRandom random, String[] texts, String[] reasons) {
    if (random.nextInt(10) == 0) {
      return "not an array";
    }
    List<Object> choices = new ArrayList<>();
    int count = random.nextInt(4);
    for (int c = 0; c < count; c++) {
      if (random.nextInt(12) == 0) {
        choices.add(7);
        continue;
      }
      Map<String, Object> choice = new LinkedHashMap<>();
      int index = random.nextInt(6);
      choice.put("index", index == 0 ? 1.0 : index == 1 ? 99999999999999999L : (Object) (long) c);
      if (random.nextInt(4) == 0) {
        choice.put("text", texts[random.nextInt(texts.length)]);
      } else {
        Map<String, Object> delta = new LinkedHashMap<>();
        if (random.nextBoolean()) {
          delta.put("role", "assistant");
        }
        int content = random.nextInt(5);
        delta.put("content", content == 0 ? null : texts[random.nextInt(texts.length)]);
        int tools = random.nextInt(4);
        if (tools == 1) {
          delta.put("tool_calls", List.of());
        } else if (tools == 2) {
          delta.put(
              "tool_calls",
              List.of(Map.of("index", 0, "function", Map.of("arguments", "{\"a\":[1]}")), 3));
        }
        choice.put("delta", random.nextInt(15) == 0 ? "odd" : delta);
      }
      int logprobs = random.nextInt(8);
      choice.put(
          "logprobs", logprobs == 0 ? Map.of("content", List.of(Map.of("logprob", -0.1))) : null);
      choice.put("finish_reason", reasons[random.nextInt(reasons.length)]);
      choices.add(choice);
    }
    return choices;
  }

  /** Deletions, insertions, replacements and duplications of a few characters. */
  private static List<String> mutants(List<String> chunks) {
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "{}[]\":,\\ ntrufalse0123456789-+.eEx\n\t\u0001é";
    List<String> out = new ArrayList<>();
    for (String chunk : chunks) {
      for (int m = 0; m < 8; m++) {
        StringBuilder s = new StringBuilder(chunk);
        int at = random.nextInt(s.length());
        switch (random.nextInt(4)) {
          case 0 -> s.deleteCharAt(at);
          case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 2 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default ->
              s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + random.nextInt(8))));
        }
        out.add(s.toString());
      }
    }
    return out;
  }

  /** Checks one text; returns whether the scanner took it. */
  private static boolean sameAsJackson(String json) {
    OpenAiChunkReader scanned = OpenAiChunkScanner.read(json);
    if (scanned == null) {
      return false;
    }
    OpenAiChunkReader jackson;
    try {
      jackson = OpenAiChunkReader.readWithJackson(json);
    } catch (Exception e) {
      throw new AssertionError("scanned what Jackson rejects (" + e + "): " + json);
    }
    assertThat(scanned.id).as(json).isEqualTo(jackson.id);
    assertThat(scanned.model).as(json).isEqualTo(jackson.model);
    assertThat(scanned.hasChoices).as(json).isEqualTo(jackson.hasChoices);
    assertThat(scanned.usage).as(json).isNull();
    assertThat(jackson.usage).as(json).isNull();
    assertThat(scanned.choices).as(json).isEqualTo(jackson.choices);
    return true;
  }

  @Test
  void generatedChunksAreReadAsJacksonReadsThemOrDeclined() throws Exception {
    int scanned = 0;
    List<String> chunks = generatedChunks();
    for (String chunk : chunks) {
      scanned += sameAsJackson(chunk) ? 1 : 0;
    }
    assertThat(scanned).as("chunks taken by the scanner").isGreaterThan(chunks.size() / 3);
    assertThat(scanned).as("chunks left to Jackson").isLessThan(chunks.size());
  }

  @Test
  void mutatedChunksAreNeverAcceptedWhereJacksonRejectsThem() throws Exception {
    int scanned = 0;
    List<String> mutants = mutants(generatedChunks().subList(0, 1500));
    for (String mutant : mutants) {
      scanned += sameAsJackson(mutant) ? 1 : 0;
    }
    assertThat(scanned).as("mutants still valid and taken").isGreaterThan(100);
  }

  @Test
  void aVllmContentChunkIsScanned() {
    OpenAiChunkReader chunk = OpenAiChunkScanner.read(VLLM_CHUNK);

    assertThat(chunk).isNotNull();
    assertThat(chunk.id).isEqualTo("chatcmpl-8f2a");
    assertThat(chunk.choices)
        .containsExactly(new OpenAiChunkReader.Choice(0, " Paris", false, null, null));
  }

  @Test
  void escapesAreDecoded() {
    OpenAiChunkReader chunk =
        OpenAiChunkScanner.read(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude42\"}}]}");

    assertThat(chunk.choices.get(0).text()).isEqualTo("a\"b\\c/d\né🙂");
  }

  @Test
  void usageAndLogprobsObjectsAreLeftToJackson() {
    assertThat(OpenAiChunkScanner.read("{\"choices\":[],\"usage\":{\"prompt_tokens\":5}}"))
        .isNull();
    assertThat(
            OpenAiChunkScanner.read(
                "{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[]},\"delta\":{}}]}"))
        .isNull();
  }

  @Test
  void textThatIsNotJsonIsLeftToJacksonWhichReportsIt() {
    for (String bad :
        List.of("", "[]", "{", "{\"id\":\"a\"} x", "{\"id\":01}", "{\"id\":nul}", "{'id':1}")) {
      assertThat(OpenAiChunkScanner.read(bad)).as(bad).isNull();
      assertThatThrownBy(() -> OpenAiChunkReader.read(bad)).as(bad).isInstanceOf(Exception.class);
    }
  }
}
