package dev.genaiwatch.agent.weaving;

/** Methods of the shapes the wire-level modules hook, woven by {@link MethodHookWeaverTest}. */
public class HookedTarget implements Comparable<HookedTarget> {
  public final Object builder;

  public HookedTarget(Object builder) {
    this.builder = builder;
  }

  /**
   * A generic interface's method: the compiler adds a bridge {@code compareTo(Object)} that calls
   * this one.
   */
  @Override
  public int compareTo(HookedTarget other) {
    return String.valueOf(builder).compareTo(String.valueOf(other.builder));
  }

  /** A static factory, like Reactor Netty's {@code HttpClient.create()}. */
  public static HookedTarget create() {
    return new HookedTarget("created");
  }

  /** Like OkHttp's {@code newCall}: two returns. */
  public Object newCall(String request) {
    if (request.isEmpty()) {
      return "empty";
    }
    return "call:" + request;
  }

  /** Like Apache's {@code build()}. */
  public String build() {
    return "built";
  }

  /**
   * Like the JDK's {@code send} (a request ending in "recoverable" or "fail" takes those paths):
   * its own handler (which the woven handler must not take over), wide locals (which shift slots),
   * a loop (frames), and a throw out of the method.
   */
  public String send(CharSequence request, Runnable handler) {
    long rounds = 2;
    double weight = 0.5;
    StringBuilder sent = new StringBuilder();
    for (int i = 0; i < rounds; i++) {
      try {
        if (request.toString().endsWith("recoverable") && i == 0) {
          throw new IllegalStateException("first round");
        }
        sent.append(request);
      } catch (IllegalStateException e) {
        sent.append("recovered,");
      }
    }
    handler.run();
    if (request.toString().endsWith("fail")) {
      throw new UnsupportedOperationException("failed " + weight);
    }
    return sent.toString();
  }

  /**
   * Like an SDK service's {@code create(params, options)}: several returns, its own handler, a wide
   * local and a throw out of the method ({@code "fail"}).
   */
  public String create(Object params, Object options) {
    if ("fail".equals(params)) {
      throw new IllegalArgumentException("bad params");
    }
    if ("short".equals(params)) {
      return "short";
    }
    long attempts = 3;
    try {
      if ("recover".equals(params)) {
        throw new IllegalStateException("first attempt");
      }
    } catch (IllegalStateException e) {
      return "recovered";
    }
    return "result:" + params + attempts;
  }

  /** Returns a primitive: the shape that replaces the returned object does not apply. */
  public int count(Object params, Object options) {
    return 1;
  }

  /**
   * Like Google Gen AI's package-private {@code privateGenerateContent(model, contents, config)}:
   * hooked only by a hook that includes methods that are not public.
   */
  String generate(Object model, Object contents, Object config) {
    if ("fail".equals(model)) {
      throw new IllegalArgumentException("bad model");
    }
    return "generated:" + model + "/" + contents + "/" + config;
  }

  /** Takes a primitive: the shape that passes every argument as an object does not apply. */
  String page(Object model, int size) {
    return "page:" + model + size;
  }

  /** Not public: never hooked. */
  String sendQuietly(CharSequence request, Runnable handler) {
    return "quiet";
  }
}
