package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vendor cookies: dropped by default (they belong to the gateway's identity); with {@code
 * RATELIMIT_FORWARD_COOKIES=true} kept one per line, never comma-joined (an {@code Expires} date
 * holds a comma). The caller's {@code cookie} header goes upstream only with the same switch.
 */
class ProxyCookiesTest {
  static final String EXPIRES = "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/";
  static WireMockServer wm;

  @BeforeAll
  static void start() {
    ProxyHandlerTest.start();
    wm = ProxyHandlerTest.wm;
  }

  @AfterAll
  static void stop() {
    ProxyHandlerTest.stop();
  }

  @BeforeEach
  void twoCookies() {
    wm.resetAll();
    wm.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withHeader("Set-Cookie", EXPIRES, "b=2; HttpOnly")
                    .withBody("ok")));
  }

  static ProxyRequest withCookie() {
    LinkedHashMap<String, String> headers = new LinkedHashMap<>();
    headers.put("cookie", "session=abc");
    return new ProxyRequest(new HttpRequestData("GET", "/a", null, headers, null, false), 1);
  }

  @Test
  void byDefaultCookiesAreDroppedBothWays() {
    ProxyResult r =
        ProxyHandlerTest.handler(EnvironmentNames.FORWARD_HEADERS, "accept,cookie")
            .handle(withCookie());

    assertThat(r.getHeaders())
        .doesNotContainKey("set-cookie")
        .containsEntry("content-type", "text/plain");
    LoggedRequest sent = wm.getAllServeEvents().get(0).getRequest();
    assertThat(sent.containsHeader("Cookie")).isFalse();
  }

  @Test
  void optedInCookiesTravelOnePerLine() {
    ProxyResult r =
        ProxyHandlerTest.handler(EnvironmentNames.FORWARD_COOKIES, "true").handle(withCookie());

    assertThat(r.getHeaders()).containsEntry("set-cookie", EXPIRES + "\nb=2; HttpOnly");
    assertThat(wm.getAllServeEvents().get(0).getRequest().getHeader("Cookie"))
        .isEqualTo("session=abc");
  }
}
