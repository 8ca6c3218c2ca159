package dev.genaiwatch.processor.ui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page's static files, read from the classpath: the page's own files under {@value #OWN} and
 * uPlot from its WebJar. A request path maps to a file only when it is a plain name (letters,
 * digits, {@code -}, {@code _}, single dots between them, no slash) in a known folder, so no path
 * can climb out of them; what is served is cached in memory (a few hundred kilobytes).
 */
public final class UiFiles {
  static final String OWN = "dev/genaiwatch/processor/ui/static/";

  /** The WebJar's version, from its own Maven metadata (kept in the jar by the shade filter). */
  static final String UPLOT_VERSION = uplotVersion();

  /** Where uPlot is served (a fixed path, so the page need not know the version). */
  public static final String UPLOT_PREFIX = "vendor/uplot/";

  private static final String WEBJAR =
      "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  /**
   * One servable file; {@code vendor} marks a third-party file, which changes only with the
   * processor's version.
   */
  public record File(byte[] bytes, String contentType, String etag, boolean vendor) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final Map<String, File> cache = new ConcurrentHashMap<>();

  /**
   * The file at {@code path} relative to {@code /ui/} ({@code ""} is the page), or null when there
   * is none.
   */
  public File find(String path) {
    String name = path.isEmpty() ? "index.html" : path;
    boolean vendor = name.startsWith(UPLOT_PREFIX);
    String file = vendor ? name.substring(UPLOT_PREFIX.length()) : name;
    if (!NAME.matcher(file).matches()) {
      return null;
    }
    String resource = (vendor ? WEBJAR : OWN) + file;
    File cached = cache.get(resource);
    if (cached != null) {
      return cached;
    }
    byte[] bytes = read(resource);
    if (bytes == null) {
      return null;
    }
    String extension = file.substring(file.lastIndexOf('.') + 1);
    File found = new File(bytes, TYPES.get(extension), etag(bytes), vendor);
    cache.put(resource, found);
    return found;
  }

  /** The file, which the jar is built to contain; a missing one is a packaging error. */
  public File require(String path) {
    File file = find(path);
    if (file == null) {
      throw new IllegalStateException("the processor jar lacks its page file " + path);
    }
    return file;
  }

  private static String uplotVersion() {
    byte[] metadata = read("META-INF/maven/org.webjars.npm/uplot/pom.properties");
    Properties properties = new Properties();
    if (metadata != null) {
      try {
        properties.load(new ByteArrayInputStream(metadata));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String version = properties.getProperty("version");
    if (version == null) {
      throw new IllegalStateException("the processor jar lacks uPlot's WebJar metadata");
    }
    return version;
  }

  private static byte[] read(String resource) {
    try (InputStream in = UiFiles.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the processor jar", e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
