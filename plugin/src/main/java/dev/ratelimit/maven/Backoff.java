package dev.ratelimit.maven;

/**
 * The {@code <backoff>} element: the wait between attempts when the vendor sends no usable {@code
 * Retry-After}. Unset fields take their defaults; each can also be set as a user property, e.g.
 * {@code -Dratelimit.backoff.initialDelaySeconds=0}.
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
public class Backoff {
  /** Wait before attempt 2, in seconds; 0 rotates to the next proxy at once. Default 1. */
  private Integer initialDelaySeconds;

  /** Growth of the wait per attempt, at least 1.0. Default 2.0. */
  private Double multiplier;

  /** Cap on one wait, in seconds. Default 30. */
  private Integer maxDelaySeconds;

  /**
   * {@code FULL} (AWS's "full jitter": uniform between 0 and the wait) or {@code NONE}. Default
   * FULL.
   */
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
}
