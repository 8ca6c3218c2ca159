package dev.genaiwatch.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValueReaderTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void objectBecomesAMapInDocumentOrder() throws IOException {
    Object value = JsonValueReader.read("{\"z\":1,\"a\":2,\"m\":3}");

    assertThat(value).isInstanceOf(Map.class);
    assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("z", "a", "m"));
  }

  @Test
  void arrayBecomesAList() throws IOException {
    assertThat(JsonValueReader.read("[1,\"two\",[3]]")).isEqualTo(List.of(1L, "two", List.of(3L)));
  }

  @Test
  void scalarsBecomeStringLongDoubleAndBoolean() throws IOException {
    assertThat(JsonValueReader.read("\"text\"")).isEqualTo("text");
    assertThat(JsonValueReader.read("42")).isEqualTo(42L);
    assertThat(JsonValueReader.read("-7")).isEqualTo(-7L);
    assertThat(JsonValueReader.read("0.25")).isEqualTo(0.25);
    assertThat(JsonValueReader.read("1e3")).isEqualTo(1000.0);
    assertThat(JsonValueReader.read("true")).isEqualTo(Boolean.TRUE);
    assertThat(JsonValueReader.read("false")).isEqualTo(Boolean.FALSE);
  }

  @Test
  void nullBecomesNullEvenInsideContainers() throws IOException {
    assertThat(JsonValueReader.read("null")).isNull();
    assertThat(JsonValueReader.read("[null]")).isEqualTo(Arrays.asList((Object) null));
    Map<?, ?> map = (Map<?, ?>) JsonValueReader.read("{\"content\":null}");
    assertThat(map.containsKey("content")).isTrue();
    assertThat(map.get("content")).isNull();
  }

  @Test
  void escapesAndUnicodeAreDecoded() throws IOException {
    assertThat(JsonValueReader.read("\"a\\\"b\\n\\u00e9\\ud83d\\ude00\"")).isEqualTo("a\"b\né😀");
  }

  @Test
  void realisticChatMessagesAreRead() throws IOException {
    Object value =
        JsonValueReader.read(
            """
            [{"role":"user","content":[{"type":"text","text":"hi"}]},
             {"role":"assistant","content":null,"tool_calls":[{"id":"c1","function":{"name":"f","arguments":"{}"}}]}]\
            """);

    List<?> messages = (List<?>) value;
    assertThat(messages).hasSize(2);
    Map<?, ?> assistant = (Map<?, ?>) messages.get(1);
    assertThat(
            ((Map<?, ?>)
                    ((Map<?, ?>) ((List<?>) assistant.get("tool_calls")).get(0)).get("function"))
                .get("name"))
        .isEqualTo("f");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "[1,2",
        "{\"a\" 1}",
        "{\"a\":}",
        "nope",
        "[1,]",
        "{'a':1}",
        "\"unterminated"
      })
  void malformedJsonIsAnIOException(String text) {
    assertThatThrownBy(() -> JsonValueReader.read(text)).isInstanceOf(IOException.class);
  }

  @Test
  void nestingOf64LevelsIsRead() throws IOException {
    assertThat(JsonValueReader.read(nested(64))).isInstanceOf(List.class);
  }

  @Test
  void nestingDeeperThan64LevelsIsAnIOException() {
    assertThatThrownBy(() -> JsonValueReader.read(nested(65))).isInstanceOf(IOException.class);
  }

  @Test
  void hostileDeepNestingIsAnIOExceptionNotAStackOverflow() {
    assertThatThrownBy(() -> JsonValueReader.read(nested(100_000))).isInstanceOf(IOException.class);
  }
}
