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
  static final ApiKeySource.Unavailable DOWN =
      new ApiKeySource.Unavailable("GetSecretValue failed: SdkClientException", true);
  static final ApiKeySource.Unavailable DENIED =
      new ApiKeySource.Unavailable("GetSecretValue failed: AccessDeniedException (HTTP 400)");

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
    assertThat(source.fetches).hasValue(2);
    ApiKeyCache empty = cache(source);
    assertThatThrownBy(() -> empty.get(Duration.ZERO))
        .isInstanceOf(ApiKeySource.Unavailable.class)
        .hasMessageContaining("no time left");
    assertThat(source.fetches).hasValue(2);
  }

  /**
   * A Secrets Manager outage after the TTL: the key is served stale for up to {@code MAX_STALE},
   * asked for again after 1, 2, 4 ... s (never more often), then refused; a success ends it.
   */
  @Test
  void anOutageServesTheStaleKeyWithBackoffUntilMaxStale() throws Exception {
    ApiKeyTest.ScriptedSource source =
        new ApiKeyTest.ScriptedSource("old-key-123", DOWN, DOWN, DOWN, "new-key-456");
    ApiKeyCache cache = cache(source);
    cache.get(BUDGET);
    now.addAndGet(ApiKeyCache.TTL.toNanos());

    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123"); // refresh failed: stale
    assertThat(source.fetches).hasValue(2);
    now.addAndGet(ApiKeyCache.FIRST_BACKOFF.toNanos() - 1);
    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    assertThat(source.fetches).hasValue(2); // within the backoff: no call
    now.addAndGet(1);
    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    assertThat(source.fetches).hasValue(3);
    now.addAndGet(2 * ApiKeyCache.FIRST_BACKOFF.toNanos() - 1); // the backoff doubled
    cache.get(BUDGET);
    assertThat(source.fetches).hasValue(3);
    now.addAndGet(1);
    cache.get(BUDGET);
    assertThat(source.fetches).hasValue(4);
    now.addAndGet(4 * ApiKeyCache.FIRST_BACKOFF.toNanos());
    assertThat(cache.get(BUDGET).key()).isEqualTo("new-key-456"); // back: fresh again
    assertThat(source.fetches).hasValue(5);
  }

  @Test
  void aKeyTooLongPastItsTtlIsNotServed() throws Exception {
    ApiKeyTest.ScriptedSource source =
        new ApiKeyTest.ScriptedSource("old-key-123", DOWN, DOWN, DOWN);
    ApiKeyCache cache = cache(source);
    cache.get(BUDGET);
    now.addAndGet(ApiKeyCache.TTL.plus(ApiKeyCache.MAX_STALE).toNanos() - 1);
    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    now.addAndGet(1); // even within the backoff that failure set
    assertThatThrownBy(() -> cache.get(BUDGET)).isSameAs(DOWN);
    assertThatThrownBy(() -> cache.get(BUDGET)).isSameAs(DOWN); // and every call asks again
    assertThat(source.fetches).hasValue(4);
  }

  /** Secrets Manager's own no is how an operator cuts the gateway off: no stale key after it. */
  @Test
  void aDecisionDropsTheKeyAtOnce() throws Exception {
    ApiKeyTest.ScriptedSource source = new ApiKeyTest.ScriptedSource("old-key-123", DENIED);
    ApiKeyCache cache = cache(source);
    cache.get(BUDGET);
    now.addAndGet(ApiKeyCache.TTL.toNanos());
    assertThatThrownBy(() -> cache.get(BUDGET)).isSameAs(DENIED);
    assertThatThrownBy(() -> cache.get(BUDGET)).isSameAs(DENIED); // asked again, nothing served
    assertThat(source.fetches).hasValue(3);
  }

  @Test
  void aRefusedKeyWhoseRefreshIsDeniedIsDroppedToo() throws Exception {
    ApiKeyTest.ScriptedSource source = new ApiKeyTest.ScriptedSource("old-key-123", DENIED);
    ApiKeyCache cache = cache(source);
    KeyScrubber old = cache.get(BUDGET);
    assertThat(cache.refreshAfterRejection(old, BUDGET)).isNull();
    assertThatThrownBy(() -> cache.get(BUDGET)).isSameAs(DENIED); // within the TTL, yet dropped
  }

  /** The backoff counts from the failure: a fetch that hangs until its timeout is not repeated. */
  @Test
  void aFetchThatTimesOutIsNotRepeatedOnTheNextCall() throws Exception {
    ApiKeyTest.ScriptedSource script = new ApiKeyTest.ScriptedSource("old-key-123", DOWN);
    ApiKeySource slow =
        () -> {
          if (script.fetches.get() > 0) {
            now.addAndGet(Duration.ofSeconds(10).toNanos()); // the SDK's call timeout
          }
          return script.fetch();
        };
    ApiKeyCache cache = cache(slow);
    cache.get(BUDGET);
    now.addAndGet(ApiKeyCache.TTL.toNanos());
    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    assertThat(cache.get(BUDGET).key()).isEqualTo("old-key-123");
    assertThat(script.fetches).hasValue(2);
  }

  /** No time left in the invocation is not an outage: the stale key, no fetch, no backoff. */
  @Test
  void noTimeToAskServesTheStaleKeyWithoutAsking() throws Exception {
    ApiKeyTest.ScriptedSource source = new ApiKeyTest.ScriptedSource("old-key-123", "new-key-456");
    ApiKeyCache cache = cache(source);
    cache.get(BUDGET);
    now.addAndGet(ApiKeyCache.TTL.toNanos());
    assertThat(cache.get(Duration.ZERO).key()).isEqualTo("old-key-123");
    assertThat(source.fetches).hasValue(1);
    assertThat(cache.get(BUDGET).key()).isEqualTo("new-key-456"); // no backoff was set
  }
}
