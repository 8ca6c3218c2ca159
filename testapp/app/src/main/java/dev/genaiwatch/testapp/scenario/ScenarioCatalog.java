package dev.genaiwatch.testapp.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every scenario the application offers: the rows of {@code scenarios.tsv} (name and description,
 * in listing order), each run by the method marked {@link ScenarioName} with its name in one of the
 * scenario classes below. A new scenario is a row there and a marked method in one of these classes
 * (or a new class added to the list).
 */
final class ScenarioCatalog {
  static final String CATALOG = "scenarios.tsv";

  private static final List<Class<?>> SCENARIO_CLASSES =
      List.of(
          OpenAiJavaScenarios.class,
          RedactionScenarios.class,
          JdkHttpClientScenarios.class,
          RawProviderScenarios.class,
          OkHttpScenarios.class,
          ReactorNettyScenarios.class,
          ApacheHttpClientScenarios.class,
          OpenAiResponsesScenarios.class,
          BenchScenarios.class,
          LangChain4jScenarios.class,
          AnthropicScenarios.class,
          GoogleGenAiScenarios.class,
          ClasspathScenarios.class,
          SideDoorScenarios.class,
          ShopScenarios.class);

  private ScenarioCatalog() {}

  /**
   * The scenarios by name, in listing order. A row without its method, a marked method without its
   * row, or a name given twice is a mistake in the application and stops it with that name.
   */
  static Map<String, Scenario> all() {
    Map<String, Method> methods = markedMethods();
    Map<String, Scenario> scenarios = new LinkedHashMap<>();
    for (String[] row : rows()) {
      String name = row[0];
      Method method = methods.remove(name);
      if (method == null) {
        throw new IllegalStateException(
            CATALOG
                + ": no method is marked @ScenarioName(\""
                + name
                + "\") (or it is listed twice)");
      }
      scenarios.put(name, OpenAiJavaScenarios.scenario(name, row[1], ctx -> invoke(method, ctx)));
    }
    if (!methods.isEmpty()) {
      throw new IllegalStateException(
          "scenarios missing from " + CATALOG + ": " + String.join(", ", methods.keySet()));
    }
    return scenarios;
  }

  private static Map<String, Method> markedMethods() {
    Map<String, Method> methods = new HashMap<>();
    for (Class<?> type : SCENARIO_CLASSES) {
      for (Method method : type.getDeclaredMethods()) {
        ScenarioName name = method.getAnnotation(ScenarioName.class);
        if (name == null) {
          continue;
        }
        if (!Modifier.isStatic(method.getModifiers())
            || !Arrays.equals(method.getParameterTypes(), new Class<?>[] {ScenarioContext.class})) {
          throw new IllegalStateException(
              method
                  + " is marked as a scenario but is not a static method of one ScenarioContext");
        }
        if (methods.put(name.value(), method) != null) {
          throw new IllegalStateException("two methods are marked as scenario " + name.value());
        }
        method.setAccessible(true);
      }
    }
    return methods;
  }

  private static List<String[]> rows() {
    try (InputStream in = ScenarioCatalog.class.getResourceAsStream(CATALOG)) {
      if (in == null) {
        throw new IllegalStateException(CATALOG + " is missing from the application");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(ScenarioCatalog::row)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] row(String line) {
    String[] row = line.split("\t", -1);
    if (row.length != 2 || row[0].isBlank()) {
      throw new IllegalStateException(CATALOG + ": not a 'name<TAB>description' row: " + line);
    }
    return row;
  }

  /** Throws what the scenario threw, so a failure prints as it would from a direct call. */
  private static void invoke(Method method, ScenarioContext ctx) throws Exception {
    try {
      method.invoke(null, ctx);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception thrown) {
        throw thrown;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
