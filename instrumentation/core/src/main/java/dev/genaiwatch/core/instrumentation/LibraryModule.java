package dev.genaiwatch.core.instrumentation;

import java.util.List;

/**
 * An {@link InstrumentationModule} whose name and supported versions are given to its constructor
 * and whose required methods are the table next to its class ({@link RequiredMethods}): a library's
 * module extends this and says only what it advises.
 */
public abstract class LibraryModule implements InstrumentationModule {
  private final String name;
  private final String supportedVersions;

  protected LibraryModule(String name, String supportedVersions) {
    this.name = name;
    this.supportedVersions = supportedVersions;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String supportedVersions() {
    return supportedVersions;
  }

  @Override
  public List<MethodReference> requiredMethods() {
    return RequiredMethods.listedFor(getClass());
  }
}
