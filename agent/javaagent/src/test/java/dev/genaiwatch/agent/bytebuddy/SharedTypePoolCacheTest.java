package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.lang.reflect.Modifier;
import java.util.AbstractList;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class SharedTypePoolCacheTest {
  private static final String GENERATED = "com.example.GeneratedList";
  private static final String ADVICE = "com.example.SomeAdvice";

  private final ClassLoader loader = getClass().getClassLoader();

  private static TypePool.Resolution resolved(Class<?> type) {
    return new TypePool.Resolution.Simple(new TypeDescription.ForLoadedType(type));
  }

  /** A class file no class loader can find, extending {@code AbstractList}. */
  private static byte[] generatedList() {
    return new ByteBuddy()
        .subclass(AbstractList.class)
        .modifiers(Modifier.PUBLIC | Modifier.ABSTRACT)
        .name(GENERATED)
        .make()
        .getBytes();
  }

  /** The locator ByteBuddy hands a transformation: the bytes at hand, then the class loader. */
  private ClassFileLocator transformationLocator(String name, byte[] bytes) {
    return new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(name, bytes), ClassFileLocator.ForClassLoader.of(loader));
  }

  /** Collects until {@code reference} is cleared, at most 20 times: false if it never was. */
  private static boolean collected(WeakReference<?> reference) {
    for (int i = 0; i < 20 && reference.get() != null; i++) {
      System.gc();
    }
    return reference.get() == null;
  }

  @Test
  void aResolvedTypeIsFoundAgain() {
    SharedTypePoolCache.BoundedCacheProvider cache =
        new SharedTypePoolCache.BoundedCacheProvider(10);
    TypePool.Resolution resolution = resolved(String.class);
    cache.register("java.lang.String", resolution);
    assertThat(cache.find("java.lang.String").resolve()).isSameAs(resolution.resolve());
  }

  @Test
  void aTypeThatWasNotFoundIsNotRemembered() {
    SharedTypePoolCache.BoundedCacheProvider cache =
        new SharedTypePoolCache.BoundedCacheProvider(10);
    cache.register(
        "com.example.Generated", new TypePool.Resolution.Illegal("com.example.Generated"));
    assertThat(cache.find("com.example.Generated")).isNull();
  }

  @Test
  void theLeastRecentlyUsedTypeIsEvictedBeyondCapacity() {
    SharedTypePoolCache.BoundedCacheProvider cache =
        new SharedTypePoolCache.BoundedCacheProvider(2);
    // Held here: the cache holds descriptions only weakly.
    TypePool.Resolution a = resolved(String.class);
    TypePool.Resolution b = resolved(Integer.class);
    TypePool.Resolution c = resolved(Long.class);
    cache.register("a", a);
    cache.register("b", b);
    cache.find("a");
    cache.register("c", c);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.find("a")).isNotNull();
    assertThat(cache.find("b")).isNull();
    assertThat(cache.find("c")).isNotNull();
  }

  @Test
  void eachClassLoaderHasItsOwnCacheAndTheBootstrapLoaderOneToo() {
    SharedTypePoolCache strategy = new SharedTypePoolCache();
    ClassLoader loader = getClass().getClassLoader();
    assertThat(strategy.locate(loader)).isSameAs(strategy.locate(loader));
    assertThat(strategy.locate(null))
        .isNotSameAs(strategy.locate(loader))
        .isSameAs(strategy.locate(null));
    assertThat(strategy.loaders()).isEqualTo(1);
  }

  @Test
  void theTransformedTypeIsDescribedFromTheBytesBeingTransformed() {
    SharedTypePoolCache strategy = new SharedTypePoolCache();
    TypePool pool =
        strategy.typePool(transformationLocator(GENERATED, generatedList()), loader, GENERATED);

    TypeDescription generated = pool.describe(GENERATED).resolve();

    assertThat(generated.getSuperClass().asErasure().getName()).isEqualTo("java.util.AbstractList");
    assertThat(strategy.locate(loader).find(GENERATED)).isNull();
  }

  @Test
  void theTypesATransformationRefersToComeFromTheClassLoadersCache() {
    SharedTypePoolCache strategy = new SharedTypePoolCache();
    TypeDescription superType =
        strategy
            .typePool(transformationLocator(GENERATED, generatedList()), loader, GENERATED)
            .describe(GENERATED)
            .resolve()
            .getSuperClass()
            .asErasure();
    assertThat(superType.getSuperClass().asErasure().getName())
        .isEqualTo("java.util.AbstractCollection");

    TypePool.Resolution cached = strategy.locate(loader).find("java.util.AbstractList");

    assertThat(cached).isNotNull();
    assertThat(cached.resolve().getDeclaredMethods()).isNotEmpty();
  }

  @Test
  void aTypeOnlyTheTransformationsLocatorFindsIsDescribedButNotCached() {
    SharedTypePoolCache strategy = new SharedTypePoolCache();
    byte[] advice = new ByteBuddy().subclass(Object.class).name(ADVICE).make().getBytes();

    TypePool pool = strategy.typePool(transformationLocator(ADVICE, advice), loader);

    assertThat(pool.describe(ADVICE).isResolved()).isTrue();
    assertThat(strategy.locate(loader).find(ADVICE)).isNull();
  }

  @Test
  void aCachedDescriptionDoesNotKeepTheTransformedClassFileAlive() {
    SharedTypePoolCache strategy = new SharedTypePoolCache();
    byte[] bytes = generatedList();
    WeakReference<byte[]> classFile = new WeakReference<>(bytes);
    strategy
        .typePool(transformationLocator(GENERATED, bytes), loader, GENERATED)
        .describe(GENERATED)
        .resolve()
        .getSuperClass()
        .asErasure()
        .getSuperClass();
    bytes = null;
    // Held here, so the cache keeps it while the transformation's pool and class file may go.
    TypeDescription cached = strategy.locate(loader).find("java.util.AbstractList").resolve();

    assertThat(collected(classFile)).isTrue();
    assertThat(strategy.locate(loader).find("java.util.AbstractList").resolve()).isSameAs(cached);
  }

  @Test
  void aDescriptionNoTransformationUsesIsLetGoAtTheNextCollection() {
    SharedTypePoolCache.BoundedCacheProvider cache =
        new SharedTypePoolCache.BoundedCacheProvider(10);
    TypePool.Resolution resolution = resolved(SharedTypePoolCacheTest.class);
    WeakReference<TypeDescription> description = new WeakReference<>(resolution.resolve());
    cache.register("x", resolution);
    resolution = null;

    assertThat(collected(description)).isTrue();
    assertThat(cache.find("x")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aTypeWhoseDescriptionWasCollectedIsParsedAgainOnUse() {
    SharedTypePoolCache strategy = new SharedTypePoolCache();
    TypePool.CacheProvider cache = strategy.locate(loader);
    TypePool pool = strategy.typePool(ClassFileLocator.ForClassLoader.of(loader), loader);
    WeakReference<TypeDescription> first =
        new WeakReference<>(
            cache.register("java.util.AbstractList", resolved(AbstractList.class)).resolve());
    assertThat(collected(first)).isTrue();

    TypeDescription again = pool.describe("java.util.AbstractList").resolve();

    assertThat(again.getSuperClass().asErasure().getName())
        .isEqualTo("java.util.AbstractCollection");
    assertThat(cache.find("java.util.AbstractList")).isNotNull();
  }
}
