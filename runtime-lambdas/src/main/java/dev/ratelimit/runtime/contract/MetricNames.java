package dev.ratelimit.runtime.contract;

/**
 * The names of the gateway's metrics and dimensions (the variables that switch them on are in
 * {@link EnvironmentNames}). Compile-time constants only: the functions' code carries the strings
 * it uses, not this class, and the plugin's dashboard and alarms use the same names.
 */
public final class MetricNames {
  private MetricNames() {}

  public static final String DEFAULT_NAMESPACE = "RateLimitGateway";

  public static final String WORKFLOW = "Workflow";
  public static final String PROXY = "Proxy";

  public static final String COUNT = "Count";
  public static final String MILLISECONDS = "Milliseconds";
  public static final String SECONDS = "Seconds";

  // The proxy's, one line per attempt.
  public static final String ATTEMPTS = "Attempts";
  public static final String UPSTREAM_2XX = "Upstream2xx";
  public static final String UPSTREAM_429 = "Upstream429";
  public static final String UPSTREAM_5XX = "Upstream5xx";
  public static final String UPSTREAM_OTHER = "UpstreamOther";
  public static final String UPSTREAM_NETWORK_ERROR = "UpstreamNetworkError";
  public static final String UPSTREAM_LATENCY = "UpstreamLatency";
  public static final String WAIT_SECONDS = "WaitSeconds";
  public static final String RETRY_AFTER_SECONDS = "RetryAfterSeconds";

  // The orchestrator's, one line per caller request.
  public static final String REQUESTS = "Requests";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String FAILED_4XX = "Failed4xx";
  public static final String FAILED_5XX = "Failed5xx";
  public static final String ATTEMPTS_PER_REQUEST = "AttemptsPerRequest";
  public static final String GATEWAY_LATENCY = "GatewayLatency";
}
