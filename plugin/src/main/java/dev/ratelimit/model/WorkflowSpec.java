package dev.ratelimit.model;

import dev.ratelimit.runtime.contract.HeaderRules;
import dev.ratelimit.runtime.contract.ProxyNaming;
import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.proxy.Deadline;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
      dev.ratelimit.runtime.orchestrator.OrchestratorConfig.EXPRESS_TIMEOUT_MARGIN_SECONDS;

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

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");
  private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
  private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[\\w/+=.@-]{1,512}");
  private static final Pattern BOUNDARY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:policy/[\\w+=,.@/-]{1,512}");

  public static Builder builder() {
    return new Builder();
  }

  /**
   * AWS's tag rules, for {@code tags} and the deploy's {@code stackTags}: a key of 1–128 characters
   * not starting with {@code aws:}, a value of 1–256 (a stack tag needs a value, and the stack's
   * tags reach every resource), both of letters, digits, spaces and {@code _.:/=+-@}.
   *
   * @param parameter the configuration parameter, for the message
   * @return the tags, sorted by key (empty for null)
   */
  public static SortedMap<String, String> checkTags(String parameter, Map<String, String> tags) {
    SortedMap<String, String> out = new TreeMap<>();
    if (tags == null) {
      return out;
    }
    String example = "<team>payments</team>";
    for (Map.Entry<String, String> e : tags.entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      if (key == null
          || key.isEmpty()
          || key.length() > AwsLimits.TAG_KEY_CHARS
          || !TAG_CHARS.matcher(key).matches()
          || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw new InvalidConfigurationException(
            parameter,
            key,
            "a tag key has 1-"
                + AwsLimits.TAG_KEY_CHARS
                + " letters, digits, spaces or _.:/=+-@, and does not start"
                + " with aws:",
            example);
      }
      if (value.isEmpty()
          || value.length() > AwsLimits.TAG_VALUE_CHARS
          || !TAG_CHARS.matcher(value).matches()) {
        throw new InvalidConfigurationException(
            parameter,
            key + "=" + value,
            "a tag value has 1-"
                + AwsLimits.TAG_VALUE_CHARS
                + " letters, digits, spaces or _.:/=+-@ (CloudFormation"
                + " refuses a stack tag without a value)",
            example);
      }
      out.put(key, value);
    }
    return out;
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
   * Why a target URL is refused when {@link #isBaseUrl} is false; the simulation's targetUrl too.
   */
  public static final String BASE_URL_RULE =
      "must be a base URL without credentials, query or fragment"
          + " (the caller's path and query are appended)";

  /**
   * Whether {@code uri} has no user-info, query or fragment: the caller's path and query follow it.
   */
  public static boolean isBaseUrl(URI uri) {
    return uri.getRawUserInfo() == null
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  /**
   * {@code url} for a message or log line: the password of any user-info as {@code ****} ({@code
   * https://u:****@h}), a user-info without a colon (a token) masked whole. Works on text that does
   * not parse as a URL.
   */
  public static String maskCredentials(String url) {
    if (url == null) {
      return null;
    }
    int start = url.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    int keep = colon >= 0 && colon < at ? colon + 1 : start;
    return url.substring(0, keep) + "****" + url.substring(at);
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
   * Collects raw configuration; {@link #build()} validates it. Unset values take the SPEC defaults.
   */
  public static final class Builder {
    private String workflowName;
    private String targetUrl;
    private boolean allowInsecureHttp;
    private Integer proxies;
    private Integer maxAttempts;
    private String retryOn;
    private String successOn;
    private Boolean retryOnNetworkErrors;
    private Boolean retryNonIdempotent;
    private Integer initialDelaySeconds;
    private Double multiplier;
    private Integer maxDelaySeconds;
    private String jitter;
    private Boolean honorRetryAfter;
    private Integer maxRetryAfterSeconds;
    private String workflowType;
    private Integer requestTimeoutSeconds;
    private Integer maxResponseBytes;
    private List<String> forwardHeaders;
    private String lambdaRuntime;
    private String architecture;
    private Integer memorySize;
    private Integer reservedConcurrency;
    private String permissionsBoundary;
    private Integer logRetentionDays;
    private Boolean tracing;
    private Boolean snapStart;
    private Map<String, String> tags;
    private String templateFormat;
    private String functionUrlAuth;
    private String apiKeySecretArn;
    private String apiKeyHeader;
    private Integer deadlineSeconds;
    private Boolean forwardCookies;
    private String egress;
    private Integer orchestratorReservedConcurrency;
    private List<String> subnetIds;
    private List<String> securityGroupIds;
    private Boolean metrics;
    private String metricsNamespace;
    private String alarmTopicArn;
    private Integer alarmEvaluationMinutes;
    private Double alarmFailureRatePercent;
    private Double alarmThrottleRatePercent;
    private Integer alarmP95LatencyMillis;

    private Builder() {}

    public Builder workflowName(String v) {
      workflowName = v;
      return this;
    }

    public Builder targetUrl(String v) {
      targetUrl = v;
      return this;
    }

    public Builder allowInsecureHttp(boolean v) {
      allowInsecureHttp = v;
      return this;
    }

    public Builder proxies(Integer v) {
      proxies = v;
      return this;
    }

    public Builder maxAttempts(Integer v) {
      maxAttempts = v;
      return this;
    }

    public Builder retryOn(String v) {
      retryOn = v;
      return this;
    }

    public Builder successOn(String v) {
      successOn = v;
      return this;
    }

    public Builder retryOnNetworkErrors(Boolean v) {
      retryOnNetworkErrors = v;
      return this;
    }

    public Builder retryNonIdempotent(Boolean v) {
      retryNonIdempotent = v;
      return this;
    }

    public Builder backoffInitialDelaySeconds(Integer v) {
      initialDelaySeconds = v;
      return this;
    }

    public Builder backoffMultiplier(Double v) {
      multiplier = v;
      return this;
    }

    public Builder backoffMaxDelaySeconds(Integer v) {
      maxDelaySeconds = v;
      return this;
    }

    public Builder backoffJitter(String v) {
      jitter = v;
      return this;
    }

    public Builder honorRetryAfter(Boolean v) {
      honorRetryAfter = v;
      return this;
    }

    public Builder maxRetryAfterSeconds(Integer v) {
      maxRetryAfterSeconds = v;
      return this;
    }

    public Builder workflowType(String v) {
      workflowType = v;
      return this;
    }

    public Builder requestTimeoutSeconds(Integer v) {
      requestTimeoutSeconds = v;
      return this;
    }

    public Builder maxResponseBytes(Integer v) {
      maxResponseBytes = v;
      return this;
    }

    public Builder forwardHeaders(List<String> v) {
      forwardHeaders = v;
      return this;
    }

    public Builder lambdaRuntime(String v) {
      lambdaRuntime = v;
      return this;
    }

    public Builder architecture(String v) {
      architecture = v;
      return this;
    }

    public Builder memorySize(Integer v) {
      memorySize = v;
      return this;
    }

    public Builder reservedConcurrency(Integer v) {
      reservedConcurrency = v;
      return this;
    }

    public Builder permissionsBoundary(String v) {
      permissionsBoundary = v;
      return this;
    }

    public Builder logRetentionDays(Integer v) {
      logRetentionDays = v;
      return this;
    }

    public Builder tracing(Boolean v) {
      tracing = v;
      return this;
    }

    public Builder snapStart(Boolean v) {
      snapStart = v;
      return this;
    }

    public Builder tags(Map<String, String> v) {
      tags = v;
      return this;
    }

    public Builder templateFormat(String v) {
      templateFormat = v;
      return this;
    }

    public Builder functionUrlAuth(String v) {
      functionUrlAuth = v;
      return this;
    }

    public Builder apiKeySecretArn(String v) {
      apiKeySecretArn = v;
      return this;
    }

    public Builder apiKeyHeader(String v) {
      apiKeyHeader = v;
      return this;
    }

    public Builder deadlineSeconds(Integer v) {
      deadlineSeconds = v;
      return this;
    }

    public Builder forwardCookies(Boolean v) {
      forwardCookies = v;
      return this;
    }

    public Builder egress(String v) {
      egress = v;
      return this;
    }

    public Builder orchestratorReservedConcurrency(Integer v) {
      orchestratorReservedConcurrency = v;
      return this;
    }

    public Builder subnetIds(List<String> v) {
      subnetIds = v;
      return this;
    }

    public Builder securityGroupIds(List<String> v) {
      securityGroupIds = v;
      return this;
    }

    public Builder metrics(Boolean v) {
      metrics = v;
      return this;
    }

    public Builder metricsNamespace(String v) {
      metricsNamespace = v;
      return this;
    }

    public Builder alarmTopicArn(String v) {
      alarmTopicArn = v;
      return this;
    }

    public Builder alarmEvaluationMinutes(Integer v) {
      alarmEvaluationMinutes = v;
      return this;
    }

    public Builder alarmFailureRatePercent(Double v) {
      alarmFailureRatePercent = v;
      return this;
    }

    public Builder alarmThrottleRatePercent(Double v) {
      alarmThrottleRatePercent = v;
      return this;
    }

    public Builder alarmP95LatencyMillis(Integer v) {
      alarmP95LatencyMillis = v;
      return this;
    }

    /** Validates everything, in the order of the configuration reference. */
    public WorkflowSpec build() {
      String name = requireName();
      URI target = requireTargetUrl();
      int proxyCount = range("proxies", or(proxies, 3), 1, 50, "5");
      int attempts =
          range("maxAttempts", or(maxAttempts, defaultMaxAttempts(proxyCount)), 1, 100, "6");
      StatusRanges retry =
          StatusRanges.parse("retryOn", or(retryOn, "429,500,502,503,504"), "429,500-599");
      StatusRanges success = StatusRanges.parse("successOn", or(successOn, "200-299"), "200-299");
      if (success.overlaps(retry)) {
        throw new InvalidConfigurationException(
            "retryOn",
            retry,
            "a status cannot both succeed and be retried; it overlaps successOn " + success,
            "429,500-599");
      }
      int initial =
          range(
              "backoff.initialDelaySeconds",
              or(initialDelaySeconds, 1),
              0,
              ProxyConfig.MAX_WAIT_SECONDS,
              "1");
      double mult = or(multiplier, 2.0);
      if (!(mult >= 1.0 && mult <= ProxyConfig.MAX_BACKOFF_MULTIPLIER)) {
        throw new InvalidConfigurationException(
            "backoff.multiplier",
            multiplier,
            "must be from 1.0 (constant waits) to " + ProxyConfig.MAX_BACKOFF_MULTIPLIER,
            "2.0");
      }
      int maxDelay =
          range(
              "backoff.maxDelaySeconds",
              or(maxDelaySeconds, 30),
              0,
              ProxyConfig.MAX_WAIT_SECONDS,
              "30");
      if (maxDelay < initial) {
        throw new InvalidConfigurationException(
            "backoff.maxDelaySeconds",
            maxDelay,
            "must be at least backoff.initialDelaySeconds (" + initial + ")",
            String.valueOf(Math.max(30, initial)));
      }
      Jitter jit = choice("backoff.jitter", or(jitter, "FULL"), Jitter.class, "FULL");
      int retryAfterCap =
          range(
              "maxRetryAfterSeconds",
              or(maxRetryAfterSeconds, 60),
              0,
              ProxyConfig.MAX_WAIT_SECONDS,
              "60");
      WorkflowType type =
          choice("workflowType", or(workflowType, "EXPRESS"), WorkflowType.class, "STANDARD");
      int timeout =
          range(
              "requestTimeoutSeconds",
              or(requestTimeoutSeconds, 10),
              1,
              AwsLimits.LAMBDA_MAX_TIMEOUT_SECONDS - PROXY_TIMEOUT_MARGIN_SECONDS,
              "10");
      int routeBytes = RouteTable.estimatedStateBytes(proxyCount, attempts);
      int maxBody = AwsLimits.STATE_PAYLOAD_BYTES - REQUEST_RESERVE_BYTES - routeBytes;
      int responseBytes =
          range("maxResponseBytes", or(maxResponseBytes, 200_000), 1024, maxBody, "200000");
      List<String> headers = requireHeaders();
      if (headers.contains("cookie")) {
        throw new InvalidConfigurationException(
            "forwardHeaders",
            "cookie",
            "cookies travel only with forwardCookies (Function URLs deliver them apart from the"
                + " headers)",
            "<forwardCookies>true</forwardCookies>");
      }
      LambdaRuntime runtime = requireRuntime();
      Architecture arch = requireArchitecture();
      int memory =
          range(
              "memorySize",
              or(memorySize, 512),
              AwsLimits.LAMBDA_MIN_MEMORY_MB,
              AwsLimits.LAMBDA_MAX_MEMORY_MB,
              "512");
      if (reservedConcurrency != null) {
        range("reservedConcurrency", reservedConcurrency, 1, 100_000, "10");
      }
      if (orchestratorReservedConcurrency != null) {
        range(
            "orchestratorReservedConcurrency",
            orchestratorReservedConcurrency,
            1,
            AwsLimits.LAMBDA_DEFAULT_CONCURRENCY,
            "50");
      }
      if (permissionsBoundary != null && !BOUNDARY_ARN.matcher(permissionsBoundary).matches()) {
        throw new InvalidConfigurationException(
            "permissionsBoundary",
            permissionsBoundary,
            "must be the ARN of an IAM managed policy",
            "arn:aws:iam::123456789012:policy/team-boundary");
      }
      int retention = or(logRetentionDays, 14);
      if (!AwsLimits.LOG_RETENTION_DAYS.contains(retention)) {
        throw new InvalidConfigurationException(
            "logRetentionDays",
            retention,
            "CloudWatch Logs accepts only " + AwsLimits.LOG_RETENTION_DAYS,
            "30");
      }
      SortedMap<String, String> tagMap = requireTags();
      TemplateFormat format =
          choice("templateFormat", or(templateFormat, "YAML"), TemplateFormat.class, "JSON");
      FunctionUrlAuth urlAuth =
          choice(
              "functionUrlAuth", or(functionUrlAuth, "AWS_IAM"), FunctionUrlAuth.class, "AWS_IAM");
      String secretArn = blankToNull(apiKeySecretArn);
      String keyHeader = blankToNull(apiKeyHeader);
      requireApiKey(secretArn, keyHeader);
      int deadline =
          type == WorkflowType.EXPRESS
              ? range(
                  "deadlineSeconds",
                  or(deadlineSeconds, Deadline.EXPRESS_MAX_SECONDS),
                  1,
                  Deadline.EXPRESS_MAX_SECONDS,
                  "120")
              : range(
                  "deadlineSeconds",
                  or(deadlineSeconds, STANDARD_DEFAULT_DEADLINE_SECONDS),
                  1,
                  Deadline.STANDARD_MAX_SECONDS,
                  "3600");
      requireOneAttemptFits(timeout, deadline, type, deadlineSeconds != null);
      EgressConfig egressConfig = EgressConfig.of(egress, subnetIds, securityGroupIds, proxyCount);
      Observability observability =
          Observability.of(
              metrics,
              metricsNamespace,
              alarmTopicArn,
              alarmEvaluationMinutes,
              alarmFailureRatePercent,
              alarmThrottleRatePercent,
              alarmP95LatencyMillis);

      WorkflowSpec spec =
          new WorkflowSpec(
              name,
              target,
              proxyCount,
              attempts,
              retry,
              success,
              or(retryOnNetworkErrors, true),
              or(retryNonIdempotent, false),
              new BackoffPolicy(initial, mult, maxDelay, jit),
              or(honorRetryAfter, true),
              retryAfterCap,
              type,
              timeout,
              responseBytes,
              headers,
              runtime,
              arch,
              memory,
              reservedConcurrency,
              permissionsBoundary,
              retention,
              or(tracing, false),
              snapStartOrDefault(),
              tagMap,
              format,
              urlAuth,
              secretArn,
              keyHeader == null ? null : keyHeader.toLowerCase(Locale.ROOT),
              deadline,
              or(forwardCookies, false),
              egressConfig,
              observability,
              orchestratorReservedConcurrency);
      return spec;
    }

    /**
     * On unless switched off: every runtime here (java21, java25) supports SnapStart on both
     * architectures (AWS: Java 11 and later, x86_64 and arm64; cfn-lint E2530 agrees).
     */
    private boolean snapStartOrDefault() {
      return or(snapStart, true);
    }

    private String requireName() {
      if (workflowName == null || !NAME.matcher(workflowName).matches()) {
        throw new InvalidConfigurationException(
            "workflowName",
            workflowName,
            "must start with a letter and have 1 to 40 letters, digits or hyphens (it prefixes"
                + " every resource name)",
            "vendor-gateway");
      }
      return workflowName;
    }

    private URI requireTargetUrl() {
      String example = "https://api.vendor.example/v1";
      if (targetUrl == null || targetUrl.isBlank()) {
        throw new InvalidConfigurationException(
            "targetUrl",
            targetUrl,
            "the vendor API's absolute https base URL is required",
            example);
      }
      String shown = maskCredentials(targetUrl); // messages are logged: never the password
      URI uri;
      try {
        uri = new URI(targetUrl.trim());
      } catch (URISyntaxException e) {
        throw new InvalidConfigurationException(
            "targetUrl",
            shown,
            "is not a valid URL (" + maskCredentials(e.getReason()) + ")",
            example);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new InvalidConfigurationException(
            "targetUrl", shown, "must be an absolute URL with a host", example);
      }
      if (!scheme.equals("https") && !(scheme.equals("http") && allowInsecureHttp)) {
        throw new InvalidConfigurationException(
            "targetUrl",
            shown,
            scheme.equals("http")
                ? "must use https; plain http is accepted only with <allowInsecureHttp>true"
                : "must use https",
            example);
      }
      if (!isBaseUrl(uri)) {
        throw new InvalidConfigurationException("targetUrl", shown, BASE_URL_RULE, example);
      }
      String s = uri.toString();
      return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    private List<String> requireHeaders() {
      if (forwardHeaders == null) {
        return HeaderRules.DEFAULT_FORWARD;
      }
      List<String> out = new ArrayList<>();
      for (String raw : forwardHeaders) {
        String h = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (h.isEmpty()) {
          continue;
        }
        if (!HEADER_TOKEN.matcher(h).matches()) {
          throw new InvalidConfigurationException(
              "forwardHeaders",
              raw,
              "is not an HTTP header name",
              "accept,content-type,x-request-id");
        }
        // The runtime's own list (the proxy fails at init on the same names).
        String violation = HeaderRules.forwardHeaderViolation(h);
        if (violation != null) {
          throw new InvalidConfigurationException(
              "forwardHeaders",
              raw,
              "is never forwarded: " + violation,
              "accept,content-type,x-request-id");
        }
        if (!out.contains(h)) {
          out.add(h);
        }
      }
      out.sort(null);
      return List.copyOf(out);
    }

    private LambdaRuntime requireRuntime() {
      String value = or(lambdaRuntime, "java21").trim();
      if (value.equalsIgnoreCase("java17")) {
        throw new InvalidConfigurationException(
            "lambdaRuntime",
            lambdaRuntime,
            "java17 is rejected: AWS blocks creating java17 functions since 2026-07-31; use java21"
                + " or java25",
            "java21");
      }
      for (LambdaRuntime r : LambdaRuntime.values()) {
        if (r.awsName().equalsIgnoreCase(value)) {
          return r;
        }
      }
      throw new InvalidConfigurationException(
          "lambdaRuntime", lambdaRuntime, "must be java21 or java25", "java21");
    }

    private Architecture requireArchitecture() {
      String value = or(architecture, "arm64").trim();
      for (Architecture a : Architecture.values()) {
        if (a.awsName().equalsIgnoreCase(value)) {
          return a;
        }
      }
      throw new InvalidConfigurationException(
          "architecture", architecture, "must be arm64 or x86_64", "arm64");
    }

    private SortedMap<String, String> requireTags() {
      SortedMap<String, String> out = new TreeMap<>(checkTags("tags", tags));
      if (out.containsKey(WORKFLOW_TAG)) {
        throw new InvalidConfigurationException(
            "tags",
            WORKFLOW_TAG,
            "is set by the plugin on every resource; choose another key",
            "<team>payments</team>");
      }
      if (out.size() > AwsLimits.MAX_TAGS - 1) {
        throw new InvalidConfigurationException(
            "tags",
            out.size() + " tags",
            "at most "
                + (AwsLimits.MAX_TAGS - 1)
                + " (AWS allows "
                + AwsLimits.MAX_TAGS
                + " per resource and the plugin adds "
                + WORKFLOW_TAG
                + ")",
            "<team>payments</team>");
      }
      return Collections.unmodifiableSortedMap(out);
    }

    private static void requireApiKey(String secretArn, String header) {
      String example = "arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor-key-AbCdEf";
      if (secretArn == null && header == null) {
        return;
      }
      if (secretArn == null) {
        throw new InvalidConfigurationException(
            "apiKeySecretArn",
            null,
            "apiKeyHeader is set, so the secret holding the vendor's key is required too",
            example);
      }
      if (!SECRET_ARN.matcher(secretArn).matches()) {
        throw new InvalidConfigurationException(
            "apiKeySecretArn", secretArn, "must be the ARN of a Secrets Manager secret", example);
      }
      if (header == null) {
        throw new InvalidConfigurationException(
            "apiKeyHeader",
            null,
            "apiKeySecretArn is set, so the header that carries the key is required too",
            "x-api-key");
      }
      String h = header.toLowerCase(Locale.ROOT);
      if (!HEADER_TOKEN.matcher(h).matches()) {
        throw new InvalidConfigurationException(
            "apiKeyHeader",
            header,
            "must be an HTTP header name the vendor reads its key from",
            "x-api-key");
      }
      String violation = HeaderRules.apiKeyHeaderViolation(h);
      if (violation != null) {
        throw new InvalidConfigurationException(
            "apiKeyHeader", header, "cannot carry the key: " + violation, "x-api-key");
      }
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * maxAttempts' default: at least 3 attempts (two retries) even with one or two proxies, and
     * with more proxies one attempt per proxy, so that a run of retries can reach every source
     * address.
     */
    public static int defaultMaxAttempts(int proxies) {
      return Math.max(3, proxies);
    }

    /**
     * Only what can never run is refused: a proxy whose own Lambda timeout (the upstream timeout
     * plus its margin) does not fit the deadline, so not even one attempt could finish. Later
     * attempts are cut by the deadline at run time (see {@link Deadline}).
     */
    private static void requireOneAttemptFits(
        int requestTimeout, int deadline, WorkflowType type, boolean deadlineGiven) {
      int proxyTimeout = requestTimeout + PROXY_TIMEOUT_MARGIN_SECONDS;
      if (proxyTimeout <= deadline) {
        return;
      }
      String limit =
          type == WorkflowType.EXPRESS && !deadlineGiven
              ? "an Express execution ends after "
                  + AwsLimits.EXPRESS_MAX_DURATION_SECONDS
                  + " s, so its deadline is "
                  + deadline
                  + " s ("
                  + DEADLINE_MARGIN_SECONDS
                  + " s safety margin)"
              : "the deadline is " + deadline + " s";
      int fits = deadline - PROXY_TIMEOUT_MARGIN_SECONDS;
      if (fits >= 1) {
        throw new InvalidConfigurationException(
            "requestTimeoutSeconds",
            requestTimeout,
            "not even one attempt fits: "
                + limit
                + ", but one attempt may take "
                + proxyTimeout
                + " s ("
                + requestTimeout
                + " s + "
                + PROXY_TIMEOUT_MARGIN_SECONDS
                + " s proxy margin); at most "
                + fits,
            String.valueOf(Math.min(10, fits)));
      }
      throw new InvalidConfigurationException(
          "deadlineSeconds",
          deadline,
          "not even one attempt fits: one attempt may take "
              + proxyTimeout
              + " s ("
              + requestTimeout
              + " s requestTimeoutSeconds + "
              + PROXY_TIMEOUT_MARGIN_SECONDS
              + " s proxy margin)",
          String.valueOf(proxyTimeout));
    }

    private static int range(String parameter, int value, int min, int max, String example) {
      if (value < min || value > max) {
        throw new InvalidConfigurationException(
            parameter, value, "must be from " + min + " to " + max, example);
      }
      return value;
    }

    private static <E extends Enum<E>> E choice(
        String parameter, String value, Class<E> type, String example) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(value.trim())) {
          return e;
        }
      }
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        names.add(e.name());
      }
      throw new InvalidConfigurationException(
          parameter, value, "must be one of " + String.join(", ", names), example);
    }

    private static <T> T or(T value, T fallback) {
      return Objects.requireNonNullElse(value, fallback);
    }
  }
}
