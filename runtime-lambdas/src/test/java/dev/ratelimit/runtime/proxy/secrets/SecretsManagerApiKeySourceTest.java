package dev.ratelimit.runtime.proxy.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.proxy.ApiKeySource;
import dev.ratelimit.runtime.proxy.HttpRequestData;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyHandlers;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.runtime.proxy.ProxyResult;
import dev.ratelimit.testsupport.MotoServer;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The SDK-backed source against Secrets Manager as moto serves it, and the proxy using it. */
@Tag("moto") // needs moto_server: runs with -Pconformance
class SecretsManagerApiKeySourceTest {
  static final String KEY = "moto-key-0123456789abcdef";
  static MotoServer moto;
  static SecretsManagerClient secrets;
  static WireMockServer upstream;

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    secrets = moto.client(SecretsManagerClient.builder());
    upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.stop();
    }
    if (secrets != null) {
      secrets.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static String createSecret(String name, String value) {
    return secrets.createSecret(r -> r.name(name).secretString(value)).arn();
  }

  static SecretsManagerApiKeySource source(String arn, URI endpoint) {
    return new SecretsManagerApiKeySource(arn, MotoServer.REGION, endpoint, MotoServer.CREDENTIALS);
  }

  @Test
  void fetchesTheSecretString() throws Exception {
    String arn = createSecret("fetch-" + System.nanoTime(), KEY);

    try (SecretsManagerApiKeySource source = source(arn, moto.endpoint())) {
      assertThat(source.fetch()).isEqualTo(KEY);
      assertThat(source.toString()).doesNotContain(KEY);
    }
  }

  @Test
  void theProxySendsTheSecretUpstream() {
    String arn = createSecret("proxy-" + System.nanoTime(), " " + KEY + "\n");
    upstream.resetAll();
    upstream.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    ProxyConfig config =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "http://127.0.0.1:" + upstream.port(),
                EnvironmentNames.API_KEY_SECRET_ARN,
                arn,
                EnvironmentNames.API_KEY_HEADER,
                "X-Vendor-Key"));

    try (SecretsManagerApiKeySource source = source(arn, moto.endpoint())) {
      ProxyHandler handler =
          ProxyHandlers.withKeySource(
              config, ProxyHandler.newHttpClient(config), Clock.systemUTC(), null, source);
      ProxyResult r =
          handler.handle(
              new ProxyRequest(
                  new HttpRequestData("GET", "/v1/things", "a=1", new LinkedHashMap<>(), "", false),
                  1));

      assertThat(r.getStatusCode()).isEqualTo(200);
      assertThat(upstream.getAllServeEvents())
          .singleElement()
          .satisfies(e -> assertThat(e.getRequest().getHeader("X-Vendor-Key")).isEqualTo(KEY));
    }
  }

  @Test
  void aMissingSecretIsUnavailableWithTheErrorCode() {
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:does-not-exist-AbCdEf";

    try (SecretsManagerApiKeySource source = source(arn, moto.endpoint())) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ApiKeySource.Unavailable.class)
          .hasMessageContaining("ResourceNotFoundException")
          .hasMessageContaining("(HTTP 4");
    }
  }

  @Test
  void anUnreachableEndpointIsUnavailable() {
    String arn = createSecret("unreachable-" + System.nanoTime(), KEY);

    try (SecretsManagerApiKeySource source =
        source(arn, URI.create("http://127.0.0.1:" + MotoServer.freePort()))) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ApiKeySource.Unavailable.class)
          .hasMessageContaining("SdkClientException")
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void aBinarySecretIsUnavailable() {
    String arn =
        secrets
            .createSecret(
                r ->
                    r.name("binary-" + System.nanoTime())
                        .secretBinary(SdkBytes.fromUtf8String(KEY)))
            .arn();

    try (SecretsManagerApiKeySource source = source(arn, moto.endpoint())) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ApiKeySource.Unavailable.class)
          .hasMessageContaining("no SecretString")
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void aSecretInAnotherRegionIsReadThere() throws Exception {
    // The function runs in us-east-1 (MotoServer.REGION); the secret lives in eu-west-1 only.
    String arn;
    try (SecretsManagerClient euWest =
        moto.client(SecretsManagerClient.builder(), Region.EU_WEST_1)) {
      arn =
          euWest
              .createSecret(r -> r.name("elsewhere-" + System.nanoTime()).secretString(KEY))
              .arn();
    }
    assertThat(arn).contains(":eu-west-1:");

    try (SecretsManagerApiKeySource source = source(arn, moto.endpoint())) {
      assertThat(source.fetch()).isEqualTo(KEY);
    }
  }

  @Test
  void theArnsRegionWinsOverTheFunctionsRegion() {
    assertThat(
            SecretsManagerApiKeySource.region(
                "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:k", "us-east-1"))
        .isEqualTo(Region.AP_SOUTHEAST_2);
    assertThat(SecretsManagerApiKeySource.region("not-an-arn", "us-east-1"))
        .isEqualTo(Region.US_EAST_1);
  }

  @Test
  void aMissingRegionFailsClearly() {
    // The public constructor reads AWS_REGION; the build's environment may well have it, so test
    // the rule.
    assertThatThrownBy(
            () -> new SecretsManagerApiKeySource("arn:x", null, null, MotoServer.CREDENTIALS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AWS_REGION");
  }
}
