package dev.genaiwatch.bench.profile;

import dev.genaiwatch.bench.profile.JfrTopFrames.Profile;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of one or more {@link Profile}s side by side. */
public final class ProfileTables {
  private ProfileTables() {}

  /**
   * One row per category, per profile its share of the CPU samples and of the sampled allocation
   * weight, then the agent's total, compilation and GC.
   */
  public static String categories(List<String> names, List<Profile> profiles) {
    StringBuilder out = new StringBuilder("| Where |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String name : names) {
      out.append(" ").append(name).append(" CPU % | alloc % |");
      rule.append("---:|---:|");
    }
    out.append('\n').append(rule).append('\n');
    for (FrameCategory category : FrameCategory.values()) {
      out.append("| ").append(category.label()).append(" |");
      for (Profile profile : profiles) {
        out.append(' ')
            .append(
                percent(profile.cpuSamples().getOrDefault(category, 0L), profile.totalCpuSamples()))
            .append(" | ")
            .append(
                percent(
                    profile.allocatedBytes().getOrDefault(category, 0L),
                    profile.totalAllocatedBytes()))
            .append(" |");
      }
      out.append('\n');
    }
    out.append("| **all of the agent's code** |");
    for (Profile profile : profiles) {
      long agentBytes =
          profile.allocatedBytes().entrySet().stream()
              .filter(e -> e.getKey().agent())
              .mapToLong(Map.Entry::getValue)
              .sum();
      out.append(" **")
          .append(percent(profile.agentCpuSamples(), profile.totalCpuSamples()))
          .append("** | **")
          .append(percent(agentBytes, profile.totalAllocatedBytes()))
          .append("** |");
    }
    out.append("\n| CPU samples (Java threads) |");
    profiles.forEach(p -> out.append(' ').append(p.totalCpuSamples()).append(" | |"));
    out.append("\n| JIT compilations (of the agent's methods), compile time ms |");
    profiles.forEach(
        p ->
            out.append(
                String.format(
                    Locale.ROOT,
                    " %d (%d), %d | |",
                    p.jvm().compilations(),
                    p.jvm().agentCompilations(),
                    p.jvm().compileTime().toMillis())));
    out.append("\n| GC collections, pause ms |");
    profiles.forEach(
        p ->
            out.append(
                String.format(
                    Locale.ROOT,
                    " %d, %d | |",
                    p.jvm().collections(),
                    p.jvm().gcPauseTime().toMillis())));
    out.append("\n| classes loaded |");
    profiles.forEach(p -> out.append(' ').append(p.jvm().classesLoaded()).append(" | |"));
    return out.append('\n').toString();
  }

  /** The agent's top frames by CPU samples and by allocated bytes, each with its share. */
  public static String topFrames(Profile profile, int limit) {
    StringBuilder out = new StringBuilder("| Agent frame (CPU) | % of all samples |\n|---|---:|\n");
    top(profile.agentTopFrames(), profile.totalCpuSamples(), limit, out);
    out.append("\n| Agent frame (allocation) | % of all sampled bytes |\n|---|---:|\n");
    top(profile.agentTopAllocations(), profile.totalAllocatedBytes(), limit, out);
    return out.toString();
  }

  private static void top(Map<String, Long> frames, long total, int limit, StringBuilder out) {
    frames.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(limit)
        .forEach(
            e ->
                out.append("| `")
                    .append(e.getKey())
                    .append("` | ")
                    .append(percent(e.getValue(), total))
                    .append(" |\n"));
  }

  static String percent(long part, long total) {
    return total == 0 ? "—" : String.format(Locale.ROOT, "%.1f", 100.0 * part / total);
  }
}
