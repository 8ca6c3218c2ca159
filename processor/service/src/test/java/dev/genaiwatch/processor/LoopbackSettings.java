package dev.genaiwatch.processor;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The settings every processor a test or measurement starts begins with: loopback, ephemeral ports,
 * its own data directory, and no embedding model to download.
 */
public final class LoopbackSettings {
  private LoopbackSettings() {}

  public static Properties of(Path dataDir) {
    Properties file = new Properties();
    file.setProperty("bind.address", "127.0.0.1");
    file.setProperty("grpc.port", "0");
    file.setProperty("http.port", "0");
    file.setProperty("data.dir", dataDir.toString());
    file.setProperty("drift.embedding.enabled", "false");
    return file;
  }
}
