package dev.genaiwatch.core.instrumentation;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The types one advice group applies to, and which methods of them get which advice class. */
public interface TypeInstrumentation {

  ElementMatcher<TypeDescription> typeMatcher();

  List<AdviceBinding> adviceBindings();

  /**
   * Advice is named, not referenced, so the agent can read its bytes without loading it. Enter and
   * exit may come from different classes, so one enter advice can serve methods whose results
   * differ.
   */
  record AdviceBinding(
      ElementMatcher<? super MethodDescription> methodMatcher,
      String enterAdviceClassName,
      String exitAdviceClassName) {

    public AdviceBinding(
        ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName) {
      this(methodMatcher, adviceClassName, adviceClassName);
    }
  }
}
