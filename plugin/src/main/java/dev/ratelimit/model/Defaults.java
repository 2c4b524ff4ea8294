package dev.ratelimit.model;

import dev.ratelimit.runtime.contract.HeaderRules;
import dev.ratelimit.runtime.contract.MetricNames;

/**
 * The default of every parameter that has one, defined here only (SPEC §3's default column). The
 * builder applies them to unset values; the mojos' {@code @Parameter(defaultValue = "" + ...)}
 * refer to them, so {@code ratelimit:help} and the plugin descriptor show the same values. Three
 * defaults are not constants: {@code maxAttempts} depends on {@code proxies} ({@link
 * #maxAttempts}), {@code deadlineSeconds} on {@code workflowType} (the runtime's EXPRESS maximum,
 * or {@link WorkflowSpec#STANDARD_DEFAULT_DEADLINE_SECONDS}), and {@code forwardHeaders} is a list
 * ({@link HeaderRules#DEFAULT_FORWARD}). The simulation's are in {@code SimulationSettings}.
 */
public final class Defaults {
  public static final boolean ALLOW_INSECURE_HTTP = false;
  public static final int PROXIES = 3;

  /** maxAttempts is max(this, proxies). */
  public static final int MIN_DEFAULT_ATTEMPTS = 3;

  public static final String RETRY_ON = "429,500,502,503,504";
  public static final String SUCCESS_ON = "200-299";
  public static final boolean RETRY_ON_NETWORK_ERRORS = true;
  public static final boolean RETRY_NON_IDEMPOTENT = false;
  public static final int BACKOFF_INITIAL_DELAY_SECONDS = 1;
  public static final double BACKOFF_MULTIPLIER = 2.0;
  public static final int BACKOFF_MAX_DELAY_SECONDS = 30;
  public static final String BACKOFF_JITTER = "FULL";
  public static final boolean HONOR_RETRY_AFTER = true;
  public static final int MAX_RETRY_AFTER_SECONDS = 60;
  public static final String WORKFLOW_TYPE = "EXPRESS";
  public static final int REQUEST_TIMEOUT_SECONDS = 10;
  public static final int MAX_RESPONSE_BYTES = 200_000;
  public static final boolean FORWARD_COOKIES = false;
  public static final String LAMBDA_RUNTIME = "java21";
  public static final String ARCHITECTURE = "arm64";
  public static final int MEMORY_SIZE = 512;
  public static final int LOG_RETENTION_DAYS = 14;
  public static final boolean TRACING = false;

  /**
   * Every runtime here (java21, java25) supports SnapStart on both architectures (AWS: Java 11 and
   * later, x86_64 and arm64; cfn-lint E2530 agrees).
   */
  public static final boolean SNAP_START = true;

  public static final String TEMPLATE_FORMAT = "YAML";
  public static final String FUNCTION_URL_AUTH = "AWS_IAM";
  public static final String EGRESS = "SHARED";
  public static final boolean METRICS = true;

  /** The runtime's own default, which the functions use when the template sets none. */
  public static final String METRICS_NAMESPACE = MetricNames.DEFAULT_NAMESPACE;

  public static final int ALARMS_EVALUATION_MINUTES = 5;
  public static final double ALARMS_FAILURE_RATE_PERCENT = 5;
  public static final double ALARMS_THROTTLE_RATE_PERCENT = 50;
  public static final int ALARMS_P95_LATENCY_MILLIS = 10000;

  private Defaults() {}

  /**
   * maxAttempts' default: at least {@value #MIN_DEFAULT_ATTEMPTS} attempts (two retries) even with
   * one or two proxies, and with more proxies one attempt per proxy, so that a run of retries can
   * reach every source address.
   */
  public static int maxAttempts(int proxies) {
    return Math.max(MIN_DEFAULT_ATTEMPTS, proxies);
  }
}
