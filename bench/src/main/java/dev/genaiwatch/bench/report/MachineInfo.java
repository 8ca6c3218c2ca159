package dev.genaiwatch.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the numbers were measured on: they only mean something next to this. */
public record MachineInfo(
    String cpu, int cores, String memory, String os, String jdk, String loadAverage) {

  public static MachineInfo current() {
    return new MachineInfo(
        firstValue(Path.of("/proc/cpuinfo"), "model name"),
        Runtime.getRuntime().availableProcessors(),
        firstValue(Path.of("/proc/meminfo"), "MemTotal"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"),
        currentLoadAverage());
  }

  public static String currentLoadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      // Not Linux.
    }
    return "unknown";
  }
}
