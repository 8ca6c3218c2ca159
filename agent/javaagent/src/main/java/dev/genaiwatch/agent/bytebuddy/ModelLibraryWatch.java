package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Starts the telemetry SDK in the background ({@link GenAiWatch#startInBackground}) when the
 * application loads the first class a model library (an LLM SDK or framework) requires, the class
 * its client or model is built on ({@code ClientOptions}, {@code Models}, {@code ChatModel}, ...):
 * the application is then about to call a model, and the SDK's start overlaps the rest of its own
 * instead of delaying the first call. A library merely on the class path starts nothing. The HTTP
 * clients instrumented at the wire level are no such sign (most applications that use OkHttp or the
 * JDK's client never call a model); an LLM call through one of them still builds the SDK when it
 * comes. Once the SDK is started nothing more is asked.
 */
final class ModelLibraryWatch extends AgentBuilder.Listener.Adapter {
  private final Set<String> markers;

  private ModelLibraryWatch(Set<String> markers) {
    this.markers = markers;
  }

  /**
   * The first class each module ByteBuddy weaves requires: they are the model libraries' (the HTTP
   * clients' modules are method hooks).
   */
  static ModelLibraryWatch of(List<InstrumentationModule> modules) {
    Set<String> markers = new HashSet<>();
    for (InstrumentationModule module : modules) {
      List<MethodReference> required = module.requiredMethods();
      if (!required.isEmpty()) {
        markers.add(required.get(0).className());
      }
    }
    return new ModelLibraryWatch(Set.copyOf(markers));
  }

  @Override
  public void onDiscovery(
      String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
    seen(typeName);
  }

  /**
   * A class (binary name) the application loaded: by ByteBuddy's discovery, or told afterwards for
   * the classes that went by while the transformer was being built ({@code
   * FirstLibraryClassTrigger}).
   */
  void seen(String typeName) {
    if (GenAiWatch.startPending() && markers.contains(typeName)) {
      GenAiWatch.startInBackground();
    }
  }
}
