package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.GenAiInstrumenter;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.scheduler.Schedulers;

/**
 * Carries the OpenTelemetry context of a {@code ChatClient} stream onto the Reactor scheduler
 * threads its advisors hop to: a streamed {@code QuestionAnswerAdvisor} retrieves on {@code
 * boundedElastic}, where neither its embedding call nor the documents it found would otherwise see
 * the {@code ChatClient.stream} span.
 *
 * <p>Only a task scheduled while a genai-watch framework span is current is wrapped; every other
 * task of the application runs exactly as scheduled. Installed once per Reactor (class loader), on
 * the first {@code ChatClient} stream.
 */
final class StreamContextHook {
  private static final String KEY = "genai-watch-chat-client-stream-context";
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private StreamContextHook() {}

  static void installOnce() {
    if (INSTALLED.compareAndSet(false, true)) {
      Schedulers.onScheduleHook(KEY, StreamContextHook::carryContext);
    }
  }

  private static Runnable carryContext(Runnable task) {
    try {
      Context context = Context.current();
      if (GenAiInstrumenter.activeFrameworkSpan(context) == null) {
        return task;
      }
      return () -> {
        try (Scope ignored = context.makeCurrent()) {
          task.run();
        }
      };
    } catch (Throwable t) {
      SpringAiCalls.report(t);
      return task;
    }
  }
}
