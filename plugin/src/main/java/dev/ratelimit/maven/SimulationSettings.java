package dev.ratelimit.maven;

/**
 * The {@code <simulation>} element of {@code ratelimit:simulate}: the load and the mock vendor API.
 * Unset fields take their defaults; each can also be set as a user property, e.g. {@code
 * -Dratelimit.simulation.requests=500}.
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
public class SimulationSettings {
  /** Caller requests in all. Default 200. */
  private Integer requests;

  /**
   * Callers sending at once; each sends its next request when its last one is answered. Default 8.
   */
  private Integer concurrency;

  /**
   * The mock's limit R: requests per second per source address (token bucket refill). Default 10.
   */
  private Integer ratePerSecondPerSource;

  /** The mock's bucket capacity per source address. Default 10. */
  private Integer burst;

  /** Share (0 to 1) of admitted requests the mock answers 503. Default 0.02. */
  private Double errorRate;

  /** Milliseconds the mock adds to every answer. Default 20. */
  private Integer latencyMillis;

  /** Share (0 to 1) of admitted requests whose connection the mock drops. Default 0. */
  private Double resetRate;

  /**
   * Share (0 to 1) of admitted requests the mock answers with a body above maxResponseBytes.
   * Default 0.
   */
  private Double oversizedRate;

  /** Random seed of the mock's faults and the workflow's choices. Default 42. */
  private Long seed;

  /**
   * A server you run to call instead of the mock (http or https); the build warns. Default: the
   * mock.
   */
  private String targetUrl;

  /**
   * Open loop: send requests at this steady rate per second whatever the answers, with at most
   * {@code concurrency} in flight. Default: none (closed loop).
   */
  private Double arrivalRatePerSecond;

  /**
   * Under {@code egress} SHARED: how many distinct source addresses AWS hands the proxies (proxy k
   * uses address (k − 1) mod n). Default 1, the conservative reading: AWS promises nothing.
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
}
