package dev.ratelimit.runtime.proxy.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ratelimit.runtime.proxy.ApiKeySource;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Secrets Manager as AWS documents it (moto is more lenient): a partial ARN whose name ends in a
 * hyphen and six characters is read as a complete ARN and not found; the proxy then asks by the
 * name.
 */
class PartialArnTest {
  static final String BASE = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";
  static final String NOT_FOUND =
      "{\"__type\":\"ResourceNotFoundException\","
          + "\"message\":\"Secrets Manager can't find the specified secret.\"}";
  static WireMockServer sm;

  @BeforeAll
  static void start() {
    sm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    sm.start();
  }

  @AfterAll
  static void stop() {
    sm.stop();
  }

  @BeforeEach
  void reset() {
    sm.resetAll();
    // Unknown ids (a partial ARN read as complete, or anything else): not found.
    sm.stubFor(post(urlEqualTo("/")).atPriority(9).willReturn(answer(400, NOT_FOUND)));
    sm.stubFor(
        post(urlEqualTo("/"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.SecretId", equalTo("stripe-secret")))
            .willReturn(
                answer(
                    200,
                    "{\"ARN\":\""
                        + BASE
                        + "stripe-secret-AbC123\",\"Name\":\"stripe-secret\","
                        + "\"SecretString\":\"the-key\",\"VersionId\":\"v1\"}")));
  }

  static ResponseDefinitionBuilder answer(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }

  static SecretsManagerApiKeySource source(String arn) {
    return new SecretsManagerApiKeySource(
        arn,
        "us-east-1",
        URI.create("http://127.0.0.1:" + sm.port()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
  }

  @Test
  void aPartialArnThatEndsLikeACompleteOneIsReadByName() throws Exception {
    try (SecretsManagerApiKeySource source = source(BASE + "stripe-secret")) {
      assertThat(source.fetch()).isEqualTo("the-key");
    }
    assertThat(sm.findAll(postRequestedFor(urlEqualTo("/"))))
        .extracting(r -> r.getBodyAsString())
        .containsExactly(
            "{\"SecretId\":\"" + BASE + "stripe-secret\"}", "{\"SecretId\":\"stripe-secret\"}");
  }

  @Test
  void otherMissingSecretsAreAskedForOnce() {
    try (SecretsManagerApiKeySource source = source(BASE + "vendor/api-key")) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ApiKeySource.Unavailable.class)
          .hasMessageContaining("ResourceNotFoundException");
    }
    assertThat(sm.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(1);
  }

  @Test
  void aMissingSecretStaysMissingByNameToo() {
    try (SecretsManagerApiKeySource source = source(BASE + "gone-AbC123")) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ApiKeySource.Unavailable.class)
          .hasMessageContaining("ResourceNotFoundException (HTTP 400)");
    }
    assertThat(sm.findAll(postRequestedFor(urlEqualTo("/")))).hasSize(2);
  }
}
