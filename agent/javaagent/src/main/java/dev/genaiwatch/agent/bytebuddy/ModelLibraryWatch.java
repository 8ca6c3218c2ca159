package dev.genaiwatch.agent.bytebuddy;

import dev.genaiwatch.core.GenAiWatch;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * On runtime attach, starts the telemetry SDK in the background ({@link
 * GenAiWatch#startInBackground}) when ByteBuddy, retransforming the classes already loaded, comes
 * upon the class a model library's client is built on ({@link
 * LibraryPackages#TELEMETRY_START_BY_MODULE}). In premain {@link FirstLibraryClassTrigger} sees
 * every class load and checks the same list itself.
 */
final class ModelLibraryWatch extends AgentBuilder.Listener.Adapter {
  private final LibraryPackages packages;

  ModelLibraryWatch(LibraryPackages packages) {
    this.packages = packages;
  }

  @Override
  public void onDiscovery(
      String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
    if (GenAiWatch.startPending() && packages.startsTelemetry(typeName.replace('.', '/'))) {
      GenAiWatch.startInBackground();
    }
  }
}
