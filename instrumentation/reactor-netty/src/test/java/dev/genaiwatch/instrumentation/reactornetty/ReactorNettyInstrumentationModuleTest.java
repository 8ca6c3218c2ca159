package dev.genaiwatch.instrumentation.reactornetty;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.testing.InstrumentationModuleContract;

/** The version check and helper classes against the Reactor Netty the tests run with. */
class ReactorNettyInstrumentationModuleTest extends InstrumentationModuleContract {
  @Override
  protected InstrumentationModule module() {
    return new ReactorNettyInstrumentationModule();
  }
}
