package dev.genaiwatch.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/**
 * The module's tests run once per supported OkHttp major version; this proves which OkHttp a run
 * really used.
 */
class OkHttpOnClasspathTest {

  @Test
  void theRunUsesTheOkHttpVersionItClaims() {
    assertThat(OkHttp.VERSION).isEqualTo(System.getProperty("expected.okhttp.version"));
  }
}
