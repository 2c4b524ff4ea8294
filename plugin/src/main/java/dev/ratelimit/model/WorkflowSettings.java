package dev.ratelimit.model;

import static dev.ratelimit.model.Check.or;
import static dev.ratelimit.model.Check.range;

import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * A gateway's configuration as given: every value null until set, then taking its {@link Defaults}.
 * {@link #build()} checks every rule (and the AWS limits they imply) before anything is generated,
 * in the order of the configuration reference, and reports the first broken one as an {@link
 * InvalidConfigurationException}. The rules of a group live in a class named after it ({@link
 * TargetUrl}, {@link BackoffSettings}, {@link ForwardHeaders}, {@link Tags}, {@link ApiKey}, {@link
 * DeadlineSeconds}, {@link EgressConfig}, {@link Observability}). Used as {@link
 * WorkflowSpec.Builder}, the name callers know.
 */
public abstract sealed class WorkflowSettings permits WorkflowSpec.Builder {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");
  private static final Pattern BOUNDARY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:policy/[\\w+=,.@/-]{1,512}");

  private String workflowName;
  private String targetUrl;
  private Boolean allowInsecureHttp;
  private Integer proxies;
  private Integer maxAttempts;
  private String retryOn;
  private String successOn;
  private Boolean retryOnNetworkErrors;
  private Boolean retryNonIdempotent;
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
  BackoffSettings backoff = new BackoffSettings();
  AlarmSettings alarms = new AlarmSettings();

  WorkflowSettings() {}

  public WorkflowSpec.Builder workflowName(String v) {
    workflowName = v;
    return self();
  }

  public WorkflowSpec.Builder targetUrl(String v) {
    targetUrl = v;
    return self();
  }

  public WorkflowSpec.Builder allowInsecureHttp(Boolean v) {
    allowInsecureHttp = v;
    return self();
  }

  public WorkflowSpec.Builder proxies(Integer v) {
    proxies = v;
    return self();
  }

  public WorkflowSpec.Builder maxAttempts(Integer v) {
    maxAttempts = v;
    return self();
  }

  public WorkflowSpec.Builder retryOn(String v) {
    retryOn = v;
    return self();
  }

  public WorkflowSpec.Builder successOn(String v) {
    successOn = v;
    return self();
  }

  public WorkflowSpec.Builder retryOnNetworkErrors(Boolean v) {
    retryOnNetworkErrors = v;
    return self();
  }

  public WorkflowSpec.Builder retryNonIdempotent(Boolean v) {
    retryNonIdempotent = v;
    return self();
  }

  public WorkflowSpec.Builder honorRetryAfter(Boolean v) {
    honorRetryAfter = v;
    return self();
  }

  public WorkflowSpec.Builder maxRetryAfterSeconds(Integer v) {
    maxRetryAfterSeconds = v;
    return self();
  }

  public WorkflowSpec.Builder workflowType(String v) {
    workflowType = v;
    return self();
  }

  public WorkflowSpec.Builder requestTimeoutSeconds(Integer v) {
    requestTimeoutSeconds = v;
    return self();
  }

  public WorkflowSpec.Builder maxResponseBytes(Integer v) {
    maxResponseBytes = v;
    return self();
  }

  public WorkflowSpec.Builder forwardHeaders(List<String> v) {
    forwardHeaders = v;
    return self();
  }

  public WorkflowSpec.Builder lambdaRuntime(String v) {
    lambdaRuntime = v;
    return self();
  }

  public WorkflowSpec.Builder architecture(String v) {
    architecture = v;
    return self();
  }

  public WorkflowSpec.Builder memorySize(Integer v) {
    memorySize = v;
    return self();
  }

  public WorkflowSpec.Builder reservedConcurrency(Integer v) {
    reservedConcurrency = v;
    return self();
  }

  public WorkflowSpec.Builder permissionsBoundary(String v) {
    permissionsBoundary = v;
    return self();
  }

  public WorkflowSpec.Builder logRetentionDays(Integer v) {
    logRetentionDays = v;
    return self();
  }

  public WorkflowSpec.Builder tracing(Boolean v) {
    tracing = v;
    return self();
  }

  public WorkflowSpec.Builder snapStart(Boolean v) {
    snapStart = v;
    return self();
  }

  public WorkflowSpec.Builder tags(Map<String, String> v) {
    tags = v;
    return self();
  }

  public WorkflowSpec.Builder templateFormat(String v) {
    templateFormat = v;
    return self();
  }

  public WorkflowSpec.Builder functionUrlAuth(String v) {
    functionUrlAuth = v;
    return self();
  }

  public WorkflowSpec.Builder apiKeySecretArn(String v) {
    apiKeySecretArn = v;
    return self();
  }

  public WorkflowSpec.Builder apiKeyHeader(String v) {
    apiKeyHeader = v;
    return self();
  }

  public WorkflowSpec.Builder deadlineSeconds(Integer v) {
    deadlineSeconds = v;
    return self();
  }

  public WorkflowSpec.Builder forwardCookies(Boolean v) {
    forwardCookies = v;
    return self();
  }

  public WorkflowSpec.Builder egress(String v) {
    egress = v;
    return self();
  }

  public WorkflowSpec.Builder orchestratorReservedConcurrency(Integer v) {
    orchestratorReservedConcurrency = v;
    return self();
  }

  public WorkflowSpec.Builder subnetIds(List<String> v) {
    subnetIds = v;
    return self();
  }

  public WorkflowSpec.Builder securityGroupIds(List<String> v) {
    securityGroupIds = v;
    return self();
  }

  public WorkflowSpec.Builder metrics(Boolean v) {
    metrics = v;
    return self();
  }

  public WorkflowSpec.Builder metricsNamespace(String v) {
    metricsNamespace = v;
    return self();
  }

  /** The {@code <backoff>} element; the builder's backoff setters write into it. */
  public WorkflowSpec.Builder backoff(BackoffSettings v) {
    backoff = v == null ? new BackoffSettings() : v;
    return self();
  }

  /** The {@code <alarms>} element; the builder's alarm setters write into it. */
  public WorkflowSpec.Builder alarms(AlarmSettings v) {
    alarms = v == null ? new AlarmSettings() : v;
    return self();
  }

  private WorkflowSpec.Builder self() {
    return (WorkflowSpec.Builder) this;
  }

  /** Validates everything, in the order of the configuration reference. */
  public WorkflowSpec build() {
    String name =
        Check.matching(
            "workflowName",
            workflowName,
            NAME,
            "must start with a letter and have 1 to 40 letters, digits or hyphens (it prefixes"
                + " every resource name)",
            "vendor-gateway");
    URI target = TargetUrl.require(targetUrl, or(allowInsecureHttp, Defaults.ALLOW_INSECURE_HTTP));
    int proxyCount = range("proxies", or(proxies, Defaults.PROXIES), 1, 50, "5");
    int attempts =
        range("maxAttempts", or(maxAttempts, Defaults.maxAttempts(proxyCount)), 1, 100, "6");
    StatusRanges retry =
        StatusRanges.parse("retryOn", or(retryOn, Defaults.RETRY_ON), "429,500-599");
    StatusRanges success =
        StatusRanges.parse("successOn", or(successOn, Defaults.SUCCESS_ON), "200-299");
    if (success.overlaps(retry)) {
      throw new InvalidConfigurationException(
          "retryOn",
          retry,
          "a status cannot both succeed and be retried; it overlaps successOn " + success,
          "429,500-599");
    }
    BackoffPolicy backoffPolicy = backoff.toPolicy();
    int retryAfterCap =
        range(
            "maxRetryAfterSeconds",
            or(maxRetryAfterSeconds, Defaults.MAX_RETRY_AFTER_SECONDS),
            0,
            ProxyConfig.MAX_WAIT_SECONDS,
            "60");
    WorkflowType type =
        Check.choice(
            "workflowType",
            or(workflowType, Defaults.WORKFLOW_TYPE),
            WorkflowType.class,
            "STANDARD");
    int timeout =
        range(
            "requestTimeoutSeconds",
            or(requestTimeoutSeconds, Defaults.REQUEST_TIMEOUT_SECONDS),
            1,
            AwsLimits.LAMBDA_MAX_TIMEOUT_SECONDS - WorkflowSpec.PROXY_TIMEOUT_MARGIN_SECONDS,
            "10");
    int maxBody =
        AwsLimits.STATE_PAYLOAD_BYTES
            - WorkflowSpec.REQUEST_RESERVE_BYTES
            - RouteTable.estimatedStateBytes(proxyCount, attempts);
    int responseBytes =
        range(
            "maxResponseBytes",
            or(maxResponseBytes, Defaults.MAX_RESPONSE_BYTES),
            1024,
            maxBody,
            "200000");
    List<String> headers = ForwardHeaders.require(forwardHeaders);
    LambdaRuntime runtime = LambdaRuntime.require(or(lambdaRuntime, Defaults.LAMBDA_RUNTIME));
    Architecture arch = Architecture.require(or(architecture, Defaults.ARCHITECTURE));
    int memory =
        range(
            "memorySize",
            or(memorySize, Defaults.MEMORY_SIZE),
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
    String boundary = Check.blankToNull(permissionsBoundary);
    if (boundary != null) {
      Check.matching(
          "permissionsBoundary",
          boundary,
          BOUNDARY_ARN,
          "must be the ARN of an IAM managed policy",
          "arn:aws:iam::123456789012:policy/team-boundary");
    }
    int retention = or(logRetentionDays, Defaults.LOG_RETENTION_DAYS);
    if (!AwsLimits.LOG_RETENTION_DAYS.contains(retention)) {
      throw new InvalidConfigurationException(
          "logRetentionDays",
          retention,
          "CloudWatch Logs accepts only " + AwsLimits.LOG_RETENTION_DAYS,
          "30");
    }
    SortedMap<String, String> tagMap = Tags.require(tags);
    TemplateFormat format =
        Check.choice(
            "templateFormat",
            or(templateFormat, Defaults.TEMPLATE_FORMAT),
            TemplateFormat.class,
            "JSON");
    FunctionUrlAuth urlAuth =
        Check.choice(
            "functionUrlAuth",
            or(functionUrlAuth, Defaults.FUNCTION_URL_AUTH),
            FunctionUrlAuth.class,
            "AWS_IAM");
    ApiKey apiKey = ApiKey.require(apiKeySecretArn, apiKeyHeader);
    int deadline = DeadlineSeconds.require(deadlineSeconds, type, timeout);
    EgressConfig egressConfig =
        EgressConfig.of(or(egress, Defaults.EGRESS), subnetIds, securityGroupIds, proxyCount);
    Observability observability = Observability.of(metrics, metricsNamespace, alarms);
    return new WorkflowSpec(
        name,
        target,
        proxyCount,
        attempts,
        retry,
        success,
        or(retryOnNetworkErrors, Defaults.RETRY_ON_NETWORK_ERRORS),
        or(retryNonIdempotent, Defaults.RETRY_NON_IDEMPOTENT),
        backoffPolicy,
        or(honorRetryAfter, Defaults.HONOR_RETRY_AFTER),
        retryAfterCap,
        type,
        timeout,
        responseBytes,
        headers,
        runtime,
        arch,
        memory,
        reservedConcurrency,
        boundary,
        retention,
        or(tracing, Defaults.TRACING),
        or(snapStart, Defaults.SNAP_START),
        tagMap,
        format,
        urlAuth,
        apiKey.secretArn(),
        apiKey.header(),
        deadline,
        or(forwardCookies, Defaults.FORWARD_COOKIES),
        egressConfig,
        observability,
        orchestratorReservedConcurrency);
  }
}
