package dev.genaiwatch.processor.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Persists every key's windows, alarms and counters to {@code <data.dir>/drift-state.json} (written to a temporary
 * file, then moved over the old one, so a crash mid-write leaves the previous state) and reads them back on start.
 */
public final class DriftStateStore {
  private static final Logger LOG = Logger.getLogger(DriftStateStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private final Path file;
  private final DriftSettings settings;

  public DriftStateStore(Path dataDir, DriftSettings settings) {
    this.file = dataDir.resolve("drift-state.json");
    this.settings = settings;
  }

  public Path file() {
    return file;
  }

  synchronized void save(Collection<KeyState> states) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ArrayNode keys = root.putArray("keys");
    for (KeyState state : states) {
      synchronized (state) {
        ObjectNode key = keys.addObject();
        key.put("service", state.key.serviceName());
        key.put("model", state.key.requestModel());
        key.put("operation", state.key.operationName());
        key.put("calls", state.calls);
        key.put("evaluations", state.evaluations);
        key.put("pinned", state.pinned);
        writeCalls(key.putArray("reference"), state.reference);
        writeCalls(key.putArray("current"), state.current);
        ObjectNode embeddings = key.putObject("embeddings");
        for (EmbeddingFeature feature : EmbeddingFeature.values()) {
          ObjectNode windows = embeddings.putObject(feature.featureName());
          writeVectors(windows.putArray("reference"), state.embeddingReference.get(feature));
          writeVectors(windows.putArray("current"), state.embeddingCurrent.get(feature));
        }
        ObjectNode alarms = key.putObject("alarms");
        state.alarms.forEach((feature, alarm) -> {
          ObjectNode a = alarms.putObject(feature);
          a.put("active", alarm.active);
          a.put("driftingRun", alarm.driftingRun);
          a.put("cleanRun", alarm.cleanRun);
          a.put("startedAtCall", alarm.startedAtCall);
        });
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), root);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "[genai-watch-processor] cannot save drift state to " + file + ": " + e);
    }
  }

  /** The saved keys; none when there is no file, and none (with one log line) when it cannot be read. */
  List<KeyState> load() {
    List<KeyState> states = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return states;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root.path("version").asInt() != VERSION) {
        LOG.warning("[genai-watch-processor] ignoring drift state of unknown version in " + file);
        return states;
      }
      for (JsonNode key : root.path("keys")) {
        KeyState state = new KeyState(new DriftKey(key.path("service").asText(), key.path("model").asText(),
            key.path("operation").asText()));
        state.calls = key.path("calls").asLong();
        state.evaluations = key.path("evaluations").asLong();
        state.pinned = key.path("pinned").asBoolean();
        state.reference.addAll(readCalls(key.path("reference")));
        state.current.addAll(readCalls(key.path("current")));
        for (EmbeddingFeature feature : EmbeddingFeature.values()) {
          JsonNode windows = key.path("embeddings").path(feature.featureName());
          List<float[]> reference = readVectors(windows.path("reference"));
          state.embeddingReference.get(feature).addAll(reference);
          state.embeddingCurrent.get(feature).addAll(readVectors(windows.path("current")));
          if (!reference.isEmpty() && (state.pinned || reference.size() >= settings.embeddingReferenceSize())) {
            state.referenceCentroid.put(feature, EmbeddingStatistics.centroid(reference));
          }
        }
        for (Map.Entry<String, JsonNode> entry : key.path("alarms").properties()) {
          FeatureAlarm alarm = new FeatureAlarm();
          alarm.active = entry.getValue().path("active").asBoolean();
          alarm.driftingRun = entry.getValue().path("driftingRun").asInt();
          alarm.cleanRun = entry.getValue().path("cleanRun").asInt();
          alarm.startedAtCall = entry.getValue().path("startedAtCall").asLong(-1);
          state.alarms.put(entry.getKey(), alarm);
        }
        states.add(state);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "[genai-watch-processor] cannot read drift state " + file + ", starting afresh: " + e);
      states.clear();
    }
    return states;
  }

  private static void writeCalls(ArrayNode out, Collection<CallFeatures> calls) {
    for (CallFeatures call : calls) {
      ObjectNode node = out.addObject();
      ArrayNode numeric = node.putArray("n");
      for (double v : call.numeric()) {
        if (Double.isNaN(v)) {
          numeric.addNull();
        } else {
          numeric.add(v);
        }
      }
      ArrayNode categorical = node.putArray("c");
      for (String c : call.categorical()) {
        categorical.add(c);
      }
    }
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

  private static void writeVectors(ArrayNode out, Collection<float[]> vectors) {
    for (float[] vector : vectors) {
      ArrayNode node = out.addArray();
      for (float f : vector) {
        node.add(f);
      }
    }
  }

  private static List<float[]> readVectors(JsonNode array) {
    List<float[]> vectors = new ArrayList<>();
    for (JsonNode node : array) {
      float[] vector = new float[node.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) node.get(i).asDouble();
      }
      vectors.add(vector);
    }
    return vectors;
  }
}
