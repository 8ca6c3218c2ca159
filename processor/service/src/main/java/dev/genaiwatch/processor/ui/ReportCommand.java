package dev.genaiwatch.processor.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.drift.DriftSettings;
import dev.genaiwatch.processor.drift.DriftStateReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar genai-watch-processor.jar report --from <processor URL | state file or data dir>
 * --out report.html [--token-file FILE]}: writes the {@link HtmlReport}. From a running processor
 * it reads {@code /api/drift}, {@code /api/evaluations} and {@code /api/ui}; from a saved drift
 * state, the drift keys only (the state holds no evaluations and no statistic history).
 */
public final class ReportCommand {
  static final String USAGE =
      "usage: java -jar genai-watch-processor.jar report --from <processor base URL | drift state"
          + " file or data dir> --out <report.html> [--token-file FILE]";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A problem the user can act on: printed as it is, exit status 1. */
  static final class ReportException extends Exception {
    ReportException(String message) {
      super(message);
    }
  }

  private ReportCommand() {}

  /**
   * @return the process exit status: 0 written, 1 a problem with the source or the output, 2 usage
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String from = null;
    String target = null;
    String tokenFile = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--from" -> from = value;
        case "--out" -> target = value;
        case "--token-file" -> tokenFile = value;
        default -> {
          err.println("unknown argument '" + args[i] + "'\n" + USAGE);
          return 2;
        }
      }
      i++;
    }
    if (from == null || target == null) {
      err.println(USAGE);
      return 2;
    }
    try {
      Map<String, Object> data =
          isUrl(from) ? fromProcessor(from, token(tokenFile)) : fromState(Path.of(from), env);
      Path written = write(Path.of(target), HtmlReport.bytes(data));
      out.println("REPORT_WRITTEN " + written.toAbsolutePath());
      return 0;
    } catch (ReportException e) {
      err.println("report: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("report: " + e.getMessage());
      return 1;
    }
  }

  private static boolean isUrl(String from) {
    return from.startsWith("http://") || from.startsWith("https://");
  }

  private static String token(String tokenFile) throws ReportException {
    if (tokenFile == null) {
      return null;
    }
    try {
      return Files.readString(Path.of(tokenFile)).strip();
    } catch (IOException e) {
      throw new ReportException("cannot read the token file " + tokenFile + ": " + e);
    }
  }

  static Map<String, Object> fromProcessor(String baseUrl, String tokenOrNull)
      throws ReportException {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Map<String, Object> data = header(base);
    data.put("drift", get(client, base, "/api/drift", tokenOrNull, false));
    data.put("evaluations", get(client, base, "/api/evaluations", tokenOrNull, true));
    Object settings = get(client, base, "/api/ui", tokenOrNull, true);
    data.put("settings", settings == null ? Map.of() : settings);
    return data;
  }

  private static Object get(
      HttpClient client, String base, String path, String tokenOrNull, boolean optional)
      throws ReportException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    if (tokenOrNull != null) {
      request.header("Authorization", "Bearer " + tokenOrNull);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ReportException("cannot reach the processor at " + base + " (connection refused)");
    } catch (HttpTimeoutException e) {
      throw new ReportException(
          "the processor at " + base + " did not answer " + path + " in time");
    } catch (IOException e) {
      throw new ReportException("cannot reach the processor at " + base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReportException("interrupted");
    } catch (IllegalArgumentException e) {
      throw new ReportException("not a usable URL: " + base + " (" + e.getMessage() + ")");
    }
    if (response.statusCode() == 401) {
      throw new ReportException(
          "the processor at "
              + base
              + " needs a token for "
              + path
              + (tokenOrNull == null ? ": pass --token-file" : ": it refused the one given"));
    }
    if (response.statusCode() == 404 && optional) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw new ReportException(
          "GET " + base + path + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return JSON.readValue(response.body(), Object.class);
    } catch (IOException e) {
      throw new ReportException(
          base + path + " did not answer JSON (is this a genai-watch processor?)");
    }
  }

  static Map<String, Object> fromState(Path state, Map<String, String> env)
      throws IOException, ReportException {
    // The processor's own drift settings from the environment, defaults otherwise: they set the
    // thresholds drawn.
    DriftSettings settings;
    try {
      settings = DriftSettings.from(ProcessorConfig.of(new Properties(), env));
    } catch (IllegalArgumentException e) {
      throw new ReportException(e.getMessage());
    }
    Map<String, Object> data = header(state.toAbsolutePath().toString());
    data.put("drift", Map.of("keys", DriftStateReader.read(state, settings)));
    data.put("evaluations", null);
    data.put("settings", Map.of());
    return data;
  }

  private static Map<String, Object> header(String source) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", source);
    data.put("generatedAt", Instant.now().toString());
    return data;
  }

  /** Written next to the target and moved over it, so a failed write leaves no half file. */
  private static Path write(Path target, byte[] html) throws ReportException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ReportException("cannot write " + target + ": no directory " + dir);
    }
    if (Files.isDirectory(target)) {
      throw new ReportException("cannot write " + target + ": it is a directory");
    }
    try {
      // Not createTempFile: its owner-only permissions would stay on the report.
      Path tmp =
          dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try {
        Files.write(tmp, html);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    } catch (AccessDeniedException e) {
      throw new ReportException("cannot write " + target + ": permission denied");
    } catch (IOException e) {
      throw new ReportException("cannot write " + target + ": " + e);
    }
  }
}
