package dev.genaiwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenAiWatchConfigTest {

  private static GenAiWatchConfig config(String key, String value) {
    return GenAiWatchConfig.of(Map.of(key, value));
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    GenAiWatchConfig c = GenAiWatchConfig.of(Map.of());

    assertThat(c.enabled()).isTrue();
    assertThat(c.captureContent()).isTrue();
    assertThat(c.contentMaxLength()).isEqualTo(8192);
    assertThat(c.debug()).isFalse();
    assertThat(c.shutdownTimeoutMillis()).isEqualTo(3000);
    assertThat(c.instrumentationEnabled("openai-java")).isTrue();
  }

  @Test
  void propertyNameMapsToEnvironmentName() {
    assertThat(GenAiWatchConfig.toEnvName("genai.watch.capture.content"))
        .isEqualTo("GENAI_WATCH_CAPTURE_CONTENT");
  }

  @Test
  void dashesInInstrumentationNamesMapToUnderscores() {
    assertThat(GenAiWatchConfig.toEnvName("genai.watch.instrumentation.openai-java.enabled"))
        .isEqualTo("GENAI_WATCH_INSTRUMENTATION_OPENAI_JAVA_ENABLED");
  }

  @Test
  void systemPropertyIsRead() {
    String key = GenAiWatchConfig.CONTENT_MAX_LENGTH;
    String previous = System.getProperty(key);
    System.setProperty(key, "1234");
    try {
      assertThat(GenAiWatchConfig.fromSystem().contentMaxLength()).isEqualTo(1234);
    } finally {
      restore(key, previous);
    }
  }

  @Test
  void environmentIsReadUnderTheMappedName() {
    // PATH is the one environment variable every test machine has; its property form is "path".
    String path = System.getenv("PATH");
    assumeTrue(path != null && System.getProperty("path") == null);

    assertThat(GenAiWatchConfig.fromSystem().raw("path")).isEqualTo(path);
  }

  @Test
  void systemPropertyWinsOverTheEnvironment() {
    assumeTrue(System.getenv("PATH") != null && System.getProperty("path") == null);
    System.setProperty("path", "from-system-property");
    try {
      assertThat(GenAiWatchConfig.fromSystem().raw("path")).isEqualTo("from-system-property");
    } finally {
      System.clearProperty("path");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", " True ", "1", "yes", "on"})
  void trueSpellingsAreAccepted(String value) {
    assertThat(config(GenAiWatchConfig.DEBUG, value).debug()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", " False ", "0", "no", "off"})
  void falseSpellingsAreAccepted(String value) {
    assertThat(config(GenAiWatchConfig.CAPTURE_CONTENT, value).captureContent()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "enabled", "2", "tru"})
  void invalidBooleanFallsBackToTheDefault(String value) {
    assertThat(config(GenAiWatchConfig.CAPTURE_CONTENT, value).captureContent()).isTrue();
    assertThat(config(GenAiWatchConfig.DEBUG, value).debug()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "8k", "1.5", "99999999999999999999"})
  void invalidNumberFallsBackToTheDefault(String value) {
    assertThat(config(GenAiWatchConfig.CONTENT_MAX_LENGTH, value).contentMaxLength())
        .isEqualTo(8192);
    assertThat(config(GenAiWatchConfig.SHUTDOWN_TIMEOUT_MS, value).shutdownTimeoutMillis())
        .isEqualTo(3000);
  }

  @Test
  void blankValueMeansUnset() {
    assertThat(config(GenAiWatchConfig.ENABLED, "  ").enabled()).isTrue();
    assertThat(config(GenAiWatchConfig.CONTENT_MAX_LENGTH, "").contentMaxLength()).isEqualTo(8192);
  }

  @Test
  void numbersAreTrimmed() {
    assertThat(config(GenAiWatchConfig.CONTENT_MAX_LENGTH, " 512 ").contentMaxLength())
        .isEqualTo(512);
  }

  @Test
  void contentMaxLengthIsClampedToZeroAndOneMebichar() {
    assertThat(config(GenAiWatchConfig.CONTENT_MAX_LENGTH, "-5").contentMaxLength()).isZero();
    assertThat(config(GenAiWatchConfig.CONTENT_MAX_LENGTH, "99999999999").contentMaxLength())
        .isEqualTo(1 << 20);
  }

  @Test
  void negativeShutdownTimeoutIsZero() {
    assertThat(config(GenAiWatchConfig.SHUTDOWN_TIMEOUT_MS, "-1").shutdownTimeoutMillis()).isZero();
  }

  @Test
  void oneInstrumentationCanBeSwitchedOffAlone() {
    GenAiWatchConfig c = config("genai.watch.instrumentation.openai-java.enabled", "false");

    assertThat(c.instrumentationEnabled("openai-java")).isFalse();
    assertThat(c.instrumentationEnabled("langchain4j")).isTrue();
    assertThat(c.enabled()).isTrue();
  }

  @Test
  void fixedConfigurationIsACopy() {
    Map<String, String> properties = new HashMap<>();
    properties.put(GenAiWatchConfig.DEBUG, "true");
    GenAiWatchConfig c = GenAiWatchConfig.of(properties);
    properties.put(GenAiWatchConfig.DEBUG, "false");

    assertThat(c.debug()).isTrue();
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }

  @Test
  void redactionModeIsPlaceholderByDefault() {
    assertThat(GenAiWatchConfig.of(Map.of()).redactionHashMode()).isFalse();
  }

  @Test
  void redactionModeHashIsReadCaseInsensitively() {
    assertThat(config(GenAiWatchConfig.REDACTION_MODE, " HASH ").redactionHashMode()).isTrue();
  }

  @Test
  void disabledRedactionRulesAreACommaSeparatedList() {
    assertThat(
            config(GenAiWatchConfig.REDACTION_DISABLED_RULES, "ipv4, ipv6,,email ")
                .redactionDisabledRules())
        .containsExactly("ipv4", "ipv6", "email");
  }

  @Test
  void redactionSettingsHaveEnvironmentForms() {
    assertThat(GenAiWatchConfig.toEnvName(GenAiWatchConfig.REDACTION_HASH_KEY))
        .isEqualTo("GENAI_WATCH_REDACTION_HASH_KEY");
    assertThat(GenAiWatchConfig.toEnvName(GenAiWatchConfig.REDACTION_RULES_FILE))
        .isEqualTo("GENAI_WATCH_REDACTION_RULES_FILE");
  }
}
