package dev.genaiwatch.agent.bytebuddy;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
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
 * recently used evicted, each held weakly ({@link BoundedCacheProvider}). The hits come from a
 * small working set (the super types that many classes share): with the OpenAI SDK's 1,853 distinct
 * types and Spring WebFlux's 1,399, capacities of 128, 32, 16 and 8 gave the same hits (823 and
 * 1,397), so 32 leaves room for deeper hierarchies. Class loaders are held weakly; that only works
 * because every class file is located through weakly referenced class loaders ({@code
 * LocationStrategy.ForClassLoader.WEAK} for the transformation, {@link
 * ClassFileLocator.ForClassLoader.WeaklyReferenced} for the loader's own pool), so no cached
 * description pins its loader.
 *
 * <p>A cached description must not pin the transformation that parsed it either. A parsed
 * description resolves the types it refers to through the pool that parsed it; with ByteBuddy's
 * {@code WithTypePoolCache} that is the transformation's pool, which holds the transformed class's
 * bytes and its parsed description, so each cached entry kept a whole class's worth of a past
 * transformation alive (in the benchmark 0.37 MB of the cache's 0.9 MB of live heap). Here every
 * type but the transformed one is parsed by the class loader's own long-lived {@link LoaderPool},
 * which holds nothing but its bounded cache and a weak class file locator.
 */
final class SharedTypePoolCache implements AgentBuilder.PoolStrategy {
  static final int TYPES_PER_LOADER = 32;

  private final Map<ClassLoader, LoaderPool> perLoader =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final LoaderPool bootstrap = LoaderPool.forLoader(null);

  /**
   * A pool for no type in particular: ByteBuddy describes the advice classes with one, for example.
   */
  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    return new TypePool.LazyFacade(
        new TransformationPool(classFileLocator, loaderPool(classLoader), null));
  }

  @Override
  public TypePool typePool(
      ClassFileLocator classFileLocator, ClassLoader classLoader, String transformedType) {
    return new TypePool.LazyFacade(
        new TransformationPool(classFileLocator, loaderPool(classLoader), transformedType));
  }

  /** The cache of the descriptions {@code classLoader}'s pool parsed. */
  TypePool.CacheProvider locate(ClassLoader classLoader) {
    return loaderPool(classLoader).cache;
  }

  private LoaderPool loaderPool(ClassLoader classLoader) {
    if (classLoader == null) {
      return bootstrap;
    }
    return perLoader.computeIfAbsent(classLoader, LoaderPool::forLoader);
  }

  int loaders() {
    return perLoader.size();
  }

  /**
   * A class loader's pool: reads class files through the loader (weakly held) and keeps what it
   * parsed in its bounded cache, so the descriptions it parses refer to nothing else.
   */
  static final class LoaderPool extends TypePool.Default.WithLazyResolution {
    private final BoundedCacheProvider cache;

    private LoaderPool(BoundedCacheProvider cache, ClassFileLocator classFileLocator) {
      super(cache, classFileLocator, ReaderMode.FAST, LazinessMode.NAME);
      this.cache = cache;
    }

    static LoaderPool forLoader(ClassLoader classLoader) {
      return new LoaderPool(
          new BoundedCacheProvider(TYPES_PER_LOADER),
          ClassFileLocator.ForClassLoader.WeaklyReferenced.of(classLoader));
    }

    /** The type parsed (or found in the cache), not a lazy resolution. */
    TypePool.Resolution resolve(String name) {
      return doResolve(name);
    }
  }

  /**
   * One transformation's pool: the type being transformed is parsed from the bytes at hand (the
   * transformation's class file locator), every other type comes from the class loader's pool.
   * Nothing this pool parses is cached beyond the transformation, so nothing outlives it that
   * refers to it. A type the loader's pool cannot find (an advice class that only the agent's
   * loader sees) is parsed here, from the transformation's locator.
   */
  static final class TransformationPool extends TypePool.Default.WithLazyResolution {
    private final LoaderPool loaderPool;
    private final String transformedType;

    TransformationPool(
        ClassFileLocator classFileLocator, LoaderPool loaderPool, String transformedType) {
      super(new CacheProvider.Simple(), classFileLocator, ReaderMode.FAST, LazinessMode.NAME);
      this.loaderPool = loaderPool;
      this.transformedType = transformedType;
    }

    @Override
    protected Resolution doResolve(String name) {
      // Own cache first: a type neither pool finds is remembered here, not looked up again.
      Resolution own = cacheProvider.find(name);
      if (own != null) {
        return own;
      }
      if (!name.equals(transformedType)) {
        Resolution shared = loaderPool.resolve(name);
        if (shared.isResolved()) {
          return shared;
        }
      }
      return super.doResolve(name);
    }
  }

  /**
   * An LRU map of type name to description that holds each description weakly: the cache only
   * spares re-parsing while the descriptions are in use anyway (the bursts of class loading at
   * start-up, when the same super types are asked for again and again), and keeps nothing alive on
   * its own: after start-up the next collection takes what no transformation uses (~0.5 MB in the
   * benchmark, see docs/benchmarks.md). A description the collector took is parsed again on its
   * next use.
   */
  static final class BoundedCacheProvider implements TypePool.CacheProvider {
    private final Map<String, WeakReference<TypeDescription>> descriptions;

    BoundedCacheProvider(int capacity) {
      this.descriptions =
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(
                Map.Entry<String, WeakReference<TypeDescription>> eldest) {
              return size() > capacity;
            }
          };
    }

    @Override
    public synchronized TypePool.Resolution find(String name) {
      TypeDescription description = live(name);
      return description == null ? null : new TypePool.Resolution.Simple(description);
    }

    @Override
    public synchronized TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      // A type not found now may be defined later (generated classes): only what was found is
      // remembered.
      if (!resolution.isResolved()) {
        return resolution;
      }
      TypeDescription known = live(name);
      if (known != null) {
        return new TypePool.Resolution.Simple(known);
      }
      descriptions.put(name, new WeakReference<>(resolution.resolve()));
      return resolution;
    }

    /** The cached description, or null; an entry whose description was collected is removed. */
    private TypeDescription live(String name) {
      WeakReference<TypeDescription> reference = descriptions.get(name);
      if (reference == null) {
        return null;
      }
      TypeDescription description = reference.get();
      if (description == null) {
        descriptions.remove(name);
      }
      return description;
    }

    @Override
    public synchronized void clear() {
      descriptions.clear();
    }

    synchronized int size() {
      return descriptions.size();
    }
  }
}
