package dev.genaiwatch.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Aggregates one JFR recording into shares: CPU samples ({@code jdk.ExecutionSample}) and sampled
 * allocation weight ({@code jdk.ObjectAllocationSample}) per {@link FrameCategory}, the agent's top
 * frames (the first non-JDK frame of each agent stack), and the time the JVM spent compiling and
 * collecting. {@code java -cp benchmarks.jar dev.genaiwatch.bench.profile.JfrTopFrames FILE.jfr}
 * prints the tables.
 */
public final class JfrTopFrames {
  /** Totals of one recording. */
  public record Profile(
      Map<FrameCategory, Long> cpuSamples,
      Map<FrameCategory, Long> allocatedBytes,
      Map<String, Long> agentTopFrames,
      Map<String, Long> agentTopAllocations,
      JvmWork jvm) {

    public long totalCpuSamples() {
      return cpuSamples.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalAllocatedBytes() {
      return allocatedBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long agentCpuSamples() {
      return cpuSamples.entrySet().stream()
          .filter(e -> e.getKey().agent())
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  /** What the JVM did besides running Java code: JIT compilation, collection, class loading. */
  public record JvmWork(
      long compilations,
      long agentCompilations,
      Duration compileTime,
      long collections,
      Duration gcPauseTime,
      long classesLoaded) {}

  private JfrTopFrames() {}

  public static Profile read(Path recording) throws IOException {
    Map<FrameCategory, Long> cpu = new EnumMap<>(FrameCategory.class);
    Map<FrameCategory, Long> allocated = new EnumMap<>(FrameCategory.class);
    Map<String, Long> topFrames = new HashMap<>();
    Map<String, Long> topAllocations = new HashMap<>();
    long compilations = 0;
    long agentCompilations = 0;
    Duration compileTime = Duration.ZERO;
    long collections = 0;
    Duration gcPause = Duration.ZERO;
    long classesLoaded = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> attribute(event.getStackTrace(), 1, cpu, topFrames);
          case "jdk.ObjectAllocationSample" ->
              attribute(event.getStackTrace(), event.getLong("weight"), allocated, topAllocations);
          case "jdk.Compilation" -> {
            compilations++;
            compileTime = compileTime.plus(event.getDuration());
            RecordedMethod method = event.getValue("method");
            if (method != null && method.getType().getName().startsWith("dev.genaiwatch.")) {
              agentCompilations++;
            }
          }
          case "jdk.GarbageCollection" -> {
            collections++;
            gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
          }
          case "jdk.ClassLoadingStatistics" ->
              classesLoaded = Math.max(classesLoaded, event.getLong("loadedClassCount"));
          default -> {}
        }
      }
    }
    return new Profile(
        cpu,
        allocated,
        topFrames,
        topAllocations,
        new JvmWork(
            compilations, agentCompilations, compileTime, collections, gcPause, classesLoaded));
  }

  private static void attribute(
      RecordedStackTrace stack,
      long weight,
      Map<FrameCategory, Long> byCategory,
      Map<String, Long> agentFrames) {
    if (stack == null) {
      return;
    }
    List<String> classes = new ArrayList<>();
    String firstOwnFrame = null;
    for (RecordedFrame frame : stack.getFrames()) {
      RecordedMethod method = frame.getMethod();
      if (method == null || method.getType() == null) {
        continue;
      }
      String className = method.getType().getName();
      classes.add(className);
      if (firstOwnFrame == null
          && !FrameCategory.of(List.of(className)).equals(FrameCategory.JDK_ONLY)) {
        firstOwnFrame = shortName(className) + "." + method.getName();
      }
    }
    FrameCategory category = FrameCategory.of(classes);
    byCategory.merge(category, weight, Long::sum);
    if (category.agent() && firstOwnFrame != null) {
      agentFrames.merge(firstOwnFrame, weight, Long::sum);
    }
  }

  private static String shortName(String className) {
    return className.replace("dev.genaiwatch.shaded.", "(shaded) ").replace("dev.genaiwatch.", "");
  }

  public static void main(String[] args) throws IOException {
    Profile profile = read(Path.of(args[0]));
    System.out.println(ProfileTables.categories(List.of("profile"), List.of(profile)));
    System.out.println(ProfileTables.topFrames(profile, 20));
  }
}
