package dev.genaiwatch.e2e;

import java.nio.file.Path;

/**
 * The same run and assertions on OkHttp 4.12.0 (with okhttp-sse 4.12.0) and the oldest supported
 * OpenAI Java SDK (4.0.0, which brings that OkHttp): the testapp classes are identical, only the
 * libraries differ.
 */
class OkHttpWireOnOkHttp4EndToEndTest extends OkHttpWireEndToEndTest {
  @Override
  Path appJar() {
    return AgentRun.testappOnOldestSdkJar();
  }
}
