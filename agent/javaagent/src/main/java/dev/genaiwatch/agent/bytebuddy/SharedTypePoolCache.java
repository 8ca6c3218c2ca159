package dev.genaiwatch.agent.bytebuddy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions kept from one class transformation to the next, per class loader. ByteBuddy's
 * default pool strategy starts every transformation with an empty cache, so each {@code
 * hasSuperType} matcher re-reads and re-parses the class files of the whole super-type chain of
 * every class the application loads (the {@code Object}, {@code AbstractList}, framework base
 * classes ... of thousands of classes), once per matcher: that was most of the agent's start-up
 * cost.
 *
 * <p>Memory stays bounded: at most {@value #TYPES_PER_LOADER} descriptions per class loader, least
 * recently used evicted. The hits come from a small working set (the super types that many classes
 * share): with the OpenAI SDK's 1,853 distinct types and Spring WebFlux's 1,399, capacities of 128,
 * 32, 16 and 8 gave the same hits (823 and 1,397), so 32 leaves room for deeper hierarchies while
 * bounding what a class-heavy application keeps (each parsed description, with its method and
 * annotation tokens, is kilobytes). Class loaders are held weakly; that only works because the
 * agent locates class files through weakly referenced class loaders ({@code
 * LocationStrategy.ForClassLoader.WEAK}), so no cached description pins its loader.
 */
final class SharedTypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  static final int TYPES_PER_LOADER = 32;

  private final Map<ClassLoader, TypePool.CacheProvider> perLoader =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final TypePool.CacheProvider bootstrap = new BoundedCacheProvider(TYPES_PER_LOADER);

  SharedTypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader classLoader) {
    if (classLoader == null) {
      return bootstrap;
    }
    return perLoader.computeIfAbsent(
        classLoader, loader -> new BoundedCacheProvider(TYPES_PER_LOADER));
  }

  int loaders() {
    return perLoader.size();
  }

  /** An LRU map of type name to resolution. */
  static final class BoundedCacheProvider implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> resolutions;

    BoundedCacheProvider(int capacity) {
      this.resolutions =
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TypePool.Resolution> eldest) {
              return size() > capacity;
            }
          };
    }

    @Override
    public synchronized TypePool.Resolution find(String name) {
      return resolutions.get(name);
    }

    @Override
    public synchronized TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      // A type not found now may be defined later (generated classes): only what was found is
      // remembered.
      if (!resolution.isResolved()) {
        return resolution;
      }
      TypePool.Resolution known = resolutions.putIfAbsent(name, resolution);
      return known == null ? resolution : known;
    }

    @Override
    public synchronized void clear() {
      resolutions.clear();
    }

    synchronized int size() {
      return resolutions.size();
    }
  }
}
