package dev.genaiwatch.core.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A module's required methods ({@link InstrumentationModule#requiredMethods}) kept as a table next
 * to the module class: the resource named after it with the ending {@code .required-methods}, one
 * method a line as {@code class method parameterCount}, in order (the first class is the library's
 * marker), blank lines and {@code #} comments passed over. A table that is missing or has a line of
 * another form is an error naming the resource and the line.
 */
public final class RequiredMethods {
  static final String ENDING = ".required-methods";

  private RequiredMethods() {}

  /** The methods listed in {@code module}'s table. */
  public static List<MethodReference> listedFor(Class<?> module) {
    String resource = module.getSimpleName() + ENDING;
    try (InputStream in = module.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no " + resource + " next to " + module.getName() + " (its required methods)");
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e, e);
    }
  }

  static List<MethodReference> parse(String resource, String table) {
    List<MethodReference> methods = new ArrayList<>();
    List<String> lines = table.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] fields = text.split("\\s+");
      if (fields.length != 3 || !fields[2].matches("\\d{1,3}")) {
        throw new IllegalStateException(
            resource
                + " line "
                + number
                + ": expected 'class method parameterCount', got '"
                + text
                + "'");
      }
      methods.add(new MethodReference(fields[0], fields[1], Integer.parseInt(fields[2])));
    }
    if (methods.isEmpty()) {
      throw new IllegalStateException(resource + " lists no method");
    }
    return List.copyOf(methods);
  }
}
