package dev.genaiwatch.testapp.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Properties;

/**
 * What the application itself has on its class path of the libraries the agent also uses (Jackson,
 * OkHttp, Kotlin, ByteBuddy), each exercised once, so a test can show the application keeps its own
 * versions and they still work beside the agent. Reflection only: the testapp compiles against none
 * of them directly.
 */
final class ClasspathScenarios {
  private ClasspathScenarios() {}

  @ScenarioName("classpath-versions")
  private static void versions(ScenarioContext ctx) throws Exception {
    ctx.print(
        "classpath-versions",
        "jackson="
            + jackson()
            + " okhttp="
            + okhttp()
            + " kotlin="
            + kotlin()
            + " bytebuddy="
            + byteBuddy());
  }

  /** Round-trips a map through the application's ObjectMapper. */
  private static String jackson() throws Exception {
    Class<?> mapperClass = Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
    Object mapper = mapperClass.getConstructor().newInstance();
    String json =
        (String)
            mapperClass
                .getMethod("writeValueAsString", Object.class)
                .invoke(mapper, Map.of("k", 1));
    Object version = mapperClass.getMethod("version").invoke(mapper);
    return version.toString().replace("com.fasterxml.jackson.core:jackson-databind:", "")
        + (json.equals("{\"k\":1}") ? "" : "!broken");
  }

  private static String okhttp() throws Exception {
    Class<?> client = Class.forName("okhttp3.OkHttpClient");
    client.getConstructor().newInstance();
    return (String) Class.forName("okhttp3.OkHttp").getField("VERSION").get(null);
  }

  private static String kotlin() throws Exception {
    return Class.forName("kotlin.KotlinVersion").getField("CURRENT").get(null).toString();
  }

  /** The version in a jar's Maven metadata, which survives being repackaged into a fat jar. */
  private static String pomVersion(String group, String artifact) throws IOException {
    try (InputStream in =
        ClasspathScenarios.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  /** Defines a class with the application's ByteBuddy. */
  private static String byteBuddy() throws Exception {
    Class<?> byteBuddy;
    try {
      byteBuddy = Class.forName("net.bytebuddy.ByteBuddy");
    } catch (ClassNotFoundException e) {
      return "absent";
    }
    Object builder =
        byteBuddy
            .getMethod("subclass", Class.class)
            .invoke(byteBuddy.getConstructor().newInstance(), Object.class);
    Object unloaded = builder.getClass().getMethod("make").invoke(builder);
    Method load = unloaded.getClass().getMethod("load", ClassLoader.class);
    load.setAccessible(true);
    Object loaded = load.invoke(unloaded, ClasspathScenarios.class.getClassLoader());
    Method getLoaded = loaded.getClass().getMethod("getLoaded");
    getLoaded.setAccessible(true);
    Class<?> made = (Class<?>) getLoaded.invoke(loaded);
    String version = pomVersion("net.bytebuddy", "byte-buddy");
    return (version == null ? "unknown" : version)
        + (made.getSuperclass() == Object.class ? "" : "!broken");
  }
}
