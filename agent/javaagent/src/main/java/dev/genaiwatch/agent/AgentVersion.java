package dev.genaiwatch.agent;

/**
 * The agent's version, from the jar manifest (absent when running from classes, e.g. in unit
 * tests).
 */
final class AgentVersion {
  private AgentVersion() {}

  static String get() {
    String v = AgentVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
