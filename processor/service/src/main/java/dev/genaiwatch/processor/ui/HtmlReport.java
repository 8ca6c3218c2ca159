package dev.genaiwatch.processor.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file with the page's drift and evaluation views: uPlot, the page's CSS
 * and scripts inlined, and the data embedded as JSON, so it opens offline (attached to an incident
 * ticket, say).
 */
public final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SCRIPTS = {
    UiFiles.UPLOT_PREFIX + "uPlot.iife.min.js", "charts.js", "views.js", "app.js"
  };

  private HtmlReport() {}

  /**
   * @param data {@code source}, {@code generatedAt}, {@code drift} (as {@code GET /api/drift}),
   *     {@code evaluations} (as {@code GET /api/evaluations}, or null) and {@code settings} (as
   *     {@code GET /api/ui})
   */
  public static String render(Map<String, Object> data) throws IOException {
    UiFiles files = new UiFiles();
    StringBuilder html = new StringBuilder(200_000);
    html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>genai-watch report</title>\n<link rel=\"icon\" href=\"data:,\">\n");
    for (String css : new String[] {UiFiles.UPLOT_PREFIX + "uPlot.min.css", "style.css"}) {
      html.append("<style>\n")
          .append(inline(files.require(css).text(), css))
          .append("\n</style>\n");
    }
    html.append("</head>\n<body>\n<header>\n  <h1>genai-watch report</h1>\n")
        .append("  <nav id=\"tabs\"></nav>\n</header>\n<main id=\"app\"></main>\n")
        .append("<script type=\"application/json\" id=\"gw-report-data\">")
        // "<" never occurs outside JSON strings, and inside them the escape keeps "</script>"
        // inert.
        .append(JSON.writeValueAsString(data).replace("<", "\\u003c"))
        .append("</script>\n");
    for (String script : SCRIPTS) {
      html.append("<script>\n")
          .append(inline(files.require(script).text(), script))
          .append("\n</script>\n");
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  /** Page files are inlined as they are; one that could end its element early is refused. */
  private static String inline(String text, String name) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
      throw new IllegalStateException(name + " cannot be inlined into the report as it is");
    }
    return text;
  }

  static byte[] bytes(Map<String, Object> data) throws IOException {
    return render(data).getBytes(StandardCharsets.UTF_8);
  }
}
