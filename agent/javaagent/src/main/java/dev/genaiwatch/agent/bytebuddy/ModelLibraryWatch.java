package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.instrumentation.apachehttp.ApacheHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.jdkhttp.JdkHttpClientInstrumentationModule;
import dev.genaiwatch.instrumentation.okhttp.OkHttpInstrumentationModule;
import dev.genaiwatch.instrumentation.reactornetty.ReactorNettyInstrumentationModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Starts the telemetry SDK in the background ({@link GenAiWatch#startInBackground}) as soon as a
 * class loader that holds a model library (an LLM SDK or framework) loads its first class: the
 * application is then about to call a model, and the SDK's start overlaps the application's own
 * instead of delaying the first call. The HTTP clients instrumented at the wire level are no such
 * sign (most applications that use OkHttp or the JDK's client never call a model); an LLM call
 * through one of them still builds the SDK when it comes. Each class loader is looked at once, by
 * resource name (no class is loaded); once the SDK is started nothing more is asked.
 */
final class ModelLibraryWatch extends AgentBuilder.Listener.Adapter {
  private static final Set<String> WIRE_LEVEL_MODULES =
      Set.of(
          ApacheHttpClientInstrumentationModule.NAME,
          JdkHttpClientInstrumentationModule.NAME,
          OkHttpInstrumentationModule.NAME,
          ReactorNettyInstrumentationModule.NAME);

  private final List<String> markers;
  private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

  private ModelLibraryWatch(List<String> markers) {
    this.markers = markers;
  }

  /** The class-file resource of the first class each model library module requires. */
  static ModelLibraryWatch of(List<InstrumentationModule> modules) {
    List<String> markers = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      if (!WIRE_LEVEL_MODULES.contains(module.name()) && !module.requiredMethods().isEmpty()) {
        markers.add(module.requiredMethods().get(0).className().replace('.', '/') + ".class");
      }
    }
    return new ModelLibraryWatch(List.copyOf(markers));
  }

  @Override
  public void onDiscovery(
      String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
    if (classLoader == null || !GenAiWatch.startPending() || seen.put(classLoader, true) != null) {
      return;
    }
    for (String marker : markers) {
      if (classLoader.getResource(marker) != null) {
        GenAiWatch.startInBackground();
        return;
      }
    }
  }
}
