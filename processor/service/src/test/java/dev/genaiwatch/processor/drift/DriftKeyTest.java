package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftKeyTest {
  @TempDir Path dir;

  @Test
  void aKeyWithoutTemplateKeepsItsThreePartId() {
    assertThat(new DriftKey("shop", "gpt-4o", "chat").id()).isEqualTo("shop|gpt-4o|chat");
    assertThat(new DriftKey("shop", "gpt-4o", "chat", "a1b2c3d4").id())
        .isEqualTo("shop|gpt-4o|chat|a1b2c3d4");
  }

  @Test
  void aSeparatorInsideANameCannotMakeTwoKeysShareAnId() {
    DriftKey left = new DriftKey("a|b", "c", "chat");
    DriftKey right = new DriftKey("a", "b|c", "chat");
    DriftKey withTemplate = new DriftKey("a", "b", "c", "chat");
    assertThat(left.id()).isEqualTo("a\\|b|c|chat");
    assertThat(List.of(left.id(), right.id(), withTemplate.id())).doesNotHaveDuplicates();
    assertThat(new DriftKey("a\\", "b", "chat").id())
        .isNotEqualTo(new DriftKey("a", "\\b", "chat").id());
  }

  @Test
  void aTemplateKeyIsSavedAndLoadedAsItsOwnKey() throws IOException {
    DriftSettings settings =
        DriftSettings.from(
            ProcessorConfig.load(null, Map.of()).with("drift.embedding.enabled", "false"));
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(
        List.of(
            new KeyState(new DriftKey("shop", "m", "chat", "a1b2c3d4")),
            new KeyState(new DriftKey("shop", "m", "chat"))));
    assertThat(store.load())
        .extracting(state -> state.key)
        .containsExactly(
            new DriftKey("shop", "m", "chat", "a1b2c3d4"), new DriftKey("shop", "m", "chat"));
  }

  @Test
  void aStateFileFromBeforeTemplateKeysLoadsItsKeysWithoutTemplate() throws IOException {
    DriftSettings settings =
        DriftSettings.from(
            ProcessorConfig.load(null, Map.of()).with("drift.embedding.enabled", "false"));
    Files.writeString(
        dir.resolve("drift-state.json"),
        "{\"version\":2,\"keys\":[{\"service\":\"shop\",\"model\":\"m\",\"operation\":\"chat\","
            + "\"calls\":5,\"learning\":{\"size\":0,\"numeric\":{},\"categorical\":{}},"
            + "\"current\":{\"size\":0,\"numeric\":{},\"categorical\":{}}}]}");
    List<KeyState> loaded = new DriftStateStore(dir, settings).load();
    assertThat(loaded)
        .extracting(state -> state.key)
        .containsExactly(new DriftKey("shop", "m", "chat"));
    assertThat(loaded.get(0).calls).isEqualTo(5);
  }
}
