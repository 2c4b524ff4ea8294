package dev.ratelimit.model;

/**
 * The {@code <alarms>} element as the POM gives it: CloudWatch alarms over the gateway's metrics,
 * notifying an SNS topic (given, not created) when they fire and when they recover. Without {@code
 * topicArn} there are no alarms; the thresholds default to {@link Defaults}. {@link Observability}
 * checks the rules.
 *
 * <pre>{@code
 * <alarms>
 *   <topicArn>arn:aws:sns:us-east-1:123456789012:gateway-alarms</topicArn>
 *   <evaluationMinutes>5</evaluationMinutes>
 *   <failureRatePercent>5</failureRatePercent>
 *   <throttleRatePercent>50</throttleRatePercent>
 *   <p95LatencyMillis>10000</p95LatencyMillis>
 * </alarms>
 * }</pre>
 */
public final class AlarmSettings {
  /** ARN of the standard SNS topic to notify. Required for any alarm. */
  private String topicArn;

  /** How many consecutive one-minute periods a condition must hold before the alarm fires. */
  private Integer evaluationMinutes;

  /** Fire when more than this percentage of caller requests fail. */
  private Double failureRatePercent;

  /** Fire when the vendor answers 429 to more than this percentage of one proxy's attempts. */
  private Double throttleRatePercent;

  /** Fire when the callers' 95th percentile latency is above this many milliseconds. */
  private Integer p95LatencyMillis;

  public String getTopicArn() {
    return topicArn;
  }

  public void setTopicArn(String topicArn) {
    this.topicArn = topicArn;
  }

  public Integer getEvaluationMinutes() {
    return evaluationMinutes;
  }

  public void setEvaluationMinutes(Integer evaluationMinutes) {
    this.evaluationMinutes = evaluationMinutes;
  }

  public Double getFailureRatePercent() {
    return failureRatePercent;
  }

  public void setFailureRatePercent(Double failureRatePercent) {
    this.failureRatePercent = failureRatePercent;
  }

  public Double getThrottleRatePercent() {
    return throttleRatePercent;
  }

  public void setThrottleRatePercent(Double throttleRatePercent) {
    this.throttleRatePercent = throttleRatePercent;
  }

  public Integer getP95LatencyMillis() {
    return p95LatencyMillis;
  }

  public void setP95LatencyMillis(Integer p95LatencyMillis) {
    this.p95LatencyMillis = p95LatencyMillis;
  }

  /** Whether a threshold is set (they need a topic). */
  boolean hasThresholds() {
    return evaluationMinutes != null
        || failureRatePercent != null
        || throttleRatePercent != null
        || p95LatencyMillis != null;
  }
}
