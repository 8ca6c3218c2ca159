package dev.genaiwatch.bench.overhead;

/**
 * How much to measure. Rounds interleave the configurations (A/B/C/D, then the next round in a
 * rotated order), so slow drift of a shared machine's load hits every configuration alike.
 *
 * @param rounds repetitions of every workload × configuration
 * @param calls timed calls per run (scaled by {@link Workload#callsFactor()})
 * @param warmup untimed calls before them, for the JIT
 * @param startupRuns JVM start-up repetitions per configuration
 * @param memoryCalls calls before heap and RSS are read
 * @param memoryRounds repetitions of the memory measurement
 * @param steadyRounds repetitions of the steady-state runs (0: none)
 * @param steadyWarmup untimed calls before a steady-state run's timed calls, enough for the JIT to
 *     have compiled both the application's and the agent's hot code (scaled like the calls)
 * @param steadyCalls timed calls of a steady-state run (scaled like the calls)
 */
public record OverheadSettings(
    int rounds,
    int calls,
    int warmup,
    int startupRuns,
    int memoryCalls,
    int memoryRounds,
    int steadyRounds,
    int steadyWarmup,
    int steadyCalls) {}
