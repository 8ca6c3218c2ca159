package dev.genaiwatch.processor.drift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Persists every key's reference profile, windows, alarms and detector state to {@code
 * <data.dir>/drift-state.json} (gzipped JSON) and reads them back on start. The reference is stored
 * as its quantiles (varint differences of their float bits, exact) and category counts, so a key
 * costs a few kilobytes once it has learnt its reference; embedding samples as they are held, two
 * bits per dimension and a scale ({@link EmbeddingCode}, about 12 kB for a reference of 100 prompts
 * and its window). Writing goes to a temporary file that is fsynced, moved over the old one, and
 * the directory fsynced, so a crash leaves either the old or the new state. Reading goes key by key
 * (never the whole file as one tree); a file larger than {@code drift.state.max.bytes} (on disk or
 * decompressed) or one that cannot be read is moved aside whole (one log line) and the processor
 * starts afresh. Files of versions 1 and 2 (plain JSON) are still read.
 */
public final class DriftStateStore {
  private static final Logger LOG = Logger.getLogger(DriftStateStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final int VERSION = 3;
  private static final int VERSION_WITH_CALL_REFERENCE = 1;
  private static final int VERSION_UNCOMPRESSED = 2;

  /**
   * A key still learning saves at most its newest this many calls: the state file stays small for
   * keys that have not finished their reference (after a restart they learn the rest again).
   */
  static final int LEARNING_CALLS_SAVED = 500;

  private final Path file;
  private final DriftSettings settings;
  private final long maxBytes;

  public DriftStateStore(Path dataDir, DriftSettings settings) {
    this(dataDir, settings, settings.stateMaxBytes());
  }

  public DriftStateStore(Path dataDir, DriftSettings settings, long maxBytes) {
    this.file = dataDir.resolve("drift-state.json");
    this.settings = settings;
    this.maxBytes = maxBytes;
  }

  public Path file() {
    return file;
  }

  synchronized void save(Collection<KeyState> states) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel channel =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        GZIPOutputStream out = new GZIPOutputStream(Channels.newOutputStream(channel), 1 << 16);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
          json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          json.writeStartObject();
          json.writeNumberField("version", VERSION);
          json.writeArrayFieldStart("keys");
          for (KeyState state : states) {
            JSON.writeTree(json, keyNode(state));
          }
          json.writeEndArray();
          json.writeEndObject();
        }
        out.finish();
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "[genai-watch-processor] cannot save drift state to " + file + ": " + e);
    }
  }

  /**
   * Makes the rename durable; some file systems cannot open a directory for this, which is then
   * skipped.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (e.g. Windows): the rename is still atomic, only its durability is up to
      // the OS.
    }
  }

  private static ObjectNode keyNode(KeyState state) {
    synchronized (state) {
      ObjectNode key = JSON.createObjectNode();
      key.put("service", state.key.serviceName());
      key.put("model", state.key.requestModel());
      key.put("operation", state.key.operationName());
      if (!state.key.template().isEmpty()) {
        key.put("template", state.key.template());
      }
      key.put("calls", state.calls);
      key.put("evaluations", state.evaluations);
      key.put("pinned", state.pinned);
      key.put("referenceBuiltAtCall", state.referenceBuiltAtCall);
      if (state.reference != null) {
        writeProfile(key.putObject("reference"), state.reference);
      }
      if (state.learning != null) {
        writeBuffer(key.putObject("learning"), state.learning.newest(LEARNING_CALLS_SAVED));
      }
      if (state.lexical.texts > 0) {
        ObjectNode lexical = key.putObject("lexical");
        lexical.put("texts", state.lexical.texts);
        lexical.put("sum", floats(state.lexical.sum));
        lexical.put("terms", longs(state.lexical.terms));
      }
      writeBuffer(key.putObject("current"), CallBuffer.of(state.current));
      ObjectNode embeddings = key.putObject("embeddings");
      for (EmbeddingFeature feature : EmbeddingFeature.values()) {
        ObjectNode windows = embeddings.putObject(feature.featureName());
        windows.put("reference2", codes(state.embeddingReference.get(feature)));
        windows.put("current2", codes(state.embeddingCurrent.get(feature)));
      }
      ObjectNode alarms = key.putObject("alarms");
      state.alarms.forEach(
          (feature, alarm) -> {
            ObjectNode a = alarms.putObject(feature);
            a.put("active", alarm.active);
            a.put("driftingRun", alarm.driftingRun);
            a.put("cleanRun", alarm.cleanRun);
            a.put("startedAtCall", alarm.startedAtCall);
            if (alarm.effect != null) {
              a.put("effect", alarm.effect);
            }
          });
      ObjectNode watches = key.putObject("watches");
      state.watches.forEach(
          (feature, watch) -> {
            ObjectNode w = watches.putObject(feature);
            ArrayNode s = w.putArray("s");
            for (double v : watch.s) {
              s.add(v);
            }
            ArrayNode since = w.putArray("since");
            for (long v : watch.since) {
              since.add(v);
            }
            w.put("active", watch.active);
            w.put("startedAtCall", watch.startedAtCall);
          });
      return key;
    }
  }

  /**
   * The saved keys; none when there is no file, and none (file moved aside, one log line) when it
   * is unusable.
   */
  List<KeyState> load() {
    List<KeyState> states = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return states;
    }
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        moveAside("too-large", size + " bytes, more than drift.state.max.bytes " + maxBytes);
        return states;
      }
      try (JsonParser parser = FACTORY.createParser(decompressed(file))) {
        parser.setCodec(JSON);
        expect(parser.nextToken(), JsonToken.START_OBJECT);
        int version = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          if (field.equals("version")) {
            version = parser.getIntValue();
            if (version != VERSION
                && version != VERSION_UNCOMPRESSED
                && version != VERSION_WITH_CALL_REFERENCE) {
              LOG.warning(
                  "[genai-watch-processor] ignoring drift state of unknown version "
                      + version
                      + " in "
                      + file);
              return states;
            }
          } else if (field.equals("keys")) {
            expect(parser.currentToken(), JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              JsonNode key = parser.readValueAsTree();
              states.add(version == VERSION_WITH_CALL_REFERENCE ? readVersion1(key) : read(key));
            }
          } else {
            parser.skipChildren();
          }
        }
      }
    } catch (TooLarge e) {
      states.clear();
      moveAside("too-large", e.getMessage());
    } catch (IOException | RuntimeException e) {
      states.clear();
      moveAside("corrupt", e.toString());
    }
    return states;
  }

  /**
   * The file's JSON: gunzipped when it starts with the gzip magic (version 3), as it is otherwise
   * (versions 1 and 2). At most {@code drift.state.max.bytes} of JSON are read, so a small file
   * that inflates to a huge one is refused like a large file.
   */
  private InputStream decompressed(Path path) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip ? new Bounded(new GZIPInputStream(in, 1 << 16), maxBytes) : in;
  }

  /** More JSON than {@code drift.state.max.bytes}. */
  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** Reads at most {@code limit} bytes, then fails with {@link TooLarge}. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(0, n));
      return n;
    }

    private void count(int n) throws TooLarge {
      read += n;
      if (read > limit) {
        throw new TooLarge("more than drift.state.max.bytes " + limit + " bytes once decompressed");
      }
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + " but found " + actual);
    }
  }

  private void moveAside(String why, String detail) {
    Path aside =
        file.resolveSibling(file.getFileName() + "." + why + "-" + System.currentTimeMillis());
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.warning(
          "[genai-watch-processor] drift state "
              + file
              + " is "
              + why
              + " ("
              + detail
              + "): moved to "
              + aside
              + ", starting afresh");
    } catch (IOException e) {
      LOG.warning(
          "[genai-watch-processor] drift state "
              + file
              + " is "
              + why
              + " ("
              + detail
              + ") and could not be moved aside ("
              + e
              + "), starting afresh");
    }
  }

  private KeyState read(JsonNode key) {
    KeyState state = newState(key);
    state.referenceBuiltAtCall = key.path("referenceBuiltAtCall").asLong();
    if (key.hasNonNull("reference")) {
      state.useReference(readProfile(key.path("reference")), settings);
      state.referenceBuiltAtCall = key.path("referenceBuiltAtCall").asLong();
      state.learning = key.has("learning") ? readBuffer(key.path("learning")) : null;
    } else {
      state.learning = readBuffer(key.path("learning"));
    }
    restoreCommon(state, key);
    for (Map.Entry<String, JsonNode> entry : key.path("watches").properties()) {
      FeatureWatch watch = state.watches.get(entry.getKey());
      JsonNode w = entry.getValue();
      if (watch == null
          || w.path("s").size() != watch.s.length
          || w.path("since").size() != watch.since.length) {
        continue;
      }
      for (int i = 0; i < watch.s.length; i++) {
        watch.s[i] = w.path("s").get(i).asDouble();
        watch.since[i] = w.path("since").get(i).asLong();
      }
      int active = w.path("active").asInt(-1);
      watch.active = active >= -1 && active < watch.s.length ? active : -1;
      watch.startedAtCall = w.path("startedAtCall").asLong(-1);
    }
    return state;
  }

  /** The first format kept the reference as its calls. */
  private KeyState readVersion1(JsonNode key) {
    KeyState state = newState(key);
    List<CallFeatures> reference = readCalls(key.path("reference"));
    if (state.pinned || reference.size() >= settings.referenceSize()) {
      state.useReference(ReferenceProfile.of(reference), settings);
    } else {
      state.learning = CallBuffer.of(reference);
    }
    restoreCommon(state, key);
    return state;
  }

  private static KeyState newState(JsonNode key) {
    KeyState state =
        new KeyState(
            new DriftKey(
                key.path("service").asText(),
                key.path("model").asText(),
                key.path("operation").asText(),
                key.path("template").asText("")));
    state.calls = key.path("calls").asLong();
    state.evaluations = key.path("evaluations").asLong();
    state.pinned = key.path("pinned").asBoolean();
    return state;
  }

  private void restoreCommon(KeyState state, JsonNode key) {
    state.current.addAll(readBuffer(key.path("current")).calls());
    JsonNode lexical = key.path("lexical");
    if (lexical.isObject()) {
      state.lexical =
          new LexicalReference(
              floats(lexical.path("sum").asText()),
              lexical.path("texts").asInt(),
              longs(lexical.path("terms").asText()));
    }
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      JsonNode windows = key.path("embeddings").path(feature.featureName());
      List<EmbeddingCode> reference = readCodes(windows, "reference");
      state.embeddingReference.get(feature).addAll(reference);
      state.embeddingCurrent.get(feature).addAll(readCodes(windows, "current"));
      if (!reference.isEmpty()
          && (state.pinned || reference.size() >= settings.embeddingReferenceSize())) {
        state.embeddingReferenceComplete(feature, settings);
      }
    }
    for (Map.Entry<String, JsonNode> entry : key.path("alarms").properties()) {
      FeatureAlarm alarm = new FeatureAlarm();
      alarm.active = entry.getValue().path("active").asBoolean();
      alarm.driftingRun = entry.getValue().path("driftingRun").asInt();
      alarm.cleanRun = entry.getValue().path("cleanRun").asInt();
      alarm.startedAtCall = entry.getValue().path("startedAtCall").asLong(-1);
      alarm.effect =
          entry.getValue().path("effect").isTextual()
              ? entry.getValue().path("effect").asText()
              : null;
      state.alarms.put(entry.getKey(), alarm);
    }
  }

  private static void writeProfile(ObjectNode out, ReferenceProfile profile) {
    out.put("calls", profile.calls);
    ObjectNode numeric = out.putObject("numeric");
    profile
        .allQuantiles()
        .forEach(
            (feature, quantiles) -> {
              ObjectNode f = numeric.putObject(feature.featureName());
              f.put("n", profile.valueCount(feature));
              f.put("qv", sortedFloats(quantiles));
            });
    ObjectNode categorical = out.putObject("categorical");
    profile
        .allCounts()
        .forEach(
            (feature, counts) -> {
              ObjectNode f = categorical.putObject(feature.featureName());
              counts.forEach(f::put);
            });
  }

  private static ReferenceProfile readProfile(JsonNode node) {
    Map<NumericFeature, float[]> quantiles = new EnumMap<>(NumericFeature.class);
    Map<NumericFeature, Integer> valueCounts = new EnumMap<>(NumericFeature.class);
    for (NumericFeature feature : NumericFeature.values()) {
      JsonNode f = node.path("numeric").path(feature.featureName());
      if (f.isObject()) {
        float[] q =
            f.has("qv") ? sortedFloats(f.path("qv").asText()) : floats(f.path("q").asText());
        if (q.length == 0 || q.length > ReferenceProfile.QUANTILES) {
          throw new IllegalArgumentException(
              "reference of " + feature.featureName() + " has " + q.length + " quantiles");
        }
        quantiles.put(feature, q);
        valueCounts.put(feature, f.path("n").asInt(q.length));
      }
    }
    Map<CategoricalFeature, Map<String, Integer>> counts = new EnumMap<>(CategoricalFeature.class);
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      Map<String, Integer> byCategory = new TreeMap<>();
      for (Map.Entry<String, JsonNode> entry :
          node.path("categorical").path(feature.featureName()).properties()) {
        byCategory.put(entry.getKey(), entry.getValue().asInt());
      }
      counts.put(feature, byCategory);
    }
    return new ReferenceProfile(node.path("calls").asInt(), quantiles, valueCounts, counts);
  }

  private static String floats(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  /**
   * Sorted floats, exactly, in about half the bytes: each value's bits as an int that sorts like
   * the floats, and of those the differences between neighbours as unsigned LEB128 varints (a
   * quantile of token counts often repeats its neighbour, a difference of 0 in one byte), as
   * base64.
   */
  private static String sortedFloats(float[] values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length * 3);
    int previous = 0;
    for (float v : values) {
      int sortable = sortable(Float.floatToRawIntBits(v));
      int difference = sortable - previous;
      previous = sortable;
      while ((difference & ~0x7f) != 0) {
        bytes.write((difference & 0x7f) | 0x80);
        difference >>>= 7;
      }
      bytes.write(difference);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static float[] sortedFloats(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    float[] values = new float[bytes.length];
    int count = 0;
    int previous = 0;
    int i = 0;
    while (i < bytes.length) {
      int difference = 0;
      int shift = 0;
      int b;
      do {
        if (i == bytes.length || shift > 28) {
          throw new IllegalArgumentException("truncated or overlong varint in sorted floats");
        }
        b = bytes[i++];
        difference |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      previous += difference;
      values[count++] = Float.intBitsToFloat(sortable(previous));
    }
    return Arrays.copyOf(values, count);
  }

  /**
   * A float's bits with the non-sign bits of a negative one flipped: ints that order like the
   * floats. Its own inverse.
   */
  private static int sortable(int bits) {
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** The Bloom filter's words as base64 of little-endian longs. */
  private static String longs(long[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static long[] longs(String base64) {
    LongBuffer words =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64))
            .order(ByteOrder.LITTLE_ENDIAN)
            .asLongBuffer();
    long[] values = new long[words.remaining()];
    words.get(values);
    return values;
  }

  private static float[] floats(String base64) {
    ByteBuffer buffer =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = buffer.getFloat();
    }
    return values;
  }

  /**
   * Calls as columns: base64 floats per numeric feature, base64 shorts indexing a dictionary per
   * category.
   */
  private static void writeBuffer(ObjectNode out, CallBuffer buffer) {
    out.put("size", buffer.size());
    ObjectNode numeric = out.putObject("numeric");
    for (NumericFeature feature : NumericFeature.values()) {
      float[] column = buffer.column(feature);
      boolean any = false;
      for (float v : column) {
        any |= !Float.isNaN(v);
      }
      if (any) {
        numeric.put(feature.featureName(), floats(column));
      }
    }
    ObjectNode categorical = out.putObject("categorical");
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      ObjectNode f = categorical.putObject(feature.featureName());
      ArrayNode dictionary = f.putArray("dictionary");
      buffer.dictionary(feature).forEach(dictionary::add);
      short[] codes = buffer.codes(feature);
      ByteBuffer bytes = ByteBuffer.allocate(codes.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (short code : codes) {
        bytes.putShort(code);
      }
      f.put("codes", Base64.getEncoder().encodeToString(bytes.array()));
    }
  }

  /** A buffer written by {@link #writeBuffer}, or (older files) an array of calls. */
  private static CallBuffer readBuffer(JsonNode node) {
    if (node.isArray()) {
      return CallBuffer.of(readCalls(node));
    }
    int size = node.path("size").asInt();
    Map<NumericFeature, float[]> columns = new EnumMap<>(NumericFeature.class);
    for (NumericFeature feature : NumericFeature.values()) {
      JsonNode column = node.path("numeric").path(feature.featureName());
      if (column.isTextual()) {
        columns.put(feature, floats(column.asText()));
      }
    }
    Map<CategoricalFeature, List<String>> dictionaries = new EnumMap<>(CategoricalFeature.class);
    Map<CategoricalFeature, short[]> codes = new EnumMap<>(CategoricalFeature.class);
    for (CategoricalFeature feature : CategoricalFeature.values()) {
      JsonNode f = node.path("categorical").path(feature.featureName());
      List<String> dictionary = new ArrayList<>();
      f.path("dictionary").forEach(d -> dictionary.add(d.asText()));
      ByteBuffer bytes =
          ByteBuffer.wrap(Base64.getDecoder().decode(f.path("codes").asText("")))
              .order(ByteOrder.LITTLE_ENDIAN);
      short[] column = new short[bytes.remaining() / 2];
      for (int i = 0; i < column.length; i++) {
        column[i] = bytes.getShort();
        if (column[i] < 0 || column[i] >= dictionary.size()) {
          throw new IllegalArgumentException(
              "category code " + column[i] + " outside the dictionary of " + feature.featureName());
        }
      }
      dictionaries.put(feature, dictionary);
      codes.put(feature, column);
    }
    return CallBuffer.of(size, columns, dictionaries, codes);
  }

  private static List<CallFeatures> readCalls(JsonNode array) {
    List<CallFeatures> calls = new ArrayList<>();
    for (JsonNode node : array) {
      double[] numeric = new double[NumericFeature.values().length];
      for (int i = 0; i < numeric.length; i++) {
        JsonNode v = node.path("n").path(i);
        numeric[i] = v.isNumber() ? v.asDouble() : Double.NaN;
      }
      String[] categorical = new String[CategoricalFeature.values().length];
      for (int i = 0; i < categorical.length; i++) {
        categorical[i] = node.path("c").path(i).asText(CallFeatures.NONE);
      }
      calls.add(new CallFeatures(numeric, categorical));
    }
    return calls;
  }

  /**
   * A window's coded vectors ({@link EmbeddingCode}) as one base64 string: the dimensions (a
   * little-endian int), then per vector its scale and two bits per dimension, 100 bytes for 384
   * dimensions.
   */
  private static String codes(Collection<EmbeddingCode> codes) {
    int dimensions = codes.isEmpty() ? 0 : codes.iterator().next().dimensions();
    // One model gives one length; a vector of another could not be read back, so it is left out.
    List<EmbeddingCode> alike = codes.stream().filter(c -> c.dimensions() == dimensions).toList();
    ByteBuffer bytes =
        ByteBuffer.allocate(Integer.BYTES + alike.size() * EmbeddingCode.bytes(dimensions))
            .order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt(dimensions);
    for (EmbeddingCode code : alike) {
      code.writeTo(bytes);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static List<EmbeddingCode> codes(String base64) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    int dimensions = bytes.getInt();
    int size = EmbeddingCode.bytes(dimensions);
    if (dimensions <= 0 ? bytes.hasRemaining() : bytes.remaining() % size != 0) {
      throw new IllegalArgumentException(
          "embedding window of "
              + bytes.remaining()
              + " bytes is not a whole number of "
              + dimensions
              + "-dimension vectors");
    }
    List<EmbeddingCode> codes = new ArrayList<>();
    while (bytes.hasRemaining()) {
      codes.add(EmbeddingCode.readFrom(bytes, dimensions));
    }
    return codes;
  }

  /**
   * {@code name}2 as written now; else the vectors of an older file ({@code name}8: one byte per
   * component, or {@code name}: floats or numbers), coded as a new embedding would be.
   */
  private static List<EmbeddingCode> readCodes(JsonNode windows, String name) {
    if (windows.has(name + "2")) {
      return codes(windows.path(name + "2").asText());
    }
    List<EmbeddingCode> codes = new ArrayList<>();
    for (float[] vector : readVectors(windows, name)) {
      codes.add(EmbeddingCode.of(vector));
    }
    return codes;
  }

  private static float[] bytesVector(String base64) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float scale = bytes.getFloat();
    float[] vector = new float[bytes.remaining()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = bytes.get() * scale;
    }
    return vector;
  }

  /** {@code name}8 as written now, or {@code name} as floats (or numbers) in older files. */
  private static List<float[]> readVectors(JsonNode windows, String name) {
    if (windows.has(name + "8")) {
      List<float[]> vectors = new ArrayList<>();
      for (JsonNode node : windows.path(name + "8")) {
        vectors.add(bytesVector(node.asText()));
      }
      return vectors;
    }
    return readVectors(windows.path(name));
  }

  private static List<float[]> readVectors(JsonNode array) {
    List<float[]> vectors = new ArrayList<>();
    for (JsonNode node : array) {
      if (node.isTextual()) {
        vectors.add(floats(node.asText()));
        continue;
      }
      float[] vector = new float[node.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) node.get(i).asDouble();
      }
      vectors.add(vector);
    }
    return vectors;
  }
}
