package dev.ratelimit.model;

import dev.ratelimit.runtime.proxy.Backoff;
import java.math.BigDecimal;

/**
 * The wait schedule between attempts: initial × multiplier^(attempt−1), capped, optionally
 * jittered.
 */
public record BackoffPolicy(
    int initialDelaySeconds, double multiplier, int maxDelaySeconds, Jitter jitter) {

  /** The schedule of an empty {@code <backoff>}. */
  public static final BackoffPolicy DEFAULTS = new BackoffSettings().toPolicy();

  /**
   * The longest wait after {@code attempt} fails (jitter only ever shortens it). Same maths as the
   * proxy.
   */
  public int capSeconds(int attempt) {
    return new Backoff(initialDelaySeconds, multiplier, maxDelaySeconds, jitter == Jitter.FULL)
        .capSeconds(attempt);
  }

  /** The multiplier as the proxy's environment gets it, e.g. {@code 2.0} or {@code 1.5}. */
  public String multiplierText() {
    BigDecimal d = BigDecimal.valueOf(multiplier).stripTrailingZeros();
    return (d.scale() <= 0 ? d.setScale(1) : d).toPlainString();
  }
}
