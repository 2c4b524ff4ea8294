package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The key's time-to-live and the early refresh after a refusal, on a fake clock. */
class ApiKeyCacheTest {
  final AtomicLong now = new AtomicLong(1_000);
  static final Duration BUDGET = Duration.ofSeconds(5);

  ApiKeyCache cache(ApiKeySource source) {
    return new ApiKeyCache(source) {
      @Override
      long now() {
        return now.get();
      }
    };
  }

  @Test
  void theKeyIsKeptForTheTtlThenFetchedAgain() throws Exception {
    ApiKeyTest.ScriptedSource source = new ApiKeyTest.ScriptedSource("old-key-123", "new-key-456");
    ApiKeyCache cache = cache(source);

    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    now.addAndGet(ApiKeyCache.TTL.toNanos() - 1);
    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    assertThat(source.fetches).hasValue(1);

    now.addAndGet(1); // before: kept for the life of the container
    assertThat(cache.get(BUDGET).key()).isEqualTo("new-key-456");
    assertThat(source.fetches).hasValue(2);
  }

  @Test
  void aRefusalRefreshesOnceAndOnlyWhenTheSecretChanged() throws Exception {
    ApiKeyTest.ScriptedSource source =
        new ApiKeyTest.ScriptedSource("old-key-123", "old-key-123", "new-key-456");
    ApiKeyCache cache = cache(source);
    KeyScrubber old = cache.get(BUDGET);

    assertThat(cache.refreshAfterRejection(old, BUDGET))
        .isNull(); // the secret still holds the refused key
    assertThat(source.fetches).hasValue(2);
    now.addAndGet(ApiKeyCache.MIN_FORCED_REFRESH.toNanos() - 1);
    assertThat(cache.refreshAfterRejection(old, BUDGET))
        .isNull(); // forced moments ago: no third call
    assertThat(source.fetches).hasValue(2);

    now.addAndGet(1);
    KeyScrubber fresh = cache.refreshAfterRejection(old, BUDGET);
    assertThat(fresh.key()).isEqualTo("new-key-456");
    assertThat(source.fetches).hasValue(3);
    // a call that still used the old key gets the refreshed one without another fetch
    assertThat(cache.refreshAfterRejection(old, BUDGET)).isSameAs(fresh);
    assertThat(source.fetches).hasValue(3);
  }

  @Test
  void aFailedRefreshLeavesTheRefusalAndNoTimeMeansNoFetch() throws Exception {
    ApiKeyTest.ScriptedSource source =
        new ApiKeyTest.ScriptedSource(
            "old-key-123",
            new ApiKeySource.Unavailable("GetSecretValue failed: ThrottlingException (HTTP 400)"));
    ApiKeyCache cache = cache(source);
    KeyScrubber old = cache.get(BUDGET);
    now.addAndGet(ApiKeyCache.TTL.toNanos());

    assertThat(cache.refreshAfterRejection(old, BUDGET)).isNull();
    assertThatThrownBy(() -> cache.get(Duration.ZERO))
        .isInstanceOf(ApiKeySource.Unavailable.class)
        .hasMessageContaining("no time left");
    assertThat(source.fetches).hasValue(2);
  }
}
