package dev.ratelimit.model;

import java.util.regex.Pattern;

/**
 * What the gateway reports: its metrics (CloudWatch embedded metric format lines from the
 * functions, a dashboard over them) and, optionally, alarms that notify an SNS topic.
 *
 * @param metrics whether the functions emit metrics and the template has the dashboard
 * @param namespace the metrics' CloudWatch namespace
 * @param alarms null: no alarms
 */
public record Observability(boolean metrics, String namespace, Alarms alarms) {
  public static final String DEFAULT_NAMESPACE = Defaults.METRICS_NAMESPACE;
  private static final String TOPIC_EXAMPLE = "arn:aws:sns:us-east-1:123456789012:gateway-alarms";

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9 ._/#:-]{1,255}");
  private static final Pattern TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");

  /**
   * The alarms, each notifying {@code topicArn} when it fires and when it recovers.
   *
   * @param topicArn the SNS topic to notify (given, not created)
   * @param evaluationMinutes how long a condition must hold, in one-minute periods
   * @param failureRatePercent callers' failures above this share of requests
   * @param throttleRatePercent a proxy's 429 answers above this share of its attempts
   * @param p95LatencyMillis the callers' 95th percentile latency above this
   */
  public record Alarms(
      String topicArn,
      int evaluationMinutes,
      double failureRatePercent,
      double throttleRatePercent,
      int p95LatencyMillis) {
    /** The thresholds' defaults, without a topic. */
    public static final Alarms DEFAULTS =
        new Alarms(
            null,
            Defaults.ALARMS_EVALUATION_MINUTES,
            Defaults.ALARMS_FAILURE_RATE_PERCENT,
            Defaults.ALARMS_THROTTLE_RATE_PERCENT,
            Defaults.ALARMS_P95_LATENCY_MILLIS);
  }

  /** Metrics on, default namespace, no alarms. */
  public static Observability defaults() {
    return new Observability(true, DEFAULT_NAMESPACE, null);
  }

  /**
   * Validates the raw settings; null takes the default.
   *
   * @param alarms without a topic: no alarms (then no threshold may be set)
   */
  static Observability of(Boolean metrics, String namespace, AlarmSettings alarms) {
    boolean on = Check.or(metrics, Defaults.METRICS);
    String ns = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim();
    if (!NAMESPACE.matcher(ns).matches() || ns.startsWith("AWS/")) {
      throw new InvalidConfigurationException(
          "metricsNamespace",
          namespace,
          "a CloudWatch namespace has 1 to 255 letters, digits, spaces or ._/#:- and does not start"
              + " with AWS/",
          DEFAULT_NAMESPACE);
    }
    String topic = Check.blankToNull(alarms.getTopicArn());
    if (topic == null) {
      if (alarms.hasThresholds()) {
        throw new InvalidConfigurationException(
            "alarms.topicArn",
            null,
            "alarm thresholds are set, but alarms are off until they have an SNS topic to notify",
            TOPIC_EXAMPLE);
      }
      return new Observability(on, ns, null);
    }
    if (!TOPIC_ARN.matcher(topic).matches()) {
      throw new InvalidConfigurationException(
          "alarms.topicArn",
          alarms.getTopicArn(),
          "must be the ARN of a standard SNS topic (alarms cannot notify FIFO topics)",
          TOPIC_EXAMPLE);
    }
    if (!on) {
      throw new InvalidConfigurationException(
          "metrics",
          false,
          "alarms watch the gateway's metrics; with "
              + InvalidConfigurationException.element("alarms.topicArn")
              + " set, metrics must stay on",
          "true");
    }
    int minutes = Check.or(alarms.getEvaluationMinutes(), Defaults.ALARMS_EVALUATION_MINUTES);
    if (minutes < 1 || minutes > 1440) {
      throw new InvalidConfigurationException(
          "alarms.evaluationMinutes",
          minutes,
          "must be from 1 to 1440 (a day of one-minute periods)",
          "5");
    }
    double failure =
        percent(
            "alarms.failureRatePercent",
            alarms.getFailureRatePercent(),
            Defaults.ALARMS_FAILURE_RATE_PERCENT,
            "5");
    double throttle =
        percent(
            "alarms.throttleRatePercent",
            alarms.getThrottleRatePercent(),
            Defaults.ALARMS_THROTTLE_RATE_PERCENT,
            "50");
    int p95 = Check.or(alarms.getP95LatencyMillis(), Defaults.ALARMS_P95_LATENCY_MILLIS);
    if (p95 < 1 || p95 > 31_536_000) {
      throw new InvalidConfigurationException(
          "alarms.p95LatencyMillis",
          p95,
          "must be from 1 ms upwards (and at most a year)",
          "10000");
    }
    return new Observability(on, ns, new Alarms(topic, minutes, failure, throttle, p95));
  }

  private static double percent(String parameter, Double value, double dflt, String example) {
    double v = value == null ? dflt : value;
    if (!(v >= 0 && v < 100)) {
      throw new InvalidConfigurationException(
          parameter, value, "must be a percentage from 0 to below 100", example);
    }
    return v;
  }
}
