package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.InstrumentationModuleContract;

/** The version check and helper classes against the HttpClient 5 the tests run with. */
class ApacheHttpClientInstrumentationModuleTest extends InstrumentationModuleContract {
  @Override
  protected InstrumentationModule module() {
    return new ApacheHttpClientInstrumentationModule();
  }
}
