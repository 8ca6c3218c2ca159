package dev.genaiwatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic per-token log probabilities in [-5, 0].
 *
 * <p>Most tokens are confident, but every few tokens one is forced below -2.3 (probability under
 * 10%) so that telemetry built on "low-confidence token" thresholds always has something to find.
 * Alternatives in {@code top_logprobs} share the remaining probability mass, so the list is sorted
 * and sums to at most 1 like a real distribution.
 */
final class LogprobSynthesizer {

  static final double MIN_LOGPROB = -5.0;
  static final double LOW_CONFIDENCE_THRESHOLD = -2.3;

  private LogprobSynthesizer() {}

  record Candidate(String token, double logprob) {
    List<Integer> bytes() {
      return utf8(token);
    }
  }

  record TokenLogprob(String token, double logprob, List<Candidate> top) {
    List<Integer> bytes() {
      return utf8(token);
    }
  }

  static TokenLogprob forToken(long generationSeed, int position, String token, int topN) {
    SplittableRandom rng =
        new SplittableRandom(Hashing.combine(generationSeed, 0x10c9_0000L + position));
    double logprob;
    if (position % 7 == 3 || rng.nextInt(100) < 8) {
      logprob = -(2.31 + rng.nextDouble() * 2.69);
    } else {
      logprob = -(rng.nextDouble() * 1.2);
    }
    logprob = round(Math.max(MIN_LOGPROB, logprob));

    List<Candidate> top = new ArrayList<>();
    if (topN > 0) {
      top.add(new Candidate(token, logprob));
      double rest = Math.max(1e-9, 1 - Math.exp(logprob));
      String trimmed = token.strip().toLowerCase(Locale.ROOT);
      String leading = token.startsWith(" ") ? " " : "";
      for (int i = 0; top.size() < topN && i < topN * 4 + 8; i++) {
        String alt =
            leading + TextGenerator.VOCABULARY[rng.nextInt(TextGenerator.VOCABULARY.length)];
        if (alt.strip().equals(trimmed) || containsToken(top, alt)) {
          continue;
        }
        double p = rest * Math.pow(0.5, top.size());
        top.add(new Candidate(alt, round(Math.max(MIN_LOGPROB, Math.log(p)))));
      }
      top.sort(Comparator.comparingDouble(Candidate::logprob).reversed());
    }
    return new TokenLogprob(token, logprob, List.copyOf(top));
  }

  private static boolean containsToken(List<Candidate> list, String token) {
    for (Candidate c : list) {
      if (c.token().equals(token)) {
        return true;
      }
    }
    return false;
  }

  private static double round(double v) {
    double r = Math.round(v * 100_000d) / 100_000d;
    return r == 0 ? 0.0 : r; // avoid "-0.0" in JSON
  }

  static List<Integer> utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    List<Integer> out = new ArrayList<>(b.length);
    for (byte x : b) {
      out.add(x & 0xff);
    }
    return out;
  }
}
