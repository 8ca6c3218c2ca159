package dev.genaiwatch.testing;

import java.util.Map;

/**
 * Typed attribute access that fails loudly on a type mismatch: a token count recorded as the string
 * "12" is an instrumentation bug the tests must catch, not paper over.
 */
final class AttributeLookup {
  private AttributeLookup() {}

  static <T> T get(Map<String, Object> attributes, String key, Class<T> type) {
    Object value = attributes.get(key);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "attribute '"
              + key
              + "' is a "
              + value.getClass().getSimpleName()
              + " ("
              + value
              + "), not a "
              + type.getSimpleName());
    }
    return type.cast(value);
  }
}
