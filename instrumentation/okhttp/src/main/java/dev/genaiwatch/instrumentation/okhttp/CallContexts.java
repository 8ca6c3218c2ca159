package dev.genaiwatch.instrumentation.okhttp;

import io.opentelemetry.context.Context;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The context each call was created in. {@code enqueue} and okhttp-sse run the interceptor chain on
 * OkHttp's dispatcher threads, where the caller's context (its trace, or the SDK call that owns the
 * request) is not current. Weak keys: a call forgotten by the application leaves nothing behind;
 * calls made with no context (the root) are not stored at all.
 */
final class CallContexts {
  private static final Map<Object, Context> CONTEXTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private CallContexts() {}

  static void remember(Object call) {
    Context current = Context.current();
    if (call != null && current != Context.root()) {
      CONTEXTS.put(call, current);
    }
  }

  /** The context {@code call} was created in, else the current one; forgets the call. */
  static Context take(Object call) {
    Context remembered = call == null ? null : CONTEXTS.remove(call);
    return remembered != null ? remembered : Context.current();
  }
}
