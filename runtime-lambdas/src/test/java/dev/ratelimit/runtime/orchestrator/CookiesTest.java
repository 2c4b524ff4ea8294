package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static dev.ratelimit.runtime.orchestrator.Support.event;
import static dev.ratelimit.runtime.orchestrator.Support.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cookies (payload format 2.0): request cookies arrive in {@code event.cookies}, vendor cookies
 * leave in the response's {@code cookies} list; both only with {@code
 * RATELIMIT_FORWARD_COOKIES=true}, dropped by default.
 */
class CookiesTest {
  static final String EXPIRES = "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/";
  static final String OUTPUT_WITH_COOKIES =
      "{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\","
          + "\"set-cookie\":\""
          + EXPIRES
          + "\\nb=2; HttpOnly\"},\"body\":\"ok\",\"isBase64Encoded\":false,"
          + "\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\"}";
  static ExpressStub stub;

  @BeforeAll
  static void start() {
    stub = new ExpressStub();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void answerWithCookies() {
    stub.answer("SUCCEEDED", null, null, OUTPUT_WITH_COOKIES);
  }

  static OrchestratorHandler handler(boolean forwardCookies) {
    return new OrchestratorHandler(
        config(
            "EXPRESS",
            EnvironmentNames.FORWARD_COOKIES,
            String.valueOf(forwardCookies),
            EnvironmentNames.FORWARD_HEADERS,
            "accept,cookie"),
        stub.endpoint());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> sentHeaders() {
    return (Map<String, Object>) RequestMappingTest.sentRequest(stub).get("headers");
  }

  @Test
  void byDefaultNoCookieTravelsEitherWay() {
    FunctionUrlEvent e = fixture("get-text.json"); // cookies: ["session=abc"]
    e.getHeaders().put("cookie", "smuggled=1"); // even listed in forwardHeaders: never from headers

    FunctionUrlResponse r = handler(false).handleRequest(e, null);

    assertThat(sentHeaders()).doesNotContainKey("cookie");
    assertThat(r.getCookies()).isNull();
    assertThat(r.getHeaders()).doesNotContainKey("set-cookie");
    assertThat(Support.serialized(r)).doesNotContainKey("cookies");
  }

  @Test
  void optedInRequestCookiesComeFromEventCookies() {
    FunctionUrlEvent e =
        event("GET", "/a", "", Support.headers("cookie", "smuggled=1"), null, false, "c");
    e.setCookies(List.of("session=abc", "theme=dark"));

    handler(true).handleRequest(e, null);

    assertThat(sentHeaders()).containsEntry("cookie", "session=abc; theme=dark");
  }

  @Test
  void optedInVendorCookiesBecomeTheCookiesListOneEach() {
    FunctionUrlResponse r =
        handler(true).handleRequest(event("GET", "/a", "", Map.of(), null, false, "c"), null);

    assertThat(r.getCookies()).containsExactly(EXPIRES, "b=2; HttpOnly");
    assertThat(r.getHeaders()).doesNotContainKey("set-cookie");
    Map<String, Object> wire = Support.serialized(r);
    assertThat(wire.get("cookies")).isEqualTo(List.of(EXPIRES, "b=2; HttpOnly"));
    assertThat(((Map<?, ?>) wire.get("headers")).containsKey("set-cookie")).isFalse();
  }
}
