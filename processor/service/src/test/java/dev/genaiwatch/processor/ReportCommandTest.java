package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ui.ReportCommand;
import dev.genaiwatch.testing.RefusedPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --from ... --out ...}: what it writes, and the errors a user can act on. */
class ReportCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aSavedDriftStateBecomesOneSelfContainedFile() throws IOException {
    Path data = dir.resolve("data");
    try (TestProcessor p = TestProcessor.start(data, DriftDetectionTest.smallWindows(false))) {
      DriftDetectionTest.steadyCalls(p, 0, 30);
      TestProcessor.await(
          "the key's reference",
          () -> DriftDetectionTest.keyState(p).path("referenceSize").asInt() > 0);
    }
    Path out = dir.resolve("report.html");

    assertThat(run("--from", data.toString(), "--out", out.toString())).isZero();
    String html = Files.readString(out);
    assertThat(html).contains("id=\"gw-report-data\"").contains(DriftDetectionTest.KEY);
    assertThat(html).doesNotContain("<script src=").doesNotContain("<link rel=\"stylesheet\"");
    assertThat(html).contains("uPlot");
  }

  @Test
  void anUnreachableProcessorIsAClearError() throws IOException {
    int port = RefusedPort.port();
    Path out = dir.resolve("report.html");

    assertThat(run("--from", "http://127.0.0.1:" + port, "--out", out.toString())).isEqualTo(1);
    assertThat(errors()).contains("cannot reach the processor at http://127.0.0.1:" + port);
    assertThat(out).doesNotExist();
  }

  @Test
  void aProcessorWithATokenAsksForTheTokenFile() {
    try (TestProcessor p =
        TestProcessor.start(dir.resolve("data"), Map.of("auth.token", "s3cret"))) {
      String base = "http://127.0.0.1:" + p.processor.httpPort();
      assertThat(run("--from", base, "--out", dir.resolve("r.html").toString())).isEqualTo(1);
      assertThat(errors()).contains("needs a token").contains("--token-file");
    }
  }

  @Test
  void aFileThatIsNotADriftStateIsAClearErrorAndIsLeftAlone() throws IOException {
    Path state = dir.resolve("drift-state.json");
    Files.writeString(state, "not json at all");

    assertThat(run("--from", state.toString(), "--out", dir.resolve("r.html").toString()))
        .isEqualTo(1);
    assertThat(errors()).contains("is not a genai-watch drift state file");
    assertThat(Files.readString(state)).isEqualTo("not json at all");
  }

  @Test
  void aMissingStateIsAClearError() {
    assertThat(run("--from", dir.resolve("nowhere").toString(), "--out", "r.html")).isEqualTo(1);
    assertThat(errors()).contains("no readable drift state file at");
  }

  @Test
  void anUnwritableOutputIsAClearError() throws IOException {
    Path state = dir.resolve("drift-state.json");
    Files.writeString(state, "{\"version\":2,\"keys\":[]}");
    Path out = dir.resolve("missing-dir").resolve("r.html");

    assertThat(run("--from", state.toString(), "--out", out.toString())).isEqualTo(1);
    assertThat(errors()).contains("cannot write " + out);
  }

  @Test
  void missingArgumentsPrintTheUsage() {
    assertThat(run("--from", "x")).isEqualTo(2);
    assertThat(errors()).contains("usage:");
  }

  private int run(String... args) {
    return ReportCommand.run(
        args,
        Map.of(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
