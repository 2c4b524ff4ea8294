package dev.ratelimit.runtime.orchestrator;

import dev.ratelimit.runtime.contract.WorkflowType;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/**
 * The Step Functions clients, built once per execution environment, with the URL-connection HTTP
 * client only.
 *
 * <ul>
 *   <li>{@link #start()} starts workflows: <b>no SDK retries</b> (starting a workflow is not
 *       idempotent: a retried StartSyncExecution whose first try reached AWS would run the vendor
 *       calls twice; only {@link StartRetry} retries, and only starts that provably started
 *       nothing). EXPRESS: socket and API-call timeouts a little above the workflow's worst case,
 *       so that the SDK never gives up on a workflow that is still running, yet below the Lambda's
 *       timeout (worst case + 10 s) minus {@link StartRetry#BUDGET_MILLIS}, so that the caller
 *       always gets the handler's JSON answer. STANDARD: StartExecution returns at once, so the
 *       short timeouts of a read.
 *   <li>{@link #describe()} reads executions (STANDARD only): a read, so the SDK's standard retries
 *       and short timeouts apply.
 * </ul>
 */
final class SfnClients {
  /** Margin of the socket timeout over the workflow's worst case (Step Functions' own overhead). */
  static final Duration SOCKET_MARGIN = Duration.ofSeconds(4);

  /**
   * Margin of the API-call timeout over the workflow's worst case; above the socket timeout, and
   * with {@link StartRetry#BUDGET_MILLIS} under the plugin's orchestrator margin of 10 s.
   */
  static final Duration API_CALL_MARGIN = Duration.ofSeconds(5);

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

  private final SfnClient start;
  private final SfnClient describe;
  private final Duration startTimeout;

  private SfnClients(SfnClient start, SfnClient describe, Duration startTimeout) {
    this.start = start;
    this.describe = describe;
    this.startTimeout = startTimeout;
  }

  /**
   * Given clients (the local simulation's executor), with the start timeout {@link #create} would
   * set; {@code describe} may be null for EXPRESS.
   */
  static SfnClients of(OrchestratorConfig config, SfnClient start, SfnClient describe) {
    boolean express = config.workflowType() == WorkflowType.EXPRESS;
    return new SfnClients(
        start,
        describe,
        express
            ? Duration.ofSeconds(config.workflowTimeoutSeconds()).plus(API_CALL_MARGIN)
            : DESCRIBE_TIMEOUT);
  }

  /**
   * @param endpointOverride null for the default endpoint (production); else a local endpoint
   *     (tests, moto), with host-prefix injection off (StartSyncExecution's {@code sync-} prefix)
   */
  static SfnClients create(
      OrchestratorConfig config, URI endpointOverride, AwsCredentialsProvider credentials) {
    boolean express = config.workflowType() == WorkflowType.EXPRESS;
    Duration worst = Duration.ofSeconds(config.workflowTimeoutSeconds());
    Duration socket = express ? worst.plus(SOCKET_MARGIN) : DESCRIBE_TIMEOUT;
    Duration apiCall = express ? worst.plus(API_CALL_MARGIN) : DESCRIBE_TIMEOUT;
    SfnClient start =
        builder(config, endpointOverride, credentials)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(socket)
                    .build())
            .overrideConfiguration(
                overrides(endpointOverride)
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(apiCall)
                    .apiCallAttemptTimeout(apiCall)
                    .build())
            .build();
    SfnClient describe = null;
    if (config.workflowType() == WorkflowType.STANDARD) {
      describe =
          builder(config, endpointOverride, credentials)
              .httpClient(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(CONNECT_TIMEOUT)
                      .socketTimeout(DESCRIBE_TIMEOUT)
                      .build())
              .overrideConfiguration(
                  overrides(endpointOverride)
                      .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                      .apiCallTimeout(DESCRIBE_TIMEOUT.multipliedBy(2))
                      .apiCallAttemptTimeout(DESCRIBE_TIMEOUT)
                      .build())
              .build();
    }
    return new SfnClients(start, describe, apiCall);
  }

  private static SfnClientBuilder builder(
      OrchestratorConfig config, URI endpointOverride, AwsCredentialsProvider credentials) {
    SfnClientBuilder b =
        SfnClient.builder().region(Region.of(config.region())).credentialsProvider(credentials);
    if (endpointOverride != null) {
      b.endpointOverride(endpointOverride);
    }
    return b;
  }

  private static ClientOverrideConfiguration.Builder overrides(URI endpointOverride) {
    ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder();
    if (endpointOverride != null) {
      o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, Boolean.TRUE);
    }
    return o;
  }

  SfnClient start() {
    return start;
  }

  /** The start client's API-call timeout; the handler cuts it to the Lambda's remaining time. */
  Duration startTimeout() {
    return startTimeout;
  }

  /** Null for EXPRESS, which has no status route. */
  SfnClient describe() {
    return describe;
  }
}
