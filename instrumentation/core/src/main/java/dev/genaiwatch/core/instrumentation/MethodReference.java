package dev.genaiwatch.core.instrumentation;

/**
 * A method an instrumentation relies on: declared (or inherited) by the class, with that many
 * parameters.
 */
public record MethodReference(String className, String methodName, int parameterCount) {

  @Override
  public String toString() {
    return className + "#" + methodName + "(" + parameterCount + " args)";
  }
}
