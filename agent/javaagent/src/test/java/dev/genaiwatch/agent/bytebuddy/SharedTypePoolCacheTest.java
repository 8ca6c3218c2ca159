package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class SharedTypePoolCacheTest {
  private static TypePool.Resolution resolved(Class<?> type) {
    return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
  }

  @Test
  void aResolvedTypeIsFoundAgain() {
    SharedTypePoolCache.BoundedCacheProvider cache =
        new SharedTypePoolCache.BoundedCacheProvider(10);
    TypePool.Resolution resolution = resolved(String.class);
    cache.register("java.lang.String", resolution);
    assertThat(cache.find("java.lang.String")).isSameAs(resolution);
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
    cache.register("a", resolved(String.class));
    cache.register("b", resolved(Integer.class));
    cache.find("a");
    cache.register("c", resolved(Long.class));
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
}
