package dev.ratelimit.runtime.contract;

/**
 * The environment variables the generated template sets on the functions and the functions read
 * (their whole configuration: the caller's request never carries any of it). Compile-time constants
 * only: the functions carry the strings they use, not this class.
 */
public final class EnvironmentNames {
  private EnvironmentNames() {}

  // The proxy's.
  public static final String TARGET_URL = "RATELIMIT_TARGET_URL";
  public static final String REQUEST_TIMEOUT_SECONDS = "RATELIMIT_REQUEST_TIMEOUT_SECONDS";
  public static final String MAX_RESPONSE_BYTES = "RATELIMIT_MAX_RESPONSE_BYTES";
  public static final String SUCCESS_ON = "RATELIMIT_SUCCESS_ON";
  public static final String RETRY_ON = "RATELIMIT_RETRY_ON";
  public static final String BACKOFF_INITIAL_DELAY_SECONDS =
      "RATELIMIT_BACKOFF_INITIAL_DELAY_SECONDS";
  public static final String BACKOFF_MULTIPLIER = "RATELIMIT_BACKOFF_MULTIPLIER";
  public static final String BACKOFF_MAX_DELAY_SECONDS = "RATELIMIT_BACKOFF_MAX_DELAY_SECONDS";
  public static final String BACKOFF_JITTER = "RATELIMIT_BACKOFF_JITTER";
  public static final String HONOR_RETRY_AFTER = "RATELIMIT_HONOR_RETRY_AFTER";
  public static final String MAX_RETRY_AFTER_SECONDS = "RATELIMIT_MAX_RETRY_AFTER_SECONDS";

  /** Seconds from the execution's start by which it must have its answer. */
  public static final String DEADLINE_SECONDS = "RATELIMIT_DEADLINE_SECONDS";

  /** ARN of the Secrets Manager secret whose {@code SecretString} is the vendor's API key. */
  public static final String API_KEY_SECRET_ARN = "RATELIMIT_API_KEY_SECRET_ARN";

  /** The request header the proxy sets to the API key on every upstream call. */
  public static final String API_KEY_HEADER = "RATELIMIT_API_KEY_HEADER";

  // Both functions', with one meaning.
  /** Header names a caller may send upstream, comma separated; set but empty: none. */
  public static final String FORWARD_HEADERS = "RATELIMIT_FORWARD_HEADERS";

  /**
   * {@code true}: the caller's {@code cookie} header goes upstream and the vendor's {@code
   * Set-Cookie} values come back; default {@code false}: both are dropped.
   */
  public static final String FORWARD_COOKIES = "RATELIMIT_FORWARD_COOKIES";

  /** The metrics' namespace; unset or blank: the function emits no metrics. */
  public static final String METRICS_NAMESPACE = "RATELIMIT_METRICS_NAMESPACE";

  /** The value of the metrics' {@code Workflow} dimension (the workflow's name). */
  public static final String METRICS_WORKFLOW = "RATELIMIT_METRICS_WORKFLOW";

  // The orchestrator's.
  public static final String STATE_MACHINE_ARN = "RATELIMIT_STATE_MACHINE_ARN";
  public static final String WORKFLOW_TYPE = "RATELIMIT_WORKFLOW_TYPE";

  /** The largest workflow input (the request as JSON, as serialized). */
  public static final String MAX_REQUEST_BYTES = "RATELIMIT_MAX_REQUEST_BYTES";

  public static final String WORKFLOW_TIMEOUT_SECONDS = "RATELIMIT_WORKFLOW_TIMEOUT_SECONDS";

  // Set by Lambda.
  public static final String AWS_REGION = "AWS_REGION";

  /** The function's name: the proxy's metrics' {@code Proxy} dimension. */
  public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
}
