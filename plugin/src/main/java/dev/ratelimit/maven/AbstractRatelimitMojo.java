package dev.ratelimit.maven;

import dev.ratelimit.cloudformation.EgressNetwork;
import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.OutputWriter;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.AlarmSettings;
import dev.ratelimit.model.BackoffPolicy;
import dev.ratelimit.model.BackoffSettings;
import dev.ratelimit.model.Defaults;
import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.Observability;
import dev.ratelimit.model.WorkflowSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The configuration every goal shares: one retry gateway, described in the {@code <plugin>} block
 * (or one {@code <execution>} per gateway). Goals only map it to a {@link WorkflowSpec}, call the
 * core, and log; the rules live in the core.
 */
public abstract class AbstractRatelimitMojo extends AbstractMojo {

  /** Name of the gateway; prefixes every resource. {@code ^[A-Za-z][A-Za-z0-9-]{0,39}$}. */
  @Parameter(property = "ratelimit.workflowName", required = true)
  protected String workflowName;

  /**
   * Absolute {@code https} base URL of the vendor API; the caller's path and query are appended.
   */
  @Parameter(property = "ratelimit.targetUrl", required = true)
  protected String targetUrl;

  /** Accept a plain {@code http} targetUrl (for tests against a local server only). */
  @Parameter(
      property = "ratelimit.allowInsecureHttp",
      defaultValue = "" + Defaults.ALLOW_INSECURE_HTTP)
  protected boolean allowInsecureHttp;

  /** Number of distinct proxy Lambda functions, 1 to 50. */
  @Parameter(property = "ratelimit.proxies", defaultValue = "" + Defaults.PROXIES)
  protected int proxies;

  /**
   * Total attempts, 1 to 100. Default: max({@value Defaults#MIN_DEFAULT_ATTEMPTS}, proxies). On
   * EXPRESS the per-execution deadline cuts late attempts.
   */
  @Parameter(property = "ratelimit.maxAttempts")
  protected Integer maxAttempts;

  /** Statuses (and ranges such as {@code 500-599}) that move on to the next attempt. */
  @Parameter(property = "ratelimit.retryOn", defaultValue = Defaults.RETRY_ON)
  protected String retryOn;

  /** Statuses that end the workflow successfully. */
  @Parameter(property = "ratelimit.successOn", defaultValue = Defaults.SUCCESS_ON)
  protected String successOn;

  /** Count connect failures, resets and timeouts as retryable. */
  @Parameter(
      property = "ratelimit.retryOnNetworkErrors",
      defaultValue = "" + Defaults.RETRY_ON_NETWORK_ERRORS)
  protected boolean retryOnNetworkErrors;

  /**
   * Retry POST and PATCH like other methods. When false (the default) they are retried only on 429
   * and on connect failures, since after a timeout or a 5xx the vendor may have acted.
   */
  @Parameter(
      property = "ratelimit.retryNonIdempotent",
      defaultValue = "" + Defaults.RETRY_NON_IDEMPOTENT)
  protected boolean retryNonIdempotent;

  /**
   * The wait between attempts when the vendor names none: {@code <initialDelaySeconds>} (default
   * {@value Defaults#BACKOFF_INITIAL_DELAY_SECONDS}; 0 hops to the next proxy at once), {@code
   * <multiplier>} ({@value Defaults#BACKOFF_MULTIPLIER}), {@code <maxDelaySeconds>} ({@value
   * Defaults#BACKOFF_MAX_DELAY_SECONDS}) and {@code <jitter>} ({@value Defaults#BACKOFF_JITTER} or
   * NONE). Each field is also a user property, e.g. {@code
   * -Dratelimit.backoff.initialDelaySeconds=0}.
   */
  @Parameter protected BackoffSettings backoff;

  /**
   * Let a {@code Retry-After} answer (seconds or HTTP-date) set the wait, capped by
   * maxRetryAfterSeconds.
   */
  @Parameter(property = "ratelimit.honorRetryAfter", defaultValue = "" + Defaults.HONOR_RETRY_AFTER)
  protected boolean honorRetryAfter;

  /** Cap on a wait set by {@code Retry-After}, in seconds. */
  @Parameter(
      property = "ratelimit.maxRetryAfterSeconds",
      defaultValue = "" + Defaults.MAX_RETRY_AFTER_SECONDS)
  protected int maxRetryAfterSeconds;

  /**
   * Seconds from an execution's start by which the caller has its answer: every proxy caps its call
   * at the time left and ends the execution with the vendor's answer when the next attempt would
   * not fit. EXPRESS: 1 to 280 (default 280: the 300 s Express limit less a 20 s safety margin).
   * STANDARD: 1 to 86400 (default {@value WorkflowSpec#STANDARD_DEFAULT_DEADLINE_SECONDS}). A
   * caller may shorten it per request with the {@code x-ratelimit-timeout} header.
   */
  @Parameter(property = "ratelimit.deadlineSeconds")
  protected Integer deadlineSeconds;

  /**
   * {@code EXPRESS}: the caller waits for the answer (at most 5 minutes). {@code STANDARD}: 202 and
   * poll.
   */
  @Parameter(property = "ratelimit.workflowType", defaultValue = Defaults.WORKFLOW_TYPE)
  protected String workflowType;

  /** Timeout of one upstream HTTP call, in seconds. */
  @Parameter(
      property = "ratelimit.requestTimeoutSeconds",
      defaultValue = "" + Defaults.REQUEST_TIMEOUT_SECONDS)
  protected int requestTimeoutSeconds;

  /**
   * Largest upstream answer the gateway carries; larger ones end the attempt with ResponseTooLarge.
   */
  @Parameter(
      property = "ratelimit.maxResponseBytes",
      defaultValue = "" + Defaults.MAX_RESPONSE_BYTES)
  protected int maxResponseBytes;

  /**
   * Caller headers passed upstream (case-insensitive). Default: accept, accept-language,
   * content-language, content-type, idempotency-key, if-match, if-modified-since, if-none-match,
   * if-unmodified-since, prefer. Hop-by-hop and authentication headers are never forwarded.
   */
  @Parameter(property = "ratelimit.forwardHeaders")
  protected List<String> forwardHeaders;

  /**
   * Whether cookies travel: the caller's cookies go upstream and the vendor's {@code Set-Cookie}
   * values come back in the Function URL response's {@code cookies}. Off by default: vendor cookies
   * belong to the gateway's identity, and every caller would get them.
   */
  @Parameter(property = "ratelimit.forwardCookies", defaultValue = "" + Defaults.FORWARD_COOKIES)
  protected boolean forwardCookies;

  /** Lambda runtime: {@code java21} or {@code java25}. */
  @Parameter(property = "ratelimit.lambdaRuntime", defaultValue = Defaults.LAMBDA_RUNTIME)
  protected String lambdaRuntime;

  /** Lambda architecture: {@code arm64} or {@code x86_64}. */
  @Parameter(property = "ratelimit.architecture", defaultValue = Defaults.ARCHITECTURE)
  protected String architecture;

  /** Memory of each proxy function in MB, 128 to 10240. */
  @Parameter(property = "ratelimit.memorySize", defaultValue = "" + Defaults.MEMORY_SIZE)
  protected int memorySize;

  /** Reserved concurrency of each proxy function. Default: none (the account's pool). */
  @Parameter(property = "ratelimit.reservedConcurrency")
  protected Integer reservedConcurrency;

  /**
   * Reserved concurrency of the orchestrator function, 1 to 1000: at most that many calls run at
   * once and the rest get 429 from Lambda. Default: none (the account's pool); with {@code
   * functionUrlAuth} NONE, generate warns when it is unset.
   */
  @Parameter(property = "ratelimit.orchestratorReservedConcurrency")
  protected Integer orchestratorReservedConcurrency;

  /** ARN of a managed policy set as permissions boundary on every role the template creates. */
  @Parameter(property = "ratelimit.permissionsBoundary")
  protected String permissionsBoundary;

  /** Retention of every log group, in days (a value CloudWatch Logs accepts). */
  @Parameter(
      property = "ratelimit.logRetentionDays",
      defaultValue = "" + Defaults.LOG_RETENTION_DAYS)
  protected int logRetentionDays;

  /** Enable AWS X-Ray tracing on the functions and the state machine. */
  @Parameter(property = "ratelimit.tracing", defaultValue = "" + Defaults.TRACING)
  protected boolean tracing;

  /**
   * Lambda SnapStart: each function publishes a version restored from a snapshot taken after its
   * init (and priming), the state machine invokes the proxies' versions and the Function URL serves
   * an alias of the orchestrator's. On by default (java21 and java25 support it on both
   * architectures; no charge for Java). Off: the functions' unpublished code is invoked, as before.
   * Not available in a few regions (AWS lists them); switch it off there.
   */
  @Parameter(property = "ratelimit.snapStart", defaultValue = "" + Defaults.SNAP_START)
  protected boolean snapStart;

  /** Tags applied to every resource (and, on deploy, the stack). */
  @Parameter protected Map<String, String> tags;

  /** Template format: {@code YAML} or {@code JSON}. */
  @Parameter(property = "ratelimit.templateFormat", defaultValue = Defaults.TEMPLATE_FORMAT)
  protected String templateFormat;

  /**
   * Who may call the gateway's Function URL: {@code AWS_IAM} (SigV4-signed callers whose identity
   * may {@code lambda:InvokeFunctionUrl} and {@code lambda:InvokeFunction}) or {@code NONE} (anyone
   * on the internet; the build warns).
   */
  @Parameter(property = "ratelimit.functionUrlAuth", defaultValue = Defaults.FUNCTION_URL_AUTH)
  protected String functionUrlAuth;

  /**
   * ARN of the Secrets Manager secret holding the vendor's API key. The proxies read it at run time
   * and send it in {@code apiKeyHeader}; it never enters the template, the workflow or its history.
   */
  @Parameter(property = "ratelimit.apiKeySecretArn")
  protected String apiKeySecretArn;

  /** The header that carries the vendor's API key, e.g. {@code x-api-key}. */
  @Parameter(property = "ratelimit.apiKeyHeader")
  protected String apiKeyHeader;

  /**
   * Emit the gateway's metrics (CloudWatch embedded metric format log lines from the proxies and
   * the orchestrator) and generate the dashboard over them. See docs/observability.md.
   */
  @Parameter(property = "ratelimit.metrics", defaultValue = "" + Defaults.METRICS)
  protected boolean metrics;

  /** CloudWatch namespace of the metrics; not starting with {@code AWS/}. */
  @Parameter(property = "ratelimit.metricsNamespace", defaultValue = Defaults.METRICS_NAMESPACE)
  protected String metricsNamespace;

  /**
   * CloudWatch alarms notifying an SNS topic: {@code <topicArn>} (required for any alarm), {@code
   * <evaluationMinutes>} ({@value Defaults#ALARMS_EVALUATION_MINUTES}), {@code
   * <failureRatePercent>} ({@value Defaults#ALARMS_FAILURE_RATE_PERCENT}), {@code
   * <throttleRatePercent>} ({@value Defaults#ALARMS_THROTTLE_RATE_PERCENT}) and {@code
   * <p95LatencyMillis>} ({@value Defaults#ALARMS_P95_LATENCY_MILLIS}). No alarms without a topic.
   * Each field is also a user property, e.g. {@code -Dratelimit.alarms.topicArn=arn:aws:sns:...}.
   */
  @Parameter protected AlarmSettings alarms;

  /**
   * Where the proxies' calls leave AWS from. {@code SHARED}: no VPC, Lambda's own addresses
   * (shared, unannounced). {@code STATIC_IPS}: the template builds a VPC where proxy k leaves
   * through its own NAT gateway and Elastic IP; the addresses are stack outputs (NAT gateways and
   * addresses cost money by the hour, see docs/egress.md). {@code SUBNETS}: your own subnets, one
   * per proxy, with {@code subnetIds} and {@code securityGroupIds}.
   */
  @Parameter(property = "ratelimit.egress", defaultValue = Defaults.EGRESS)
  protected String egress;

  /**
   * With {@code egress} SUBNETS: one existing subnet id per proxy, in proxy order (proxy k runs in
   * the k-th), e.g. {@code subnet-0a1b2c3d4e5f60718,subnet-0b2c3d4e5f6071829}.
   */
  @Parameter(property = "ratelimit.subnetIds")
  protected List<String> subnetIds;

  /** With {@code egress} SUBNETS: 1 to 5 security group ids every proxy gets. */
  @Parameter(property = "ratelimit.securityGroupIds")
  protected List<String> securityGroupIds;

  /** Where the generated files go. */
  @Parameter(
      property = "ratelimit.outputDirectory",
      defaultValue = "${project.build.directory}/ratelimit")
  protected File outputDirectory;

  /** Skip this goal. */
  @Parameter(property = "ratelimit.skip", defaultValue = "false")
  protected boolean skip;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping ratelimit (skip=true).");
      return;
    }
    run();
  }

  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** Maps the parameters to a validated spec; a broken rule becomes one build failure message. */
  protected final WorkflowSpec workflowSpec() throws MojoFailureException {
    try {
      return WorkflowSpec.builder()
          .workflowName(workflowName)
          .targetUrl(targetUrl)
          .allowInsecureHttp(allowInsecureHttp)
          .proxies(proxies)
          .maxAttempts(maxAttempts)
          .retryOn(retryOn)
          .successOn(successOn)
          .retryOnNetworkErrors(retryOnNetworkErrors)
          .retryNonIdempotent(retryNonIdempotent)
          .backoff(
              nested()
                  .fill("backoff", orNew(backoff, BackoffSettings::new), BackoffPolicy.DEFAULTS))
          .honorRetryAfter(honorRetryAfter)
          .maxRetryAfterSeconds(maxRetryAfterSeconds)
          .deadlineSeconds(deadlineSeconds)
          .workflowType(workflowType)
          .requestTimeoutSeconds(requestTimeoutSeconds)
          .maxResponseBytes(maxResponseBytes)
          .forwardHeaders(
              forwardHeaders == null || forwardHeaders.isEmpty() ? null : forwardHeaders)
          .forwardCookies(forwardCookies)
          .lambdaRuntime(lambdaRuntime)
          .architecture(architecture)
          .memorySize(memorySize)
          .reservedConcurrency(reservedConcurrency)
          .orchestratorReservedConcurrency(orchestratorReservedConcurrency)
          .permissionsBoundary(permissionsBoundary)
          .logRetentionDays(logRetentionDays)
          .tracing(tracing)
          .snapStart(snapStart)
          .tags(tags)
          .templateFormat(templateFormat)
          .functionUrlAuth(functionUrlAuth)
          .apiKeySecretArn(apiKeySecretArn)
          .apiKeyHeader(apiKeyHeader)
          .metrics(metrics)
          .metricsNamespace(metricsNamespace)
          .alarms(
              nested()
                  .fill("alarms", orNew(alarms, AlarmSettings::new), Observability.Alarms.DEFAULTS))
          .egress(egress)
          .subnetIds(subnetIds)
          .securityGroupIds(securityGroupIds)
          .build();
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  /**
   * Generates the gateway and writes it to {@code outputDirectory} (unchanged files stay
   * untouched), logging each file; returns the files as generated, for goals that go on to use
   * them.
   */
  protected final List<GeneratedFile> writeGateway(WorkflowSpec spec)
      throws MojoExecutionException, MojoFailureException {
    List<GeneratedFile> files;
    try {
      files = new GatewayGenerator().generate(spec, RuntimeBundle.load());
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    Path dir = outputDirectory.toPath();
    OutputWriter.Result result;
    try {
      result = new OutputWriter().write(dir, files);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "Cannot write the gateway to "
              + dir
              + ": "
              + e
              + ". Check that the directory is writable; earlier outputs there are unchanged.",
          e);
    }
    result.written().forEach(p -> getLog().info("  wrote     " + p));
    result.unchanged().forEach(p -> getLog().info("  unchanged " + p));
    spec.concurrencyWarning().ifPresent(getLog()::warn);
    return files;
  }

  /** The egress mode's cost (INFO) and the default quotas it goes past (WARNING). */
  protected final void logEgress(WorkflowSpec spec) {
    EgressNetwork.Notes notes = EgressNetwork.notes(spec);
    notes.info().forEach(getLog()::info);
    notes.warnings().forEach(getLog()::warn);
  }

  /** The user properties of nested elements' fields, which Maven does not set itself. */
  protected final NestedProperties nested() {
    return new NestedProperties(this::property);
  }

  /** A user property, or else a project property, by its full name; null without a session. */
  private String property(String key) {
    if (session == null) {
      return null;
    }
    Properties user = session.getUserProperties();
    if (user.getProperty(key) != null) {
      return user.getProperty(key);
    }
    return session.getCurrentProject() == null
        ? null
        : session.getCurrentProject().getProperties().getProperty(key);
  }

  protected static <T> T orNew(T configured, Supplier<T> empty) {
    return configured == null ? empty.get() : configured;
  }
}
