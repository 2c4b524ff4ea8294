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
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The vendor's API key from AWS Secrets Manager: the whole {@code SecretString} of {@link
 * ProxyConfig#API_KEY_SECRET_ARN}. The client is built once, with the URL-connection HTTP client
 * (no Netty, no Apache), in the secret's own region (the ARN's fourth field; a secret may live in
 * another region than the stack), else {@code AWS_REGION}; the proxy handler caches the key.
 *
 * <p>Loaded by name ({@link ApiKeySource#SECRETS_MANAGER}); shipped only in the {@code
 * proxy-secrets} jar. Error messages name the failure, never the secret's value.
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
   * @param fallbackRegion the function's region ({@code AWS_REGION}), used only when the ARN names
   *     none
   * @param endpoint null for AWS's endpoint (which {@code AWS_ENDPOINT_URL} can still override)
   * @param credentials null for the default chain (in Lambda: the function role's, from the
   *     environment)
   */
  SecretsManagerApiKeySource(
      String secretArn, String fallbackRegion, URI endpoint, AwsCredentialsProvider credentials) {
    if (secretArn == null || secretArn.isBlank()) {
      throw new IllegalArgumentException("secretArn is empty");
    }
    this.secretArn = secretArn;
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .region(region(secretArn, fallbackRegion))
            .credentialsProvider(
                credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT))
            .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    this.client = builder.build();
  }

  /**
   * Where the secret lives: a Secrets Manager client finds a secret only in its own region, so the
   * ARN's region ({@code arn:partition:secretsmanager:REGION:account:secret:name}) wins over the
   * function's.
   */
  static Region region(String secretArn, String fallbackRegion) {
    String[] fields = secretArn.split(":", 6);
    if (fields.length == 6 && fields[0].equals("arn") && !fields[3].isBlank()) {
      return Region.of(fields[3]);
    }
    if (fallbackRegion == null || fallbackRegion.isBlank()) {
      throw new IllegalStateException(
          "the secret ARN names no region and AWS_REGION is not set; Lambda"
              + " sets it, elsewhere set it to the secret's region, e.g. us-east-1");
    }
    return Region.of(fallbackRegion.strip());
  }

  @Override
  public String fetch() throws Unavailable {
    return fetch(API_CALL_TIMEOUT);
  }

  /**
   * The whole call, retries included, ends within {@code budget} (and {@link #API_CALL_TIMEOUT}).
   */
  @Override
  public String fetch(Duration budget) throws Unavailable {
    Duration timeout = budget.compareTo(API_CALL_TIMEOUT) < 0 ? budget : API_CALL_TIMEOUT;
    long started = System.nanoTime();
    GetSecretValueResponse response;
    try {
      response = getSecretValue(secretArn, timeout);
    } catch (ResourceNotFoundException e) {
      String name = nameEndingLikeASuffix(secretArn);
      if (name == null) {
        throw unavailable(e);
      }
      // Secrets Manager reads a partial ARN whose name ends in a hyphen and six characters
      // (stripe-secret) as a complete one and finds nothing; by name it finds the secret (in this
      // account, in the client's region: the ARN's).
      try {
        response = getSecretValue(name, timeout.minusNanos(System.nanoTime() - started));
      } catch (AwsServiceException byName) {
        throw unavailable(e);
      }
    } catch (AwsServiceException e) {
      throw unavailable(e);
    }
    String value = response.secretString();
    if (value == null) {
      throw new Unavailable("the secret has no SecretString (binary secrets are not supported)");
    }
    return value;
  }

  /** One call, ended by the SDK after {@code timeout} (at least 1 ms). */
  private GetSecretValueResponse getSecretValue(String secretId, Duration timeout)
      throws Unavailable {
    Duration bounded = timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
    try {
      return client.getSecretValue(
          r -> r.secretId(secretId).overrideConfiguration(o -> o.apiCallTimeout(bounded)));
    } catch (AwsServiceException e) {
      throw e; // Secrets Manager's answer: the caller decides
    } catch (SdkException e) {
      // Client-side failures (network, timeout, credentials): the type says enough.
      throw new Unavailable(
          "GetSecretValue failed: "
              + e.getClass().getSimpleName()
              + (e.getCause() == null
                  ? ""
                  : " caused by " + e.getCause().getClass().getSimpleName()),
          true);
    }
  }

  /**
   * Secrets Manager's own answer: transient when it throttled or failed itself (5xx); any other
   * (access denied, not found, scheduled for deletion, KMS key disabled) is its decision.
   */
  static Unavailable unavailable(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return new Unavailable(
        "GetSecretValue failed: "
            + (code == null ? e.getClass().getSimpleName() : code)
            + " (HTTP "
            + e.statusCode()
            + ")",
        e.isThrottlingException() || e.statusCode() >= 500);
  }

  /**
   * The secret's name when the ARN ends like a complete one (a hyphen and six characters); else
   * null.
   */
  static String nameEndingLikeASuffix(String arn) {
    int at = arn.indexOf(":secret:");
    if (!arn.startsWith("arn:") || at < 0 || !arn.matches(".*-[A-Za-z0-9]{6}")) {
      return null;
    }
    return arn.substring(at + ":secret:".length());
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
