package dev.genaiwatch.testapp.scenario;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Where the process's memory sits once a benchmark's calls are done, read from inside the JVM so
 * the figures belong to the same moment as the heap and RSS ones: thread and class counts, the
 * metaspace in use, and, when the JVM runs with {@code -XX:NativeMemoryTracking=summary}, the
 * committed memory of each native-memory category (heap, class metadata, code cache, thread stacks,
 * GC structures ...), which is what splits RSS by owner. With {@code -Dbench.memory.histogram=FILE}
 * it also writes the live-object class histogram (taken after a full GC) there, for the harness to
 * compare configurations by class.
 */
final class MemoryDetail {
  private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";
  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
  private static final Pattern NMT_TOTAL =
      Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB");

  private MemoryDetail() {}

  /** Keys and values for the {@code BENCH} line; NMT categories as {@code nmt_<name>_kb}. */
  static Map<String, Object> read() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    out.put("classes_loaded", ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        out.put("metaspace_used_bytes", pool.getUsage().getUsed());
      }
    }
    String nmt = diagnosticCommand("vmNativeMemory", "summary");
    if (nmt != null) {
      out.putAll(nativeMemoryCommitted(nmt));
    }
    String histogramFile = System.getProperty("bench.memory.histogram");
    if (histogramFile != null) {
      String histogram = diagnosticCommand("gcClassHistogram");
      if (histogram != null) {
        try {
          Files.writeString(Path.of(histogramFile), histogram, StandardCharsets.UTF_8);
        } catch (Exception e) {
          System.err.println("cannot write the class histogram to " + histogramFile + ": " + e);
        }
      }
    }
    String heapDumpFile = System.getProperty("bench.memory.heapdump");
    if (heapDumpFile != null) {
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .dumpHeap(heapDumpFile, true);
      } catch (Exception e) {
        System.err.println("cannot write the heap dump to " + heapDumpFile + ": " + e);
      }
    }
    return out;
  }

  /** Committed KB per NMT category of a {@code VM.native_memory summary} report. */
  static Map<String, Object> nativeMemoryCommitted(String summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String line : summary.split("\n")) {
      Matcher total = NMT_TOTAL.matcher(line.trim());
      if (total.find()) {
        out.put("nmt_total_kb", Long.parseLong(total.group(1)));
        continue;
      }
      Matcher category = NMT_CATEGORY.matcher(line.trim());
      if (category.find()) {
        String key =
            category.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        out.put("nmt_" + key + "_kb", Long.parseLong(category.group(2)));
      }
    }
    return out;
  }

  /** The text a diagnostic command returns, or null when the JVM does not offer it. */
  private static String diagnosticCommand(String operation, String... arguments) {
    try {
      Object result =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName(DIAGNOSTIC_COMMANDS),
                  operation,
                  new Object[] {arguments},
                  new String[] {String[].class.getName()});
      return result instanceof String text ? text : null;
    } catch (Exception e) {
      return null;
    }
  }
}
