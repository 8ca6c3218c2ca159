package dev.genaiwatch.bench.micro;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs this package's JMH benchmarks (forked JVMs, with the GC profiler for bytes allocated per
 * operation).
 */
public final class MicroBenchmarks {
  private MicroBenchmarks() {}

  /** One benchmark method's result: mean time per operation and bytes allocated per operation. */
  public record Score(
      String benchmark, String method, double nanos, double error, double allocatedBytes) {}

  public record Settings(int forks, int warmupIterations, int iterations, long iterationMillis) {}

  public static List<Score> run(Settings settings) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(
                MicroBenchmarks.class.getPackageName().replace(".", "\\.") + "\\..*Benchmark\\..*")
            .forks(settings.forks())
            .warmupIterations(settings.warmupIterations())
            .warmupTime(TimeValue.milliseconds(settings.iterationMillis()))
            .measurementIterations(settings.iterations())
            .measurementTime(TimeValue.milliseconds(settings.iterationMillis()))
            .jvmArgsAppend("-Xmx1g")
            .addProfiler(GCProfiler.class)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Score> scores = new ArrayList<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      int dot = full.lastIndexOf('.');
      String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      scores.add(
          new Score(
              cls,
              full.substring(dot + 1),
              r.getPrimaryResult().getScore(),
              r.getPrimaryResult().getScoreError(),
              alloc == null ? Double.NaN : alloc.getScore()));
    }
    return scores;
  }
}
