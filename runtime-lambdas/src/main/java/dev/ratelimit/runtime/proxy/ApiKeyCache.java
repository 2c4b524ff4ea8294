package dev.ratelimit.runtime.proxy;

import static dev.ratelimit.runtime.contract.EnvironmentNames.API_KEY_HEADER;
import static dev.ratelimit.runtime.contract.EnvironmentNames.API_KEY_SECRET_ARN;
import static dev.ratelimit.runtime.contract.ProxyError.SECRET_UNAVAILABLE;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;

/**
 * The vendor key of one execution environment, kept for {@link #TTL} so that a rotated key reaches
 * a warm proxy within minutes, and refreshed early when the vendor refuses it. One fetch at a time.
 * Without a key, a failure is not kept: the next call asks again. With one, a transient failure of
 * the refresh (Secrets Manager unreachable, throttling, its 5xx) keeps serving it for up to {@link
 * #MAX_STALE} past its TTL, asking again after a backoff of 1 s doubling to 128 s (the AWS Secrets
 * Manager caching client's schedule), so that an outage does not turn every call into a 503 while
 * the vendor still takes the key; a key the vendor has revoked is refused (401/403) and its forced
 * refresh fails, so that answer stands. Secrets Manager's own no (access denied, no such secret, a
 * disabled KMS key, a value that is no key) drops the key at once: the secret is how an operator
 * cuts the gateway off.
 *
 * <p>300 s is the AWS Parameters and Secrets Lambda extension's default: at most one {@code
 * GetSecretValue} per container every five minutes in steady state (a hot path of 5 s, Powertools'
 * default, would cost a call per container every few requests), while a rotation that removes the
 * old key still heals on the first 401/403 through {@link #refreshAfterRejection}.
 *
 * <p>All of the handler's key handling that can live outside it lives here or in {@link
 * KeyScrubber}: both ship in the proxy-secrets jar only (the plain proxy jar refuses a configured
 * key at init, so none of it runs there).
 */
class ApiKeyCache {
  static final Duration TTL = Duration.ofSeconds(300);

  /**
   * Least time between two fetches forced by a refusal: an endpoint that always answers 403 costs
   * at most one extra Secrets Manager call per container every 5 s, not one per request.
   */
  static final Duration MIN_FORCED_REFRESH = Duration.ofSeconds(5);

  /** How long past its TTL a key is served while its refresh fails. */
  static final Duration MAX_STALE = Duration.ofHours(1);

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(128);

  /** A key for SnapStart's priming: no Secrets Manager call enters the snapshot. */
  static final ApiKeySource STAND_IN = () -> "priming";

  /** Why the plain proxy jar refuses a configured key (the handler adds what to deploy instead). */
  static final String NO_SUPPORT =
      API_KEY_SECRET_ARN + " is set, but this deployment jar has no Secrets Manager support";

  /**
   * Kept of an invocation's time: 1 s for the proxy to answer before Lambda ends the function and
   * 0.5 s for the HTTP client's own timeouts (the handler's reserves), and the least an upstream
   * request needs (which a key fetch leaves it, and a retry with a refreshed key must still have).
   */
  private static final int RESERVE_MILLIS = 1000 + 500 + 1000;

  private final ApiKeySource source;
  private KeyScrubber current; // null until fetched
  private long fetchedAt;
  private Long forcedAt; // last fetch forced by a refusal; null: none yet
  private long retryAt; // while a stale key is served: no refresh before this
  private long backoff; // nanoseconds; 0: the last refresh succeeded

  ApiKeyCache(ApiKeySource source) {
    this.source = source;
  }

  /**
   * The cache for the handler's configured key: from {@code source}, or when that is null from the
   * Secrets Manager source for {@link ProxyConfig#apiKeySecretArn()}.
   *
   * @throws IllegalArgumentException when a source is given but no key header is configured
   * @throws IllegalStateException when the Secrets Manager source is missing or cannot be built
   */
  static ApiKeyCache of(ProxyConfig config, ApiKeySource source) {
    if (config.apiKeyHeader() == null) {
      throw new IllegalArgumentException(
          "an ApiKeySource was given but " + API_KEY_HEADER + " is not set");
    }
    return new ApiKeyCache(source != null ? source : secretsManager(config.apiKeySecretArn()));
  }

  /** The Secrets Manager source, loaded by name: only the proxy-secrets jar has the AWS SDK. */
  private static ApiKeySource secretsManager(String secretArn) {
    Class<?> type;
    try {
      type = Class.forName(ApiKeySource.SECRETS_MANAGER);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          NO_SUPPORT
              + " ("
              + ApiKeySource.SECRETS_MANAGER
              + " is missing): deploy the proxy-secrets jar",
          e);
    }
    try {
      return (ApiKeySource) type.getConstructor(String.class).newInstance(secretArn);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          "the Secrets Manager client could not be built: " + cause, cause);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot instantiate " + ApiKeySource.SECRETS_MANAGER, e);
    }
  }

  /**
   * SnapStart's priming: adds the key's variables to the priming proxy's environment {@code env}
   * and returns {@link #STAND_IN} as its source.
   */
  static ApiKeySource priming(ProxyConfig config, Map<String, String> env) {
    env.put(API_KEY_SECRET_ARN, config.apiKeySecretArn());
    env.put(API_KEY_HEADER, config.apiKeyHeader());
    return STAND_IN;
  }

  /**
   * What a key fetch may take in this invocation: the time left once {@link #RESERVE_MILLIS} is set
   * aside; a day when there is no Lambda deadline (tests, local simulation: the source's own bound
   * applies).
   */
  static Duration budget(Context context) {
    int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
    return remaining <= 0
        ? Duration.ofDays(1)
        : Duration.ofMillis(Math.max(0, remaining - RESERVE_MILLIS));
  }

  /**
   * The key for one invocation, fetched within its {@link #budget}.
   *
   * @throws ProxyHandler.Refusal ({@code SecretUnavailable}) when it cannot be had: the
   *     invocation's answer
   */
  KeyScrubber get(Context context) throws ProxyHandler.Refusal {
    try {
      return get(budget(context));
    } catch (ApiKeySource.Unavailable e) {
      throw new ProxyHandler.Refusal(SECRET_UNAVAILABLE, "API key unavailable: " + e.getMessage());
    }
  }

  /**
   * After the vendor refused {@code rejected} (401/403) in this invocation: the key to send the
   * request again with, or null when there is none ({@link #refreshAfterRejection}) or the
   * invocation has no time left for another request.
   */
  KeyScrubber refreshAfterRejection(KeyScrubber rejected, Context context) {
    KeyScrubber fresh = refreshAfterRejection(rejected, budget(context));
    int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
    return remaining > 0 && remaining < RESERVE_MILLIS ? null : fresh;
  }

  /** Nanoseconds of a monotonic clock; tests override it. */
  long now() {
    return System.nanoTime();
  }

  /** The key (with its scrubber), fetched when there is none or it is older than the TTL. */
  synchronized KeyScrubber get(Duration budget) throws ApiKeySource.Unavailable {
    long now = now();
    if (current == null) {
      return fetch(budget);
    }
    long age = now - fetchedAt;
    boolean tooOld = age >= TTL.plus(MAX_STALE).toNanos();
    if (age < TTL.toNanos()
        || (!tooOld && ((backoff > 0 && now - retryAt < 0) || budget.toMillis() < 1))) {
      return current; // fresh; or stale while the store is down or this call has no time to ask
    }
    try {
      return fetch(budget);
    } catch (ApiKeySource.Unavailable e) {
      if (tooOld || !e.transientFailure()) {
        current = null;
        backoff = 0;
        throw e;
      }
      backoff =
          backoff == 0 ? FIRST_BACKOFF.toNanos() : Math.min(2 * backoff, MAX_BACKOFF.toNanos());
      retryAt = now() + backoff; // from the failure: a fetch that timed out took its time
      return current; // stale, not yet too old: the vendor decides whether it still holds
    }
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
      if (!e.transientFailure()) {
        current = null;
        backoff = 0;
      }
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
    backoff = 0;
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
