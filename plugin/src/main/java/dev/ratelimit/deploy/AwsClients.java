package dev.ratelimit.deploy;

import dev.ratelimit.model.InvalidConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients a deploy needs, built the standard way: credentials and region from the AWS SDK's
 * default chains (or the named {@code profile}), the SDK's standard retry strategy (backoff on
 * throttling and transient errors), the JDK's HTTP client, and an optional endpoint for a local
 * emulator (S3 then uses path-style addressing). Credentials are resolved up front, so a missing
 * chain is one clear error before anything is touched.
 */
public final class AwsClients implements AutoCloseable {

  /** Where the clients point. All fields may be null: then the default chains decide. */
  public record Settings(String region, String profile, String endpointUrl) {}

  static final String CHAIN =
      "Java system properties aws.accessKeyId/aws.secretAccessKey, the"
          + " environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN),"
          + " a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN), the profile named by"
          + " AWS_PROFILE or 'default' in ~/.aws/credentials and ~/.aws/config (including SSO and"
          + " credential_process), container credentials (ECS/EKS) and the EC2 instance metadata service";

  private final SdkHttpClient http;
  private final CloudFormationClient cloudFormation;
  private final S3Client s3;
  private final Region region;

  private AwsClients(
      SdkHttpClient http, CloudFormationClient cloudFormation, S3Client s3, Region region) {
    this.http = http;
    this.cloudFormation = cloudFormation;
    this.s3 = s3;
    this.region = region;
  }

  public static AwsClients create(Settings settings) {
    try {
      return build(settings);
    } catch (SdkException e) {
      throw new AwsCallException("setting up the AWS clients", e);
    }
  }

  private static AwsClients build(Settings settings) {
    URI endpoint = endpoint(settings.endpointUrl()); // the configuration before the environment
    String profile = blankToNull(settings.profile());
    AwsCredentialsProvider credentials = credentials(profile);
    Region region = region(settings.region(), profile);
    SdkHttpClient http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    var cf =
        CloudFormationClient.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
    var s3 =
        S3Client.builder()
            .httpClient(http)
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
    if (endpoint != null) {
      cf.endpointOverride(endpoint);
      s3.endpointOverride(endpoint).forcePathStyle(true);
    }
    return new AwsClients(http, cf.build(), s3.build(), region);
  }

  public CloudFormationClient cloudFormation() {
    return cloudFormation;
  }

  public S3Client s3() {
    return s3;
  }

  public Region region() {
    return region;
  }

  /** The region's id, e.g. {@code eu-west-1}. */
  public String regionId() {
    return region.id();
  }

  @Override
  public void close() {
    cloudFormation.close();
    s3.close();
    http.close();
  }

  static AwsCredentialsProvider credentials(String profile) {
    AwsCredentialsProvider provider =
        profile == null
            ? DefaultCredentialsProvider.builder().build()
            : ProfileCredentialsProvider.create(profile);
    try {
      provider.resolveCredentials();
      return provider;
    } catch (SdkClientException | IllegalArgumentException | IllegalStateException e) {
      if (profile != null) {
        throw new DeployException(
            "No AWS credentials from profile '"
                + profile
                + "' (looked in"
                + " ~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE and"
                + " AWS_CONFIG_FILE): "
                + e.getMessage(),
            "Check the profile's name and keys (aws configure --profile "
                + profile
                + "), log in"
                + " (aws sso login --profile "
                + profile
                + ") or drop <profile> to use the default"
                + " chain.",
            e);
      }
      throw new DeployException(
          "No AWS credentials found. Tried the AWS SDK's default chain: " + CHAIN + ".",
          "Run aws configure (or aws sso login and set <profile> / -Dratelimit.profile), or export"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
          e);
    }
  }

  static Region region(String configured, String profile) {
    if (configured != null && !configured.isBlank()) {
      return Region.of(configured.trim());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion();
    } catch (SdkClientException e) {
      throw new DeployException(
          "No AWS region found. Tried the system property aws.region, the"
              + " environment variable AWS_REGION, the region of profile '"
              + (profile == null ? "default (or AWS_PROFILE)" : profile)
              + "' in ~/.aws/config and the"
              + " EC2 instance metadata service.",
          "Set <region> (-Dratelimit.region=eu-west-1) or export AWS_REGION.",
          e);
    }
  }

  static URI endpoint(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(url, "needs a scheme and a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(
          "endpointUrl",
          url,
          "must be the base URL of a local AWS emulator (" + e.getReason() + ")",
          "http://127.0.0.1:5000");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
