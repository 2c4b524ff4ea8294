package dev.ratelimit.runtime.proxy.secrets;

import dev.ratelimit.runtime.proxy.ApiKeySource;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The vendor's API key from AWS Secrets Manager: the whole {@code SecretString} of
 * {@link ProxyConfig#API_KEY_SECRET_ARN}. The client is built once, with the URL-connection HTTP client
 * (no Netty, no Apache), in the secret's own region (the ARN's fourth field; a secret may live in
 * another region than the stack), else {@code AWS_REGION}; the proxy handler caches the key.
 *
 * <p>Loaded by name ({@link ApiKeySource#SECRETS_MANAGER}); shipped only in the {@code proxy-secrets}
 * jar. Error messages name the failure, never the secret's value.
 */
public final class SecretsManagerApiKeySource implements ApiKeySource, AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String secretArn;
    private final SecretsManagerClient client;

    /** Used by the proxy handler in Lambda: the ARN's region, the default credential chain. */
    public SecretsManagerApiKeySource(String secretArn) {
        this(secretArn, System.getenv("AWS_REGION"), null, null);
    }

    /**
     * @param fallbackRegion the function's region ({@code AWS_REGION}), used only when the ARN names none
     * @param endpoint null for AWS's endpoint (which {@code AWS_ENDPOINT_URL} can still override)
     * @param credentials null for the default chain (in Lambda: the function role's, from the environment)
     */
    SecretsManagerApiKeySource(String secretArn, String fallbackRegion, URI endpoint,
            AwsCredentialsProvider credentials) {
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalArgumentException("secretArn is empty");
        }
        this.secretArn = secretArn;
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(region(secretArn, fallbackRegion))
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.client = builder.build();
    }

    /**
     * Where the secret lives: a Secrets Manager client finds a secret only in its own region, so the ARN's
     * region ({@code arn:partition:secretsmanager:REGION:account:secret:name}) wins over the function's.
     */
    static Region region(String secretArn, String fallbackRegion) {
        String[] fields = secretArn.split(":", 6);
        if (fields.length == 6 && fields[0].equals("arn") && !fields[3].isBlank()) {
            return Region.of(fields[3]);
        }
        if (fallbackRegion == null || fallbackRegion.isBlank()) {
            throw new IllegalStateException("the secret ARN names no region and AWS_REGION is not set; Lambda"
                    + " sets it, elsewhere set it to the secret's region, e.g. us-east-1");
        }
        return Region.of(fallbackRegion.strip());
    }

    @Override
    public String fetch() throws Unavailable {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(secretArn));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new Unavailable("GetSecretValue failed: " + (code == null ? e.getClass().getSimpleName() : code)
                    + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            // Client-side failures (network, timeout, credentials): the type says enough.
            throw new Unavailable("GetSecretValue failed: " + e.getClass().getSimpleName()
                    + (e.getCause() == null ? "" : " caused by " + e.getCause().getClass().getSimpleName()));
        }
        String value = response.secretString();
        if (value == null) {
            throw new Unavailable("the secret has no SecretString (binary secrets are not supported)");
        }
        return value;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SecretsManagerApiKeySource{" + secretArn + "}";
    }
}
