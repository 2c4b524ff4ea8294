package dev.ratelimit.asl.local;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One entry of a Task's {@code Retry}, with ASL's defaults filled in.
 *
 * @param maxDelaySeconds the cap on one delay; null when there is none
 * @param fullJitter {@code JitterStrategy} FULL: each delay is drawn uniformly below the computed
 *     one
 */
record Retrier(
    List<String> errorEquals,
    double intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Double maxDelaySeconds,
    boolean fullJitter) {

  static final double DEFAULT_INTERVAL_SECONDS = 1;
  static final int DEFAULT_MAX_ATTEMPTS = 3;
  static final double DEFAULT_BACKOFF_RATE = 2.0;

  Retrier {
    errorEquals = List.copyOf(errorEquals);
  }

  boolean matches(String error) {
    return StatesError.matches(errorEquals, error);
  }

  /** The wait before retry number {@code retriesSoFar + 1}. */
  Duration delay(int retriesSoFar, RandomGenerator random) {
    double seconds = intervalSeconds * Math.pow(backoffRate, retriesSoFar);
    if (maxDelaySeconds != null) {
      seconds = Math.min(seconds, maxDelaySeconds);
    }
    if (fullJitter) {
      seconds = random.nextDouble() * seconds;
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }
}
