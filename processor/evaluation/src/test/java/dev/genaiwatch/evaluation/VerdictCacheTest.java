package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictCacheTest {

  @Test
  void keyDependsOnWhereOnePartEndsAndTheNextBegins() {
    assertThat(VerdictCache.key("ab", "c")).isNotEqualTo(VerdictCache.key("a", "bc"));
  }

  @Test
  void leastRecentlyUsedEntryIsEvictedFirst() {
    VerdictCache cache = new VerdictCache(2);
    JudgeVerdict v = new JudgeVerdict(1, "l", "e");
    cache.put("a", v);
    cache.put("b", v);
    cache.get("a");
    cache.put("c", v);
    assertThat(cache.get("a")).isEqualTo(v);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("c")).isEqualTo(v);
  }
}
