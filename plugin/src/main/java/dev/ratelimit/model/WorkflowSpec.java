package dev.ratelimit.model;

import dev.ratelimit.runtime.contract.ProxyNaming;
import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.orchestrator.OrchestratorConfig;
import dev.ratelimit.runtime.proxy.Deadline;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One retry gateway, fully validated. Built only through {@link #builder()}, whose {@link
 * Builder#build()} checks every rule of the configuration (and the AWS limits they imply) before
 * anything is generated, and reports the first broken one as an {@link
 * InvalidConfigurationException}.
 */
public record WorkflowSpec(
    String workflowName,
    URI targetUrl,
    int proxies,
    int maxAttempts,
    StatusRanges retryOn,
    StatusRanges successOn,
    boolean retryOnNetworkErrors,
    boolean retryNonIdempotent,
    BackoffPolicy backoff,
    boolean honorRetryAfter,
    int maxRetryAfterSeconds,
    WorkflowType workflowType,
    int requestTimeoutSeconds,
    int maxResponseBytes,
    List<String> forwardHeaders,
    LambdaRuntime lambdaRuntime,
    Architecture architecture,
    int memorySize,
    Integer reservedConcurrency,
    String permissionsBoundary,
    int logRetentionDays,
    boolean tracing,
    boolean snapStart,
    SortedMap<String, String> tags,
    TemplateFormat templateFormat,
    FunctionUrlAuth functionUrlAuth,
    String apiKeySecretArn,
    String apiKeyHeader,
    int deadlineSeconds,
    boolean forwardCookies,
    EgressConfig egress,
    Observability observability,
    Integer orchestratorReservedConcurrency) {

  /** Seconds the proxy Lambda gets beyond its upstream timeout (cold start, response handling). */
  public static final int PROXY_TIMEOUT_MARGIN_SECONDS = 5;

  /** Room kept in the 256 KiB state payload for the caller's request and the state's own fields. */
  public static final int REQUEST_RESERVE_BYTES = 16_384;

  /**
   * Room for a crashed proxy's {@code {"Error", "Cause"}} while the Crashed state classifies it: a
   * task failure's cause has at most 32,768 characters, 6 bytes each at worst once JSON-escaped.
   */
  public static final int CRASH_RESERVE_BYTES = 6 * 32_768 + 512;

  /**
   * Room in the state payload for the request envelope, the attempt fields and Step Functions' own
   * keys.
   */
  public static final int STATE_OVERHEAD_BYTES = 4_096;

  /**
   * Seconds the orchestrator gets beyond the workflow's worst case (start call, answer mapping).
   */
  public static final int ORCHESTRATOR_MARGIN_SECONDS =
      OrchestratorConfig.EXPRESS_TIMEOUT_MARGIN_SECONDS;

  /** Timeout of a STANDARD workflow's orchestrator, which only starts or describes executions. */
  public static final int ORCHESTRATOR_ASYNC_TIMEOUT_SECONDS = 30;

  /** The STANDARD default deadline: an hour. */
  public static final int STANDARD_DEFAULT_DEADLINE_SECONDS = 3_600;

  /**
   * Kept between the EXPRESS deadline and the end of the Express execution (300 − 280 s); also what
   * the workflow's TimeoutSeconds allows beyond any deadline.
   */
  public static final int DEADLINE_MARGIN_SECONDS =
      AwsLimits.EXPRESS_MAX_DURATION_SECONDS - Deadline.EXPRESS_MAX_SECONDS;

  /** The tag every resource gets, naming its workflow. */
  public static final String WORKFLOW_TAG = "ratelimit:workflow";

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reserved concurrency takes from the account's pool, of which Lambda keeps {@value
   * AwsLimits#LAMBDA_UNRESERVED_MINIMUM} unreserved; the account's quota is not known offline, so
   * beyond the default quota this is a warning, not an error.
   */
  public Optional<String> concurrencyWarning() {
    long proxiesReserved = reservedConcurrency == null ? 0 : (long) proxies * reservedConcurrency;
    long reserved =
        proxiesReserved
            + (orchestratorReservedConcurrency == null ? 0 : orchestratorReservedConcurrency);
    long needed = reserved + AwsLimits.LAMBDA_UNRESERVED_MINIMUM;
    if (needed <= AwsLimits.LAMBDA_DEFAULT_CONCURRENCY) {
      return Optional.empty();
    }
    String parts =
        (reservedConcurrency == null
                ? ""
                : "proxies x reservedConcurrency = "
                    + proxies
                    + " x "
                    + reservedConcurrency
                    + " = "
                    + proxiesReserved)
            + (orchestratorReservedConcurrency == null
                ? ""
                : (reservedConcurrency == null ? "" : ", plus ")
                    + "orchestratorReservedConcurrency "
                    + orchestratorReservedConcurrency
                    + ": "
                    + reserved);
    return Optional.of(
        parts
            + " reserved executions; Lambda keeps "
            + AwsLimits.LAMBDA_UNRESERVED_MINIMUM
            + " unreserved, so the account's concurrency quota in"
            + " the region must be at least "
            + needed
            + " (the default is "
            + AwsLimits.LAMBDA_DEFAULT_CONCURRENCY
            + ", new accounts get less) or the deploy fails."
            + " Lower the reservations or ask for a quota increase.");
  }

  /**
   * With {@code functionUrlAuth} NONE anyone may call the URL; without a cap the orchestrator can
   * take the account's whole unreserved concurrency, throttling every other function in the region.
   */
  public Optional<String> unboundedOrchestratorWarning() {
    if (functionUrlAuth != FunctionUrlAuth.NONE || orchestratorReservedConcurrency != null) {
      return Optional.empty();
    }
    return Optional.of(
        "functionUrlAuth is NONE and orchestratorReservedConcurrency is not set: anyone"
            + " can run as many orchestrators at once as the account's unreserved concurrency allows,"
            + " throttling your other functions in the region. Set <orchestratorReservedConcurrency>,"
            + " e.g. 50.");
  }

  /**
   * The same gateway calling another base URL (the local simulation points the proxies at its mock
   * vendor API). Nothing is re-validated: the URL is the caller's responsibility.
   */
  public WorkflowSpec withTargetUrl(URI url) {
    return new WorkflowSpec(
        workflowName,
        url,
        proxies,
        maxAttempts,
        retryOn,
        successOn,
        retryOnNetworkErrors,
        retryNonIdempotent,
        backoff,
        honorRetryAfter,
        maxRetryAfterSeconds,
        workflowType,
        requestTimeoutSeconds,
        maxResponseBytes,
        forwardHeaders,
        lambdaRuntime,
        architecture,
        memorySize,
        reservedConcurrency,
        permissionsBoundary,
        logRetentionDays,
        tracing,
        snapStart,
        tags,
        templateFormat,
        functionUrlAuth,
        apiKeySecretArn,
        apiKeyHeader,
        deadlineSeconds,
        forwardCookies,
        egress,
        observability,
        orchestratorReservedConcurrency);
  }

  /** Timeout of each proxy Lambda. */
  public int proxyTimeoutSeconds() {
    return requestTimeoutSeconds + PROXY_TIMEOUT_MARGIN_SECONDS;
  }

  /** The longest wait after {@code attempt} fails: the backoff cap, or a capped Retry-After. */
  public int waitCapSeconds(int attempt) {
    int backoffCap = backoff.capSeconds(attempt);
    return honorRetryAfter ? Math.max(backoffCap, maxRetryAfterSeconds) : backoffCap;
  }

  public WorstCase worstCase() {
    return WorstCase.of(this);
  }

  /**
   * The workflow's {@code TimeoutSeconds}: the static worst case, but never beyond the deadline
   * plus its safety margin (on EXPRESS, at most the 300 s an Express execution may run). A guard
   * for what the proxies cannot cut (Step Functions' own retries, a crashed proxy).
   */
  public int workflowTimeoutSeconds() {
    return Math.min(worstCase().totalSeconds(), deadlineSeconds + DEADLINE_MARGIN_SECONDS);
  }

  /** Whether the deadline, not maxAttempts, ends a run of retries in the worst case. */
  public boolean deadlineCutsLateAttempts() {
    return worstCase().totalSeconds() > deadlineSeconds;
  }

  /**
   * The largest workflow input (the caller's request as JSON, in UTF-8 bytes: the body
   * JSON-escaped, headers, path and query): the state holds it, the route table and the last proxy
   * result (at most {@code maxResponseBytes}; a crashed proxy's error and cause for one state at
   * most {@link #CRASH_RESERVE_BYTES}) within Step Functions' 256 KiB. The orchestrator measures
   * the serialized input and answers 413 above it, before any workflow starts.
   */
  public int maxRequestBytes() {
    return AwsLimits.STATE_PAYLOAD_BYTES
        - Math.max(maxResponseBytes, CRASH_RESERVE_BYTES)
        - RouteTable.estimatedStateBytes(proxies, maxAttempts)
        - STATE_OVERHEAD_BYTES;
  }

  /**
   * Timeout of the orchestrator: it waits for an Express workflow, or only starts a Standard one.
   */
  public int orchestratorTimeoutSeconds() {
    return workflowType == WorkflowType.EXPRESS
        ? workflowTimeoutSeconds() + ORCHESTRATOR_MARGIN_SECONDS
        : ORCHESTRATOR_ASYNC_TIMEOUT_SECONDS;
  }

  public String orchestratorFunctionName() {
    return workflowName + "-orchestrator";
  }

  public boolean hasApiKey() {
    return apiKeySecretArn != null;
  }

  /** Proxy function name for 1-based {@code index}. */
  public String proxyFunctionName(int index) {
    return ProxyNaming.functionName(workflowName, index);
  }

  /**
   * Collects raw configuration; {@link #build()} validates it. The parameters and the rules are in
   * {@link WorkflowSettings}; this adds setters for single fields of the nested elements.
   */
  public static final class Builder extends WorkflowSettings {
    private Builder() {}

    public Builder backoffInitialDelaySeconds(Integer v) {
      backoff.setInitialDelaySeconds(v);
      return this;
    }

    public Builder backoffMultiplier(Double v) {
      backoff.setMultiplier(v);
      return this;
    }

    public Builder backoffMaxDelaySeconds(Integer v) {
      backoff.setMaxDelaySeconds(v);
      return this;
    }

    public Builder backoffJitter(String v) {
      backoff.setJitter(v);
      return this;
    }

    public Builder alarmTopicArn(String v) {
      alarms.setTopicArn(v);
      return this;
    }

    public Builder alarmEvaluationMinutes(Integer v) {
      alarms.setEvaluationMinutes(v);
      return this;
    }

    public Builder alarmFailureRatePercent(Double v) {
      alarms.setFailureRatePercent(v);
      return this;
    }

    public Builder alarmThrottleRatePercent(Double v) {
      alarms.setThrottleRatePercent(v);
      return this;
    }

    public Builder alarmP95LatencyMillis(Integer v) {
      alarms.setP95LatencyMillis(v);
      return this;
    }
  }
}
