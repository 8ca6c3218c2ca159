package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calls of a reference being learnt, stored compactly: one float per numeric feature and one
 * small code per categorical feature and call (about 35 bytes a call instead of a few hundred as
 * objects), so a key learning a 3,000-call reference holds about 100 KB. A categorical feature
 * keeps at most {@value #MAX_CATEGORIES} distinct values; rarer newcomers beyond that count as
 * {@value #OTHER}.
 */
final class CallBuffer {
  static final int MAX_CATEGORIES = 64;
  static final String OTHER = "other";

  private final float[][] numeric = new float[NumericFeature.values().length][];
  private final short[][] codes = new short[CategoricalFeature.values().length][];
  private final List<List<String>> dictionaries = new ArrayList<>();
  private final List<Map<String, Short>> lookups = new ArrayList<>();
  private int size;

  CallBuffer(int initialCapacity) {
    int capacity = Math.max(16, initialCapacity);
    for (int f = 0; f < numeric.length; f++) {
      numeric[f] = new float[capacity];
    }
    for (int f = 0; f < codes.length; f++) {
      codes[f] = new short[capacity];
      dictionaries.add(new ArrayList<>());
      lookups.add(new HashMap<>());
    }
  }

  static CallBuffer of(Collection<CallFeatures> calls) {
    CallBuffer buffer = new CallBuffer(calls.size());
    calls.forEach(buffer::add);
    return buffer;
  }

  void add(CallFeatures call) {
    if (size == numeric[0].length) {
      int capacity = size * 2;
      for (int f = 0; f < numeric.length; f++) {
        numeric[f] = Arrays.copyOf(numeric[f], capacity);
      }
      for (int f = 0; f < codes.length; f++) {
        codes[f] = Arrays.copyOf(codes[f], capacity);
      }
    }
    for (int f = 0; f < numeric.length; f++) {
      numeric[f][size] = (float) call.numeric()[f];
    }
    for (int f = 0; f < codes.length; f++) {
      codes[f][size] = code(f, call.categorical()[f]);
    }
    size++;
  }

  private short code(int feature, String category) {
    Map<String, Short> lookup = lookups.get(feature);
    Short code = lookup.get(category);
    if (code == null) {
      List<String> dictionary = dictionaries.get(feature);
      String kept = dictionary.size() < MAX_CATEGORIES - 1 ? category : OTHER;
      code = lookup.get(kept);
      if (code == null) {
        code = (short) dictionary.size();
        dictionary.add(kept);
        lookup.put(kept, code);
      }
    }
    return code;
  }

  int size() {
    return size;
  }

  /** The newest {@code limit} calls (this buffer itself when it holds no more). */
  CallBuffer newest(int limit) {
    if (size <= limit) {
      return this;
    }
    List<CallFeatures> all = calls();
    return of(all.subList(size - limit, size));
  }

  /** The values of {@code feature} that are present (not NaN). */
  double[] values(NumericFeature feature) {
    float[] column = numeric[feature.ordinal()];
    double[] out = new double[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (!Float.isNaN(column[i])) {
        out[n++] = column[i];
      }
    }
    return Arrays.copyOf(out, n);
  }

  Map<String, Integer> counts(CategoricalFeature feature) {
    Map<String, Integer> counts = new TreeMap<>();
    List<String> dictionary = dictionaries.get(feature.ordinal());
    short[] column = codes[feature.ordinal()];
    for (int i = 0; i < size; i++) {
      counts.merge(dictionary.get(column[i]), 1, Integer::sum);
    }
    return counts;
  }

  /** The first {@code size()} values of a numeric feature, NaN where a call did not carry it. */
  float[] column(NumericFeature feature) {
    return Arrays.copyOf(numeric[feature.ordinal()], size);
  }

  /** The first {@code size()} codes of a categorical feature, indexes into {@link #dictionary}. */
  short[] codes(CategoricalFeature feature) {
    return Arrays.copyOf(codes[feature.ordinal()], size);
  }

  List<String> dictionary(CategoricalFeature feature) {
    return List.copyOf(dictionaries.get(feature.ordinal()));
  }

  /**
   * Rebuilds a buffer from its columns (as the state file stores them); codes outside the
   * dictionary are errors.
   */
  static CallBuffer of(
      int size,
      Map<NumericFeature, float[]> columns,
      Map<CategoricalFeature, List<String>> dictionaries,
      Map<CategoricalFeature, short[]> codeColumns) {
    CallBuffer buffer = new CallBuffer(size);
    for (int i = 0; i < size; i++) {
      double[] n = new double[NumericFeature.values().length];
      for (NumericFeature feature : NumericFeature.values()) {
        float[] column = columns.get(feature);
        n[feature.ordinal()] = column == null || column.length <= i ? Double.NaN : column[i];
      }
      String[] c = new String[CategoricalFeature.values().length];
      for (CategoricalFeature feature : CategoricalFeature.values()) {
        short[] column = codeColumns.get(feature);
        List<String> dictionary = dictionaries.getOrDefault(feature, List.of());
        c[feature.ordinal()] =
            column == null || column.length <= i ? CallFeatures.NONE : dictionary.get(column[i]);
      }
      buffer.add(new CallFeatures(n, c));
    }
    return buffer;
  }

  /** The calls as objects again (for the current window restored from the state file). */
  List<CallFeatures> calls() {
    List<CallFeatures> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      double[] n = new double[numeric.length];
      for (int f = 0; f < numeric.length; f++) {
        n[f] = numeric[f][i];
      }
      String[] c = new String[codes.length];
      for (int f = 0; f < codes.length; f++) {
        c[f] = dictionaries.get(f).get(codes[f][i]);
      }
      out.add(new CallFeatures(n, c));
    }
    return out;
  }
}
