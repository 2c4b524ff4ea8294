package dev.ratelimit.runtime.proxy;

import java.time.Duration;

/**
 * The vendor key of one execution environment, kept for {@link #TTL} so that a rotated key reaches
 * a warm proxy within minutes, and refreshed early when the vendor refuses it. One fetch at a time;
 * a failure is not kept, so the next call asks again.
 *
 * <p>300 s is the AWS Parameters and Secrets Lambda extension's default: at most one {@code
 * GetSecretValue} per container every five minutes in steady state (a hot path of 5 s, Powertools'
 * default, would cost a call per container every few requests), while a rotation that removes the
 * old key still heals on the first 401/403 through {@link #refreshAfterRejection}.
 */
class ApiKeyCache {
  static final Duration TTL = Duration.ofSeconds(300);

  /**
   * Least time between two fetches forced by a refusal: an endpoint that always answers 403 costs
   * at most one extra Secrets Manager call per container every 5 s, not one per request.
   */
  static final Duration MIN_FORCED_REFRESH = Duration.ofSeconds(5);

  /** A key for SnapStart's priming: no Secrets Manager call enters the snapshot. */
  static final ApiKeySource STAND_IN = () -> "priming";

  private final ApiKeySource source;
  private KeyScrubber current; // null until fetched
  private long fetchedAt;
  private Long forcedAt; // last fetch forced by a refusal; null: none yet

  ApiKeyCache(ApiKeySource source) {
    this.source = source;
  }

  /** Nanoseconds of a monotonic clock; tests override it. */
  long now() {
    return System.nanoTime();
  }

  /** The key (with its scrubber), fetched when there is none or it is older than the TTL. */
  synchronized KeyScrubber get(Duration budget) throws ApiKeySource.Unavailable {
    if (current != null && now() - fetchedAt < TTL.toNanos()) {
      return current;
    }
    return fetch(budget);
  }

  /**
   * After the vendor refused {@code rejected} (401/403): the key to retry with, or null when there
   * is no other (the secret still holds the refused key, another refusal forced a fetch moments
   * ago, or the fetch failed).
   */
  synchronized KeyScrubber refreshAfterRejection(KeyScrubber rejected, Duration budget) {
    if (current != null && current != rejected) {
      return current; // another call refreshed already
    }
    long now = now();
    if (forcedAt != null && now - forcedAt < MIN_FORCED_REFRESH.toNanos()) {
      return null;
    }
    forcedAt = now;
    try {
      KeyScrubber fresh = fetch(budget);
      return fresh.key().equals(rejected.key()) ? null : fresh;
    } catch (ApiKeySource.Unavailable e) {
      return null; // the vendor's refusal stands as the answer
    }
  }

  private KeyScrubber fetch(Duration budget) throws ApiKeySource.Unavailable {
    if (budget.toMillis() < 1) {
      throw new ApiKeySource.Unavailable("no time left in the invocation to fetch the key");
    }
    String fetched;
    try {
      fetched = source.fetch(budget);
    } catch (RuntimeException e) {
      // Only the type: a message could hold anything.
      throw new ApiKeySource.Unavailable("fetch failed with ".concat(e.getClass().getName()));
    }
    String key = checkedKey(fetched);
    if (current == null || !current.key().equals(key)) {
      current = new KeyScrubber(key);
    }
    fetchedAt = now();
    return current;
  }

  /** The trimmed key, if it can travel in a header; never quotes it. */
  private static String checkedKey(String raw) throws ApiKeySource.Unavailable {
    String key = raw == null ? "" : raw.strip();
    if (key.isEmpty()) {
      throw new ApiKeySource.Unavailable("the secret's value is empty");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new ApiKeySource.Unavailable(
            "the secret's value is not a valid header value" + " (printable ASCII only)");
      }
    }
    return key;
  }
}
