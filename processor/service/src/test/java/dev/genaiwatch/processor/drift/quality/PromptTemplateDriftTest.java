package dev.genaiwatch.processor.drift.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.drift.DriftKey;
import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.processor.drift.DriftSettings;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One service and model, two system prompts (billing and returns), interleaved call by call through
 * the real {@link DriftMonitor}; the billing calls' input grows ×1.5 after the reference and 1,000
 * steady calls.
 */
class PromptTemplateDriftTest {
  private static final String BILLING =
      "You are the billing assistant of Shop. Ticket %d, be brief.";
  private static final String RETURNS =
      "You are the returns assistant of Shop. Ticket %d, be kind.";

  private final DriftSettings settings = QualityRun.settings(Map.of());
  private final List<QualityRun.Alarm> alarms = new ArrayList<>();
  private final List<Span> billingSpans = new ArrayList<>();
  private List<Map<String, Object>> keys;

  private void run(DriftSettings settings) {
    long shiftAt = settings.referenceSize() + SignalQuality.CALLS_BEFORE_SHIFT + 1;
    SyntheticTraffic billing = new SyntheticTraffic(11, Shift.INPUT_TOKENS_X1_5, shiftAt, BILLING);
    SyntheticTraffic returns = new SyntheticTraffic(12, Shift.NONE, Long.MAX_VALUE, RETURNS);
    try (DriftMonitor monitor =
        new DriftMonitor(
            settings,
            new PrometheusRegistry(),
            null,
            logs -> QualityRun.collect(logs, alarms, () -> -1),
            null)) {
      for (long i = 0; i < shiftAt + 1000; i++) {
        Span.Builder span = billing.next().toBuilder();
        monitor.enrich(SyntheticTraffic.resource(), QualityRun.SCOPE, span);
        billingSpans.add(span.build());
        monitor.enrich(SyntheticTraffic.resource(), QualityRun.SCOPE, returns.next().toBuilder());
      }
      keys = monitor.state();
    }
  }

  private static String template(Map<String, Object> key) {
    return (String) key.get(DriftKey.TEMPLATE_ATTRIBUTE);
  }

  @Test
  void twoSystemPromptsOfOneServiceAndModelAreTwoDriftKeys() {
    run(settings);
    assertThat(keys).hasSize(2);
    Set<String> templates = new TreeSet<>();
    keys.forEach(key -> templates.add(template(key)));
    assertThat(templates).hasSize(2).allSatisfy(t -> assertThat(t).matches("[0-9a-f]{8}"));
    assertThat(keys)
        .allSatisfy(key -> assertThat((String) key.get("id")).endsWith("|" + template(key)));
  }

  @Test
  void aShiftInOneTemplateAlarmsThatTemplateOnly() {
    run(settings);
    Set<String> alarmedTemplates = new TreeSet<>();
    alarms.stream()
        .filter(a -> a.started() && a.feature().equals("input_tokens"))
        .forEach(a -> alarmedTemplates.add(a.template()));
    String billingTemplate = attribute(billingSpans.get(0), DriftKey.TEMPLATE_ATTRIBUTE);
    assertThat(alarmedTemplates).as("%s", alarms).containsExactly(billingTemplate);
  }

  @Test
  void everyCallCarriesItsTemplateFingerprintWhichIgnoresTheTicketNumber() {
    run(settings);
    assertThat(billingSpans)
        .extracting(s -> attribute(s, DriftKey.TEMPLATE_ATTRIBUTE))
        .containsOnly(attribute(billingSpans.get(0), DriftKey.TEMPLATE_ATTRIBUTE))
        .doesNotContainNull();
  }

  @Test
  void withTemplateKeysOffBothPromptsShareOneKey() {
    run(QualityRun.settings(Map.of("drift.key.by.template", "false")));
    assertThat(keys).hasSize(1);
    assertThat(template(keys.get(0))).isNull();
    assertThat(billingSpans.get(0).getAttributesList())
        .extracting(KeyValue::getKey)
        .doesNotContain(DriftKey.TEMPLATE_ATTRIBUTE);
  }

  private static String attribute(Span span, String key) {
    return span.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }
}
