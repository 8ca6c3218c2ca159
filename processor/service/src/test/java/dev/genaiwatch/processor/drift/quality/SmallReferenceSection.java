package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftSettings;
import java.util.List;
import java.util.Map;

/**
 * The report's small-reference section: the default detector with {@code drift.reference.size} =
 * {@value #REFERENCE}, the reference the demo uses (the end-to-end test uses 100), on the
 * validation seeds. A small reference knows the median less well, so the calibration raises every
 * threshold (see docs/drift.md): fewer calls to learn, slower detection, the same budget.
 */
final class SmallReferenceSection {
  static final int REFERENCE = 60;
  private static final List<Long> SEEDS =
      List.of(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L);

  private SmallReferenceSection() {}

  static DriftSettings settings() {
    return QualityRun.settings(Map.of("drift.reference.size", Integer.toString(REFERENCE)));
  }

  static void append(StringBuilder md) {
    md.append("## Small reference: `drift.reference.size` = ")
        .append(REFERENCE)
        .append("\n\nThe default detector and knob with a ")
        .append(REFERENCE)
        .append("-call reference (the first ")
        .append(REFERENCE / 2)
        .append(" prompts make the lexical centroid), as the demo runs it;")
        .append(" validation seeds ")
        .append(SEEDS)
        .append(".\n\n");
    DriftQualityReport.seedGroup(md, settings(), SEEDS);
  }
}
