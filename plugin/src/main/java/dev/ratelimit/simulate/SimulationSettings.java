package dev.ratelimit.simulate;

import java.util.Objects;

/**
 * The {@code <simulation>} element of {@code ratelimit:simulate} as the POM gives it: the load and
 * the mock vendor API. Unset fields take the defaults below ({@link
 * Simulation.Settings#defaults()}); {@link #toSettings()} checks the rules.
 *
 * <pre>{@code
 * <simulation>
 *   <requests>200</requests>
 *   <concurrency>8</concurrency>
 *   <ratePerSecondPerSource>10</ratePerSecondPerSource>
 *   <burst>10</burst>
 *   <errorRate>0.02</errorRate>
 *   <latencyMillis>20</latencyMillis>
 *   <resetRate>0</resetRate>
 *   <oversizedRate>0</oversizedRate>
 *   <seed>42</seed>
 *   <arrivalRatePerSecond>15</arrivalRatePerSecond>
 *   <sharedAddresses>1</sharedAddresses>
 * </simulation>
 * }</pre>
 */
public final class SimulationSettings {
  // The defaults, defined here only: Simulation.Settings.defaults() and the goal's help use them.
  public static final int DEFAULT_REQUESTS = 200;
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int DEFAULT_RATE = 10;
  public static final int DEFAULT_BURST = 10;
  public static final double DEFAULT_ERROR_RATE = 0.02;
  public static final int DEFAULT_LATENCY_MILLIS = 20;
  public static final long DEFAULT_SEED = 42;

  /** Caller requests in all. */
  private Integer requests;

  /** Callers sending at once; each sends its next request when its last one is answered. */
  private Integer concurrency;

  /** The mock's limit R: requests per second per source address (token bucket refill). */
  private Integer ratePerSecondPerSource;

  /** The mock's bucket capacity per source address. */
  private Integer burst;

  /** Share (0 to 1) of admitted requests the mock answers 503. */
  private Double errorRate;

  /** Milliseconds the mock adds to every answer. */
  private Integer latencyMillis;

  /** Share (0 to 1) of admitted requests whose connection the mock drops. */
  private Double resetRate;

  /** Share (0 to 1) of admitted requests the mock answers with a body above maxResponseBytes. */
  private Double oversizedRate;

  /** Random seed of the mock's faults and the workflow's choices. */
  private Long seed;

  /**
   * A server you run to call instead of the mock (http or https); the build warns. Unset: the mock.
   */
  private String targetUrl;

  /**
   * Open loop: send requests at this steady rate per second whatever the answers, with at most
   * {@code concurrency} in flight. Unset: a closed loop.
   */
  private Double arrivalRatePerSecond;

  /**
   * Under {@code egress} SHARED: how many distinct source addresses AWS hands the proxies (proxy k
   * uses address (k − 1) mod n). By default one, the conservative reading: AWS promises nothing.
   * STATIC_IPS and SUBNETS give every proxy its own address.
   */
  private Integer sharedAddresses;

  public Integer getSharedAddresses() {
    return sharedAddresses;
  }

  public void setSharedAddresses(Integer sharedAddresses) {
    this.sharedAddresses = sharedAddresses;
  }

  public Double getArrivalRatePerSecond() {
    return arrivalRatePerSecond;
  }

  public void setArrivalRatePerSecond(Double arrivalRatePerSecond) {
    this.arrivalRatePerSecond = arrivalRatePerSecond;
  }

  public Integer getRequests() {
    return requests;
  }

  public void setRequests(Integer requests) {
    this.requests = requests;
  }

  public Integer getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(Integer concurrency) {
    this.concurrency = concurrency;
  }

  public Integer getRatePerSecondPerSource() {
    return ratePerSecondPerSource;
  }

  public void setRatePerSecondPerSource(Integer ratePerSecondPerSource) {
    this.ratePerSecondPerSource = ratePerSecondPerSource;
  }

  public Integer getBurst() {
    return burst;
  }

  public void setBurst(Integer burst) {
    this.burst = burst;
  }

  public Double getErrorRate() {
    return errorRate;
  }

  public void setErrorRate(Double errorRate) {
    this.errorRate = errorRate;
  }

  public Integer getLatencyMillis() {
    return latencyMillis;
  }

  public void setLatencyMillis(Integer latencyMillis) {
    this.latencyMillis = latencyMillis;
  }

  public Double getResetRate() {
    return resetRate;
  }

  public void setResetRate(Double resetRate) {
    this.resetRate = resetRate;
  }

  public Double getOversizedRate() {
    return oversizedRate;
  }

  public void setOversizedRate(Double oversizedRate) {
    this.oversizedRate = oversizedRate;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public String getTargetUrl() {
    return targetUrl;
  }

  public void setTargetUrl(String targetUrl) {
    this.targetUrl = targetUrl;
  }

  /** The validated settings, defaults filled in. */
  public Simulation.Settings toSettings() {
    Simulation.Settings d = Simulation.Settings.defaults();
    return new Simulation.Settings(
        or(requests, d.requests()),
        or(concurrency, d.concurrency()),
        or(ratePerSecondPerSource, d.ratePerSecondPerSource()),
        or(burst, d.burst()),
        or(errorRate, d.errorRate()),
        or(latencyMillis, d.latencyMillis()),
        or(resetRate, d.resetRate()),
        or(oversizedRate, d.oversizedRate()),
        or(seed, d.seed()),
        targetUrl == null || targetUrl.isBlank() ? null : targetUrl.trim(),
        or(arrivalRatePerSecond, d.arrivalRatePerSecond()));
  }

  /** {@code <sharedAddresses>}, or its default. */
  public int sharedAddressesOrDefault() {
    return or(sharedAddresses, Simulation.DEFAULT_SHARED_ADDRESSES);
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
