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

  /**
   * The table, read once: the agent asks in premain and again for every class loader that loads the
   * library, and the table is a resource in the agent jar.
   */
  private volatile List<MethodReference> requiredMethods;

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
    List<MethodReference> methods = requiredMethods;
    if (methods == null) {
      // Read twice at worst by racing threads, with the same result: no lock needed.
      methods = RequiredMethods.listedFor(getClass());
      requiredMethods = methods;
    }
    return methods;
  }
}
