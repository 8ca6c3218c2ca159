package dev.genaiwatch.agent.weaving;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hook methods of every shape: record what they were given. */
public final class RecordingHooks {
  public static final List<String> CALLS = new CopyOnWriteArrayList<>();

  private RecordingHooks() {}

  public static void enter(Object value) {
    CALLS.add("enter " + value);
  }

  public static void returned(Object value) {
    CALLS.add("returned " + value);
  }

  public static Object replace(Object value) {
    CALLS.add("replace " + value);
    try {
      // The woven class is the value's: another instance of it, not the test's HookedTarget.
      return value.getClass().getConstructor(Object.class).newInstance("replaced");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** State {request, handler, exchange}: the request swapped for a tagged one. */
  public static Object[] send(Object request, Object handler) {
    CALLS.add("send " + request);
    if (request.toString().equals("unobserved")) {
      return null;
    }
    Runnable wrapped =
        () -> {
          CALLS.add("handler");
          ((Runnable) handler).run();
        };
    return new Object[] {"tagged-" + request, wrapped, "exchange-" + request};
  }

  /** As {@link #send}, told the instance too. */
  public static Object[] sendWithThis(Object self, Object request, Object handler) {
    CALLS.add("on " + self.getClass().getSimpleName());
    return send(request, handler);
  }

  public static Object sendWithThisArgument(Object[] state, int index, Object original) {
    return sendArgument(state, index, original);
  }

  public static void sendWithThisExit(Object[] state, Object outcome) {
    sendExit(state, outcome);
  }

  public static Object sendArgument(Object[] state, int index, Object original) {
    return state == null ? original : state[index];
  }

  public static void sendExit(Object[] state, Object outcome) {
    CALLS.add(
        "exit "
            + (state == null ? null : state[2])
            + " "
            + (outcome instanceof Throwable t ? t.getClass().getSimpleName() : outcome));
  }

  /** State: a name for the call, or null for a call the hook leaves alone ("unobserved"). */
  public static Object create(Object self, Object params) {
    CALLS.add("create " + params + " on " + self.getClass().getSimpleName());
    return "unobserved".equals(params) ? null : "call-" + params;
  }

  public static Object createExit(Object state, Object returned) {
    CALLS.add("createExit " + state + " " + returned);
    return state == null ? returned : "replaced-" + returned;
  }

  public static void createThrown(Object state, Throwable thrown) {
    CALLS.add("createThrown " + state + " " + thrown.getClass().getSimpleName());
  }

  /** State: a name for the call, from the first of every argument. */
  public static Object generate(Object self, Object[] arguments) {
    CALLS.add(
        "generate "
            + java.util.Arrays.toString(arguments)
            + " on "
            + self.getClass().getSimpleName());
    return "call-" + arguments[0];
  }

  public static Object generateExit(Object state, Object returned) {
    CALLS.add("generateExit " + state + " " + returned);
    return "replaced-" + returned;
  }

  public static void generateThrown(Object state, Throwable thrown) {
    CALLS.add("generateThrown " + state + " " + thrown.getClass().getSimpleName());
  }

  public static Object withThis(Object self, Object returned) {
    CALLS.add("withThis " + self.getClass().getSimpleName() + " " + returned);
    return "replaced-" + returned;
  }
}
