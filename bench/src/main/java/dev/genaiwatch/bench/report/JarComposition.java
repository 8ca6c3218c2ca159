package dev.genaiwatch.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Compressed bytes of the agent jar per library, to say what a size miss is made of. */
public final class JarComposition {
  private static final String SHADED = "dev/genaiwatch/shaded/";

  private JarComposition() {}

  /**
   * Library (first package segments under the shade prefix, or "genai-watch") → compressed bytes.
   */
  public static Map<String, Long> of(Path jar) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        sizes.merge(library(e.getName()), Math.max(0, e.getCompressedSize()), Long::sum);
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    sizes.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static String library(String name) {
    if (!name.startsWith(SHADED)) {
      return name.startsWith("dev/genaiwatch/") ? "genai-watch" : "other (META-INF, resources)";
    }
    String[] parts = name.substring(SHADED.length()).split("/");
    return switch (parts[0]) {
      case "io" -> "OpenTelemetry SDK/exporters/semconv";
      case "com" -> "Jackson core";
      case "org" ->
          parts.length > 1 && parts[1].equals("objectweb")
              ? "ASM (the method-hook weaver)"
              : "Kotlin stdlib (for OkHttp)";
      case "kotlin" -> "Kotlin stdlib (for OkHttp)";
      case "okhttp3" -> "OkHttp (OTLP http + gRPC sender)";
      case "okio" -> "Okio (for OkHttp)";
      default -> parts[0];
    };
  }

  public static long entries(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.size();
    }
  }

  public static long size(Path jar) throws IOException {
    return Files.size(jar);
  }
}
