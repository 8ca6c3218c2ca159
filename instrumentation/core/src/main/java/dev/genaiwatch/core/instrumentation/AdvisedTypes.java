package dev.genaiwatch.core.instrumentation;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A {@link TypeInstrumentation} given by value: the types, and which of their methods get which
 * advice. A module lists its instrumentations as these instead of one class per advice group.
 */
public record AdvisedTypes(
    ElementMatcher<TypeDescription> typeMatcher, List<AdviceBinding> adviceBindings)
    implements TypeInstrumentation {

  public AdvisedTypes {
    adviceBindings = List.copyOf(adviceBindings);
  }

  /**
   * The types whose methods {@code methods} matches get the advice class {@code adviceClassName}.
   */
  public AdvisedTypes(
      ElementMatcher<TypeDescription> types,
      ElementMatcher<? super MethodDescription> methods,
      String adviceClassName) {
    this(types, List.of(new AdviceBinding(methods, adviceClassName)));
  }
}
