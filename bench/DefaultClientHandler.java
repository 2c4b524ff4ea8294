package dev.ratelimit.runtime.orchestrator;

import dev.ratelimit.runtime.contract.WorkflowType;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Benchmark only (bench/cold-init.sh, the "baseline" row): the orchestrator handler with a Step Functions
 * client that leaves the HTTP client to the SDK's default, i.e. {@link SfnClients#create} minus its
 * {@code .httpClient(UrlConnectionHttpClient...)}: same region, credentials, endpoint, host-prefix option,
 * no retries and API-call timeouts; the SDK then picks, by its own priority, Apache 5 from the baseline jar
 * (it also finds the URL-connection client there, ranked below Apache 5). Compiled into the driver's own
 * directory, in the handler's package so that it can use the handler's package-private constructor and
 * {@link SfnClients#of} (the start timeout production sets). Production code is unchanged.
 */
public final class DefaultClientHandler {
    private DefaultClientHandler() {
    }

    public static OrchestratorHandler create(OrchestratorConfig config, URI endpoint) {
        if (config.workflowType() != WorkflowType.EXPRESS) {
            throw new IllegalArgumentException("the baseline builds the EXPRESS client only");
        }
        Duration worst = Duration.ofSeconds(config.workflowTimeoutSeconds());
        SfnClient start = SfnClient.builder() // no httpClient(...): the SDK's default
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .endpointOverride(endpoint)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, Boolean.TRUE)
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(worst.plus(SfnClients.API_CALL_MARGIN))
                        .apiCallAttemptTimeout(worst.plus(SfnClients.API_CALL_MARGIN))
                        .build())
                .build();
        return new OrchestratorHandler(config, SfnClients.of(config, start, null));
    }
}
