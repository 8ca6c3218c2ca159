package dev.genaiwatch.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ApplicationContextBridge;
import dev.genaiwatch.core.CallOwnership;
import dev.genaiwatch.core.ContentOnExport;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatchAttributes;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.content.Redactor;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContentCompletingSpanProcessorTest {
  private static final int MAX_LENGTH = 100;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final InMemorySpanExporter secondExporter = InMemorySpanExporter.create();
  private final ThreadRecordingRedactor redactor = new ThreadRecordingRedactor();
  private final InstrumentationHealth health = new InstrumentationHealth(null);
  private final ContentOnExport contentOnExport = new ContentOnExport();
  private final List<OpenTelemetrySdk> sdks = new ArrayList<>();

  @AfterEach
  void shutDown() {
    sdks.forEach(sdk -> sdk.shutdown().join(5, TimeUnit.SECONDS));
  }

  @Test
  void exportedSpanCarriesTheRedactedTextAttributes() {
    GenAiInstrumenter instrumenter = instrumenter(batch(exporter), Sampler.alwaysOn());

    instrumenter.start(call("what is sk-secret?", "the answer")).end();

    SpanData span = exported(exporter);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES))
        .contains("what is [REDACTED]?")
        .doesNotContain("sk-secret");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES))
        .contains("the answer");
    assertThat(span.getAttributes().get(GenAiWatchAttributes.CONTENT_REDACTIONS)).isEqualTo(1L);
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("chatcmpl-1");
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly("stop");
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL))
        .isEqualTo("m");
  }

  @Test
  void textIsRedactedOnTheExportThreadNotTheEndingThread() {
    GenAiInstrumenter instrumenter = instrumenter(batch(exporter), Sampler.alwaysOn());

    instrumenter.start(call("hello", "world")).end();
    assertThat(redactor.threads).isEmpty();

    exported(exporter);
    assertThat(redactor.threads).isNotEmpty().doesNotContain(Thread.currentThread().getName());
  }

  @Test
  void totalAttributeCountGrowsWithTheAddedAttributes() {
    GenAiInstrumenter instrumenter = instrumenter(batch(exporter), Sampler.alwaysOn());

    instrumenter.start(call("hello", "world")).end();

    SpanData span = exported(exporter);
    assertThat(span.getTotalAttributeCount()).isEqualTo(span.getAttributes().size());
  }

  @Test
  void callLargerThanItsAttributesIsRedactedOnTheEndingThread() {
    GenAiInstrumenter instrumenter = instrumenter(batch(exporter), Sampler.alwaysOn());

    instrumenter.start(call("x".repeat(3 * MAX_LENGTH + 1), "world")).end();
    assertThat(redactor.threads).contains(Thread.currentThread().getName());

    SpanData span = exported(exporter);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.CONTENT_TRUNCATED)).isTrue();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES))
        .contains("world");
  }

  @Test
  void twoExportersGetTheSameAttributesComputedOnce() {
    GenAiInstrumenter instrumenter =
        instrumenter(
            SpanProcessor.composite(
                ContentCompletingSpanProcessor.wrap(
                    SimpleSpanProcessor.create(exporter), contentOnExport),
                ContentCompletingSpanProcessor.wrap(
                    SimpleSpanProcessor.create(secondExporter), contentOnExport)),
            Sampler.alwaysOn());

    instrumenter.start(call("hello", "world")).end();

    assertThat(exported(exporter).getAttributes())
        .isEqualTo(exported(secondExporter).getAttributes());
    assertThat(exported(exporter).getAttributes().get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES))
        .contains("hello");
    // Response id, finish reason, one input text, one output text: four redactions, not eight.
    assertThat(redactor.calls.get()).isEqualTo(4);
  }

  @Test
  void unsampledCallIsNotRedactedAtAll() {
    GenAiInstrumenter instrumenter = instrumenter(batch(exporter), Sampler.alwaysOff());

    instrumenter.start(call("hello", "world")).end();

    assertThat(redactor.calls.get()).isZero();
  }

  @Test
  void redactionFailingOnExportStillExportsTheSpanAndCountsTheError() {
    redactor.failOn = "boom";
    GenAiInstrumenter instrumenter = instrumenter(batch(exporter), Sampler.alwaysOn());

    instrumenter.start(call("boom", "world")).end();

    SpanData span = exported(exporter);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES)).isNull();
    assertThat(span.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL))
        .isEqualTo("m");
    assertThat(health.total()).isEqualTo(1);
  }

  @Test
  void withoutTheProcessorTheEndingThreadRedacts() {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
    sdks.add(sdk);
    GenAiInstrumenter instrumenter = instrumenter(sdk, new ContentOnExport());

    instrumenter.start(call("hello", "world")).end();

    assertThat(redactor.threads).containsExactly(Thread.currentThread().getName());
    assertThat(exported(exporter).getAttributes().get(GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES))
        .contains("hello");
  }

  private SpanProcessor batch(InMemorySpanExporter to) {
    return ContentCompletingSpanProcessor.wrap(
        BatchSpanProcessor.builder(to).setScheduleDelay(1, TimeUnit.HOURS).build(),
        contentOnExport);
  }

  private GenAiInstrumenter instrumenter(SpanProcessor processor, Sampler sampler) {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(processor).setSampler(sampler).build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
    sdks.add(sdk);
    return instrumenter(sdk, contentOnExport);
  }

  private GenAiInstrumenter instrumenter(OpenTelemetrySdk sdk, ContentOnExport onExport) {
    return new GenAiInstrumenter(
        sdk,
        new ContentCapture(true, MAX_LENGTH, redactor),
        health,
        "test",
        ApplicationContextBridge.NONE,
        CallOwnership.alone(),
        onExport);
  }

  /** The one span exported, after a flush of the SDK's processors. */
  private SpanData exported(InMemorySpanExporter from) {
    sdks.forEach(sdk -> sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS));
    assertThat(from.getFinishedSpanItems()).hasSize(1);
    return from.getFinishedSpanItems().get(0);
  }

  private static LlmCall call(String prompt, String answer) {
    LlmCall call = new LlmCall();
    call.instrumentation = "openai-java";
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = "m";
    call.provider = "openai";
    call.inputMessages = List.of(GenAiMessage.text("user", prompt));
    call.outputMessages = List.of(GenAiMessage.text("assistant", answer));
    call.responseId = "chatcmpl-1";
    call.addFinishReason("stop");
    return call;
  }

  /** Redacts {@code sk-secret}; records the threads it ran on; fails on a chosen text. */
  private static final class ThreadRecordingRedactor implements Redactor {
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();
    volatile String failOn;

    @Override
    public String redact(String text, RedactionCounter counter) {
      threads.add(Thread.currentThread().getName());
      calls.incrementAndGet();
      if (text.equals(failOn)) {
        throw new IllegalStateException("redactor failed");
      }
      if (text.contains("sk-secret")) {
        counter.add(1);
        return text.replace("sk-secret", "[REDACTED]");
      }
      return text;
    }
  }
}
