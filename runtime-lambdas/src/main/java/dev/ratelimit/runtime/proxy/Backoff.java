package dev.ratelimit.runtime.proxy;

import java.util.random.RandomGenerator;

/**
 * The wait schedule between attempts. Shared with the Maven plugin, whose time-budget checks must
 * use exactly the proxy's maths.
 */
public final class Backoff {
  // Absorbs binary floating-point error so that e.g. 10 × 1.1 (= 11.000000000000002) is 11, not 12.
  private static final double EPSILON = 1e-9;

  private final int initialDelaySeconds;
  private final double multiplier;
  private final int maxDelaySeconds;
  private final boolean fullJitter;

  public Backoff(
      int initialDelaySeconds, double multiplier, int maxDelaySeconds, boolean fullJitter) {
    if (initialDelaySeconds < 0) {
      throw new IllegalArgumentException(
          "initialDelaySeconds must be >= 0, got " + initialDelaySeconds);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1.0, got " + multiplier);
    }
    if (maxDelaySeconds < 0) {
      throw new IllegalArgumentException("maxDelaySeconds must be >= 0, got " + maxDelaySeconds);
    }
    this.initialDelaySeconds = initialDelaySeconds;
    this.multiplier = multiplier;
    this.maxDelaySeconds = maxDelaySeconds;
    this.fullJitter = fullJitter;
  }

  /**
   * ceil(initial × multiplier^(attempt−1)) capped at maxDelaySeconds; attempt ≥ 1 (the attempt that
   * just failed).
   */
  public int capSeconds(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
    double raw = initialDelaySeconds * Math.pow(multiplier, attempt - 1);
    if (!(raw < maxDelaySeconds)) { // also catches overflow to infinity
      return maxDelaySeconds;
    }
    return (int) Math.min(maxDelaySeconds, Math.max(0, (long) Math.ceil(raw - EPSILON)));
  }

  /** full jitter: uniform whole number in [0, capSeconds(attempt)]; NONE: capSeconds(attempt). */
  public int draw(int attempt, RandomGenerator random) {
    int cap = capSeconds(attempt);
    return fullJitter ? random.nextInt(cap + 1) : cap;
  }

  public int initialDelaySeconds() {
    return initialDelaySeconds;
  }

  public double multiplier() {
    return multiplier;
  }

  public int maxDelaySeconds() {
    return maxDelaySeconds;
  }

  public boolean fullJitter() {
    return fullJitter;
  }

  @Override
  public String toString() {
    return "Backoff[initial="
        + initialDelaySeconds
        + "s, multiplier="
        + multiplier
        + ", max="
        + maxDelaySeconds
        + "s, jitter="
        + (fullJitter ? "FULL" : "NONE")
        + "]";
  }
}
