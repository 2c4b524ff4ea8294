package dev.ratelimit.runtime.orchestrator;

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
 * The Step Functions clients, built once per execution environment, with the URL-connection HTTP client
 * only.
 * <ul>
 *   <li>{@link #start()} starts workflows: <b>no SDK retries</b> (starting a workflow is not idempotent: a
 *       retried StartSyncExecution whose first try reached AWS would run the vendor calls twice), and
 *       socket and API-call timeouts above the workflow's worst case, so that the SDK never gives up on a
 *       workflow that is still running.</li>
 *   <li>{@link #describe()} reads executions (STANDARD only): a read, so the SDK's standard retries and
 *       short timeouts apply.</li>
 * </ul>
 */
final class SfnClients {
    /** Margin of the socket timeout over the workflow's worst case (Step Functions' own overhead). */
    static final Duration SOCKET_MARGIN = Duration.ofSeconds(20);
    /** Margin of the API-call timeout over the workflow's worst case; above the socket timeout. */
    static final Duration API_CALL_MARGIN = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

    private final SfnClient start;
    private final SfnClient describe;

    private SfnClients(SfnClient start, SfnClient describe) {
        this.start = start;
        this.describe = describe;
    }

    /** Given clients (the local simulation's executor); {@code describe} may be null for EXPRESS. */
    static SfnClients of(SfnClient start, SfnClient describe) {
        return new SfnClients(start, describe);
    }

    /**
     * @param endpointOverride null for the default endpoint (production); else a local endpoint (tests,
     *     moto), with host-prefix injection off (StartSyncExecution's {@code sync-} prefix)
     */
    static SfnClients create(OrchestratorConfig config, URI endpointOverride, AwsCredentialsProvider credentials) {
        Duration worst = Duration.ofSeconds(config.workflowTimeoutSeconds());
        SfnClient start = builder(config, endpointOverride, credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(worst.plus(SOCKET_MARGIN))
                        .build())
                .overrideConfiguration(overrides(endpointOverride)
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(worst.plus(API_CALL_MARGIN))
                        .apiCallAttemptTimeout(worst.plus(API_CALL_MARGIN))
                        .build())
                .build();
        SfnClient describe = null;
        if (config.workflowType() == OrchestratorConfig.WorkflowType.STANDARD) {
            describe = builder(config, endpointOverride, credentials)
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(CONNECT_TIMEOUT)
                            .socketTimeout(DESCRIBE_TIMEOUT)
                            .build())
                    .overrideConfiguration(overrides(endpointOverride)
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                            .apiCallTimeout(DESCRIBE_TIMEOUT.multipliedBy(2))
                            .apiCallAttemptTimeout(DESCRIBE_TIMEOUT)
                            .build())
                    .build();
        }
        return new SfnClients(start, describe);
    }

    private static SfnClientBuilder builder(OrchestratorConfig config, URI endpointOverride,
            AwsCredentialsProvider credentials) {
        SfnClientBuilder b = SfnClient.builder().region(Region.of(config.region())).credentialsProvider(credentials);
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

    /** Null for EXPRESS, which has no status route. */
    SfnClient describe() {
        return describe;
    }
}
