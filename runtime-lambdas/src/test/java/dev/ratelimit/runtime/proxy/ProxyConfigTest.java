package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

  @Test
  void defaultsApplyWhenOnlyTheTargetIsSet() {
    ProxyConfig c =
        ProxyConfig.fromEnvironment(
            Map.of(EnvironmentNames.TARGET_URL, "https://api.example.com/v2/"));
    assertThat(c.targetUrl()).isEqualTo("https://api.example.com/v2");
    assertThat(c.requestTimeoutSeconds()).isEqualTo(10);
    assertThat(c.maxResponseBytes()).isEqualTo(200_000);
    assertThat(c.successOn()).hasToString("200-299");
    assertThat(c.retryOn()).hasToString("429,500,502-504");
    assertThat(c.backoff().initialDelaySeconds()).isEqualTo(1);
    assertThat(c.backoff().multiplier()).isEqualTo(2.0);
    assertThat(c.backoff().maxDelaySeconds()).isEqualTo(30);
    assertThat(c.backoff().fullJitter()).isTrue();
    assertThat(c.honorRetryAfter()).isTrue();
    assertThat(c.maxRetryAfterSeconds()).isEqualTo(60);
    assertThat(c.forwardHeaders())
        .containsExactly(
            "accept",
            "accept-language",
            "content-language",
            "content-type",
            "idempotency-key",
            "if-match",
            "if-modified-since",
            "if-none-match",
            "if-unmodified-since",
            "prefer");
  }

  @Test
  void readsEveryVariable() {
    ProxyConfig c =
        ProxyConfig.fromEnvironment(
            Map.ofEntries(
                Map.entry(EnvironmentNames.TARGET_URL, "http://127.0.0.1:8080"),
                Map.entry(EnvironmentNames.REQUEST_TIMEOUT_SECONDS, "3"),
                Map.entry(EnvironmentNames.MAX_RESPONSE_BYTES, "5000"),
                Map.entry(EnvironmentNames.SUCCESS_ON, "200,201"),
                Map.entry(EnvironmentNames.RETRY_ON, "500-599"),
                Map.entry(EnvironmentNames.BACKOFF_INITIAL_DELAY_SECONDS, "0"),
                Map.entry(EnvironmentNames.BACKOFF_MULTIPLIER, "1.5"),
                Map.entry(EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS, "9"),
                Map.entry(EnvironmentNames.BACKOFF_JITTER, "none"),
                Map.entry(EnvironmentNames.HONOR_RETRY_AFTER, "FALSE"),
                Map.entry(EnvironmentNames.MAX_RETRY_AFTER_SECONDS, "15"),
                Map.entry(EnvironmentNames.FORWARD_HEADERS, " Accept , X-Custom,,")));
    assertThat(c.targetUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(c.requestTimeoutSeconds()).isEqualTo(3);
    assertThat(c.maxResponseBytes()).isEqualTo(5000);
    assertThat(c.successOn()).hasToString("200-201");
    assertThat(c.retryOn()).hasToString("500-599");
    assertThat(c.backoff().initialDelaySeconds()).isZero();
    assertThat(c.backoff().multiplier()).isEqualTo(1.5);
    assertThat(c.backoff().maxDelaySeconds()).isEqualTo(9);
    assertThat(c.backoff().fullJitter()).isFalse();
    assertThat(c.honorRetryAfter()).isFalse();
    assertThat(c.maxRetryAfterSeconds()).isEqualTo(15);
    assertThat(c.forwardHeaders()).containsExactly("accept", "x-custom");
  }

  @Test
  void anEmptyForwardListForwardsNothing() {
    ProxyConfig c =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "https://a.example",
                EnvironmentNames.FORWARD_HEADERS,
                ""));
    assertThat(c.forwardHeaders()).isEmpty();
  }

  @Test
  void missingTargetFailsInitClearly() {
    assertThatThrownBy(() -> ProxyConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(EnvironmentNames.TARGET_URL)
        .hasMessageContaining("https://");
  }

  @Test
  void invalidValuesNameTheVariable() {
    assertInvalid(EnvironmentNames.TARGET_URL, "ftp://example.com");
    assertInvalid(EnvironmentNames.TARGET_URL, "api.example.com/v2");
    assertInvalid(EnvironmentNames.TARGET_URL, "https://user@api.example.com");
    assertInvalid(EnvironmentNames.TARGET_URL, "https://api.example.com/v2?key=1");
    assertInvalid(EnvironmentNames.REQUEST_TIMEOUT_SECONDS, "0");
    assertInvalid(EnvironmentNames.REQUEST_TIMEOUT_SECONDS, "ten");
    assertInvalid(EnvironmentNames.MAX_RESPONSE_BYTES, "100");
    assertInvalid(EnvironmentNames.SUCCESS_ON, "2xx");
    assertInvalid(EnvironmentNames.RETRY_ON, "429;503");
    assertInvalid(EnvironmentNames.BACKOFF_INITIAL_DELAY_SECONDS, "-1");
    assertInvalid(EnvironmentNames.BACKOFF_MULTIPLIER, "0.9");
    assertInvalid(EnvironmentNames.BACKOFF_MULTIPLIER, "NaN");
    assertInvalid(EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS, "1.5");
    assertInvalid(EnvironmentNames.BACKOFF_JITTER, "HALF");
    assertInvalid(EnvironmentNames.HONOR_RETRY_AFTER, "yes");
    assertInvalid(EnvironmentNames.MAX_RETRY_AFTER_SECONDS, "-3");
  }

  /**
   * Hand-set values beyond the plugin's limits fail at init, not as an overflow in the wait maths
   * per call.
   */
  @Test
  void outOfRangeWaitsFailAtInitNamingTheVariable() {
    assertInvalid(EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS, "2147483647");
    assertInvalid(EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS, "3601");
    assertInvalid(EnvironmentNames.BACKOFF_INITIAL_DELAY_SECONDS, "2147483647");
    assertInvalid(EnvironmentNames.MAX_RETRY_AFTER_SECONDS, "2147483647");
    assertInvalid(EnvironmentNames.BACKOFF_MULTIPLIER, "1e308");
    assertInvalid(EnvironmentNames.BACKOFF_MULTIPLIER, "10.5");
    ProxyConfig edge =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "https://api.example.com",
                EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS,
                "3600",
                EnvironmentNames.BACKOFF_MULTIPLIER,
                "10"));
    // the largest accepted cap still draws a wait (before: nextInt(cap + 1) overflowed at call
    // time)
    assertThat(edge.backoff().draw(30, new SplittableRandom(1))).isBetween(0, 3600);
  }

  /**
   * One denylist (HeaderRules) for the plugin and the runtime: a refused name fails init, named.
   */
  @Test
  void forwardHeadersTheProxyRefusesFailAtInit() {
    for (String refused :
        List.of(
            "authorization",
            "host",
            "proxy-authorization",
            "x-forwarded-for",
            "forwarded",
            "x-amz-security-token",
            "connection",
            "proxy-connection",
            "te",
            "via",
            "x-http-method-override",
            "x-http-method",
            "x-method-override",
            "x-original-method",
            "x-original-url",
            "x-rewrite-url")) {
      assertThatThrownBy(
              () ->
                  ProxyConfig.fromEnvironment(
                      Map.of(
                          EnvironmentNames.TARGET_URL,
                          "https://api.example.com",
                          EnvironmentNames.FORWARD_HEADERS,
                          "accept," + refused)))
          .as(refused)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(EnvironmentNames.FORWARD_HEADERS)
          .hasMessageContaining("'" + refused + "'");
    }
  }

  private static void assertInvalid(String name, String value) {
    Map<String, String> env =
        name.equals(EnvironmentNames.TARGET_URL)
            ? Map.of(name, value)
            : Map.of(EnvironmentNames.TARGET_URL, "https://api.example.com", name, value);
    assertThatThrownBy(() -> ProxyConfig.fromEnvironment(env))
        .as("%s=%s", name, value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name);
  }
}
