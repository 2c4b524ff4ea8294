package dev.ratelimit.model;

import dev.ratelimit.runtime.proxy.ProxyConfig;

/**
 * The {@code <backoff>} element as the POM gives it: the wait between attempts when the vendor
 * names none. Unset fields take their {@link Defaults}; {@link #toPolicy()} checks the rules. Maven
 * fills it for the {@code <backoff>} parameter; {@link WorkflowSettings} writes its backoff setters
 * into it.
 *
 * <pre>{@code
 * <backoff>
 *   <initialDelaySeconds>1</initialDelaySeconds>
 *   <multiplier>2.0</multiplier>
 *   <maxDelaySeconds>30</maxDelaySeconds>
 *   <jitter>FULL</jitter>
 * </backoff>
 * }</pre>
 */
public final class BackoffSettings {
  /** Wait before attempt 2, in seconds; 0 rotates to the next proxy at once. */
  private Integer initialDelaySeconds;

  /** Growth of the wait per attempt, at least 1.0. */
  private Double multiplier;

  /** Cap on one wait, in seconds. */
  private Integer maxDelaySeconds;

  /** {@code FULL} (AWS's "full jitter": uniform between 0 and the wait) or {@code NONE}. */
  private String jitter;

  public Integer getInitialDelaySeconds() {
    return initialDelaySeconds;
  }

  public void setInitialDelaySeconds(Integer initialDelaySeconds) {
    this.initialDelaySeconds = initialDelaySeconds;
  }

  public Double getMultiplier() {
    return multiplier;
  }

  public void setMultiplier(Double multiplier) {
    this.multiplier = multiplier;
  }

  public Integer getMaxDelaySeconds() {
    return maxDelaySeconds;
  }

  public void setMaxDelaySeconds(Integer maxDelaySeconds) {
    this.maxDelaySeconds = maxDelaySeconds;
  }

  public String getJitter() {
    return jitter;
  }

  public void setJitter(String jitter) {
    this.jitter = jitter;
  }

  /** The validated schedule, defaults filled in. */
  BackoffPolicy toPolicy() {
    int initial =
        Check.range(
            "backoff.initialDelaySeconds",
            Check.or(initialDelaySeconds, Defaults.BACKOFF_INITIAL_DELAY_SECONDS),
            0,
            ProxyConfig.MAX_WAIT_SECONDS,
            "1");
    double mult = Check.or(multiplier, Defaults.BACKOFF_MULTIPLIER);
    if (!(mult >= 1.0 && mult <= ProxyConfig.MAX_BACKOFF_MULTIPLIER)) {
      throw new InvalidConfigurationException(
          "backoff.multiplier",
          multiplier,
          "must be from 1.0 (constant waits) to " + ProxyConfig.MAX_BACKOFF_MULTIPLIER,
          "2.0");
    }
    int maxDelay =
        Check.range(
            "backoff.maxDelaySeconds",
            Check.or(maxDelaySeconds, Defaults.BACKOFF_MAX_DELAY_SECONDS),
            0,
            ProxyConfig.MAX_WAIT_SECONDS,
            "30");
    if (maxDelay < initial) {
      throw new InvalidConfigurationException(
          "backoff.maxDelaySeconds",
          maxDelay,
          "must be at least "
              + InvalidConfigurationException.element("backoff.initialDelaySeconds")
              + " ("
              + initial
              + ")",
          String.valueOf(Math.max(30, initial)));
    }
    Jitter jit =
        Check.choice(
            "backoff.jitter", Check.or(jitter, Defaults.BACKOFF_JITTER), Jitter.class, "FULL");
    return new BackoffPolicy(initial, mult, maxDelay, jit);
  }
}
