package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.ProxyError;
import dev.ratelimit.testsupport.TestLambdaContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy against a real HTTP server on 127.0.0.1. */
@ExtendWith(VendorStub.class)
class ProxyHandlerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00.250Z"), ZoneOffset.UTC);

  /** Started and emptied by {@link VendorStub}. */
  static WireMockServer wm;

  /**
   * A handler aimed at WireMock under the path prefix /base, jitter off so that waits are exact.
   */
  static ProxyHandler handler(String... env) {
    return handlerFor("http://127.0.0.1:" + wm.port() + "/base/", env);
  }

  static ProxyHandler handlerFor(String target, String... env) {
    Map<String, String> map = new HashMap<>();
    map.put(EnvironmentNames.TARGET_URL, target);
    map.put(EnvironmentNames.BACKOFF_JITTER, "NONE");
    for (int i = 0; i < env.length; i += 2) {
      map.put(env[i], env[i + 1]);
    }
    ProxyConfig config = ProxyConfig.fromEnvironment(map);
    return new ProxyHandler(
        config, ProxyHandler.newHttpClient(config), CLOCK, new SplittableRandom(7));
  }

  static ProxyRequest req(String method, String path, int attempt) {
    return new ProxyRequest(
        new HttpRequestData(method, path, null, new LinkedHashMap<>(), null, false), attempt);
  }

  static ProxyRequest req(String method, String path) {
    return req(method, path, 1);
  }

  static LoggedRequest onlyRequest() {
    assertThat(wm.getAllServeEvents()).hasSize(1);
    return wm.getAllServeEvents().get(0).getRequest();
  }

  @Test
  void successPassesStatusHeadersAndJsonBody() {
    wm.stubFor(
        get("/base/v1/items")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Multi", "a", "b")
                    .withHeader("Connection", "keep-alive")
                    .withBody("{\"ok\":true,\"name\":\"caf\u00e9\"}")));

    ProxyResult r = handler().handle(req("GET", "/v1/items", 2));

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).isEqualTo("{\"ok\":true,\"name\":\"caf\u00e9\"}");
    assertThat(r.getIsBase64Encoded()).isFalse();
    assertThat(r.getError()).isEmpty();
    assertThat(r.getCause()).isEmpty();
    assertThat(r.getWaitSeconds()).isZero();
    assertThat(r.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("x-multi", "a, b")
        .doesNotContainKey("connection");
    assertThat(r.getHeaders().keySet()).allMatch(k -> k.equals(k.toLowerCase()));
    assertThat(onlyRequest().getHeader("User-Agent")).isEqualTo(ProxyHandler.USER_AGENT);
  }

  @Test
  void retryAfterSecondsSetsTheWait() {
    wm.stubFor(
        get("/base/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

    ProxyResult r = handler().handle(req("GET", "/x", 1));

    assertThat(r.getStatusCode()).isEqualTo(429);
    assertThat(r.getWaitSeconds()).isEqualTo(7);
    assertThat(r.getError()).isEmpty();
    // The caller will get the vendor's Retry-After, counted down from when the proxy received it.
    assertThat(r.getCause())
        .isEqualTo(
            "{\"status\":429,\"error\":null,\"contentType\":null,"
                + "\"headers\":{\"retry-after\":\"7\"},\"retryAfter\":7,\"receivedAt\":"
                + CLOCK.millis()
                + ",\"isBase64Encoded\":false,\"body\":\"\",\"truncated\":false,\"attempt\":1}");
  }

  @Test
  void retryAfterHttpDateCountsFromTheClockRoundingUp() {
    // the clock is at 00:00:00.250, so 00:00:12 is 11.75 s away
    wm.stubFor(
        get("/base/x")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "Thu, 01 Jan 2026 00:00:12 GMT")));

    assertThat(handler().handle(req("GET", "/x")).getWaitSeconds()).isEqualTo(12);
  }

  @Test
  void garbageRetryAfterFallsBackToTheBackoff() {
    wm.stubFor(
        get("/base/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "soon")));

    // initial 1 × 2^(3−1) = 4, jitter NONE
    assertThat(handler().handle(req("GET", "/x", 3)).getWaitSeconds()).isEqualTo(4);
  }

  @Test
  void retryAfterAboveTheMaximumEndsTheExecutionWithTheVendorsAnswer() {
    // Waiting the cap and retrying would only hit the same wall: the caller gets the 429 and its
    // Retry-After.
    wm.stubFor(
        get("/base/x")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "3600")
                    .withHeader("Content-Type", "text/plain")
                    .withBody("slow down")));

    ProxyResult r = handler().handle(req("GET", "/x"));

    assertThat(r.getStatusCode()).isEqualTo(429);
    assertThat(r.getWaitSeconds()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.RETRY_AFTER_TOO_LONG);
    assertThat(r.getCause()).contains("\"retryAfter\":3600", "\"body\":\"slow down\"");
    assertThat(
            handler(
                    EnvironmentNames.MAX_RETRY_AFTER_SECONDS,
                    "3600",
                    EnvironmentNames.DEADLINE_SECONDS,
                    "86400")
                .handle(req("GET", "/x"))
                .getWaitSeconds())
        .isEqualTo(3600);
    // Allowed, but past the (default, 280 s) deadline.
    assertThat(
            handler(EnvironmentNames.MAX_RETRY_AFTER_SECONDS, "3600")
                .handle(req("GET", "/x"))
                .getError())
        .isEqualTo(ProxyError.DEADLINE_EXCEEDED);
  }

  /** A request of an execution that started {@code secondsAgo} before {@link #CLOCK}'s instant. */
  static ProxyRequest started(int secondsAgo, String path, int attempt) {
    ProxyRequest r = req("GET", path, attempt);
    r.setExecutionStartTime(CLOCK.instant().minusSeconds(secondsAgo).toString());
    return r;
  }

  @Test
  void vendorWaitThatDoesNotFitTheDeadlineEndsTheExecution() {
    wm.stubFor(
        get("/base/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

    // 280 s deadline, started 265 s ago: 15 s left, but 30 s + the next attempt do not fit
    ProxyResult r = handler().handle(started(265, "/x", 2));

    assertThat(r.getStatusCode()).isEqualTo(429);
    assertThat(r.getError()).isEqualTo(ProxyError.DEADLINE_EXCEEDED);
    assertThat(r.getWaitSeconds()).isZero();
    assertThat(r.getCause()).contains("\"retry-after\":\"30\"", "\"retryAfter\":30");
    // 10 s would fit: 15 s − 1 s answer reserve − 2 s to the next call − 1 s for the call itself =
    // 11 s
    wm.stubFor(
        get("/base/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "10")));
    ProxyResult fits = handler().handle(started(265, "/x", 2));
    assertThat(fits.getError()).isEmpty();
    assertThat(fits.getWaitSeconds()).isEqualTo(10);
  }

  @Test
  void backoffIsShortenedToFitTheDeadline() {
    wm.stubFor(get("/base/x").willReturn(aResponse().withStatus(503)));

    // attempt 5: 1 × 2^4 = 16 s backoff, but only 11 s fit (see above)
    ProxyResult r = handler().handle(started(265, "/x", 5));

    assertThat(r.getError()).isEmpty();
    assertThat(r.getWaitSeconds()).isEqualTo(11);
    // with no time left for any next attempt, the execution ends with the vendor's answer
    ProxyResult last = handler().handle(started(277, "/x", 5));
    assertThat(last.getStatusCode()).isEqualTo(503);
    assertThat(last.getError()).isEqualTo(ProxyError.DEADLINE_EXCEEDED);
  }

  @Test
  void noCallWhenTheDeadlineHasPassed() {
    wm.stubFor(get("/base/x").willReturn(aResponse().withStatus(200)));

    ProxyResult r = handler().handle(started(280, "/x", 3));

    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.DEADLINE_EXCEEDED);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void callerTimeoutShortensTheDeadlineAndIsNeverSentUpstream() {
    // A vendor slower than the caller's 5 s: the proxy gives up in time and ends the execution.
    // (forwardHeaders cannot name x-ratelimit-* at all: ProxyConfig refuses the gateway's own
    // headers.)
    wm.stubFor(get("/base/slow").willReturn(aResponse().withStatus(200).withFixedDelay(8000)));
    Map<String, String> env =
        Map.of(
            EnvironmentNames.TARGET_URL,
            "http://127.0.0.1:" + wm.port() + "/base",
            EnvironmentNames.FORWARD_HEADERS,
            "accept");
    ProxyConfig config = ProxyConfig.fromEnvironment(env);
    ProxyHandler handler = new ProxyHandler(config, ProxyHandler.newHttpClient(config));
    Map<String, String> headers =
        new LinkedHashMap<>(Map.of(Deadline.TIMEOUT_HEADER, "5", "accept", "*/*"));
    ProxyRequest request =
        new ProxyRequest(new HttpRequestData("GET", "/slow", null, headers, null, false), 1);
    Instant start = Instant.now();
    request.setExecutionStartTime(start.toString());

    ProxyResult r = handler.handle(request);

    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.DEADLINE_EXCEEDED);
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    LoggedRequest sent = onlyRequest();
    assertThat(sent.containsHeader(Deadline.TIMEOUT_HEADER)).isFalse();
    assertThat(sent.getHeader("Accept")).isEqualTo("*/*");
  }

  @Test
  void rateLimitFieldAloneSetsTheWait() {
    wm.stubFor(
        get("/base/x")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("RateLimit", "limit=10, remaining=0, reset=7")));

    ProxyResult r = handler().handle(req("GET", "/x"));

    assertThat(r.getError()).isEmpty();
    assertThat(r.getWaitSeconds()).isEqualTo(7);
    assertThat(r.getCause())
        .contains("\"ratelimit\":\"limit=10, remaining=0, reset=7\"")
        .doesNotContain("retryAfter");
  }

  @Test
  void causeCarriesOnlyTheAllowedVendorHeaders() {
    wm.stubFor(
        get("/base/x")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "text/plain")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"api\"")
                    .withHeader("Set-Cookie", "s=1")
                    .withHeader("X-RateLimit-Remaining", "59")
                    .withHeader("X-Internal-Host", "db7")
                    .withHeader("ETag", "\"v1\"")
                    .withBody("no")));

    ProxyResult r = handler().handle(req("GET", "/x"));

    assertThat(r.getCause())
        .contains(
            "\"headers\":{",
            "\"www-authenticate\":\"Bearer realm=\\\"api\\\"\"",
            "\"x-ratelimit-remaining\":\"59\"",
            "\"etag\":\"\\\"v1\\\"\"")
        .doesNotContain("set-cookie", "x-internal-host", "\"content-type\"");
  }

  @Test
  void retryAfterIsIgnoredWhenNotHonoured() {
    wm.stubFor(
        get("/base/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "50")));

    ProxyResult r =
        handler(EnvironmentNames.HONOR_RETRY_AFTER, "false").handle(req("GET", "/x", 2));

    assertThat(r.getWaitSeconds()).isEqualTo(2);
  }

  @Test
  void fullJitterDrawsFromTheInjectedRandom() {
    wm.stubFor(get("/base/x").willReturn(aResponse().withStatus(503)));
    ProxyConfig config =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "http://127.0.0.1:" + wm.port() + "/base",
                EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS,
                "1000"));
    ProxyHandler h =
        new ProxyHandler(
            config, ProxyHandler.newHttpClient(config), CLOCK, new SplittableRandom(3));
    SplittableRandom expected = new SplittableRandom(3);

    for (int attempt = 1; attempt <= 8; attempt++) {
      assertThat(h.handle(req("GET", "/x", attempt)).getWaitSeconds())
          .isEqualTo(expected.nextInt(config.backoff().capSeconds(attempt) + 1));
    }
  }

  @Test
  void serverErrorIsAResultWithCause() {
    wm.stubFor(
        get("/base/x")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("down \"now\"\n")));

    ProxyResult r = handler().handle(req("GET", "/x", 1));

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getBody()).isEqualTo("down \"now\"\n");
    assertThat(r.getError()).isEmpty();
    assertThat(r.getWaitSeconds()).isEqualTo(1);
    assertThat(r.getCause())
        .isEqualTo(
            "{\"status\":503,\"error\":null,\"contentType\":\"text/plain\","
                + "\"isBase64Encoded\":false,\"body\":\"down \\\"now\\\"\\n\",\"truncated\":false,\"attempt\":1}");
  }

  @Test
  void clientErrorIsFinalSoNoWait() {
    wm.stubFor(
        get("/base/missing")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"title\":\"nope\"}")));

    ProxyResult r = handler().handle(req("GET", "/missing", 2));

    assertThat(r.getStatusCode()).isEqualTo(404);
    assertThat(r.getBody()).isEqualTo("{\"title\":\"nope\"}");
    assertThat(r.getIsBase64Encoded()).isFalse();
    assertThat(r.getWaitSeconds()).isZero();
    assertThat(r.getCause())
        .contains(
            "\"status\":404",
            "\"contentType\":\"application/problem+json\"",
            "\"isBase64Encoded\":false",
            "\"body\":\"{\\\"title\\\":\\\"nope\\\"}\"")
        .endsWith(",\"attempt\":2}");
  }

  @Test
  void connectionRefusedIsConnectFailed() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    ProxyResult r = handlerFor("http://127.0.0.1:" + closedPort).handle(req("GET", "/x", 2));

    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.CONNECT_FAILED);
    assertThat(r.getWaitSeconds()).isEqualTo(2);
    assertThat(r.getHeaders()).isEmpty();
    assertThat(r.getBody()).isEmpty();
    assertThat(r.getCause())
        .isEqualTo(
            "{\"status\":0,\"error\":\"ConnectFailed\",\"contentType\":null,"
                + "\"isBase64Encoded\":false,\"body\":\"\",\"truncated\":false,\"attempt\":2}");
  }

  @Test
  void unresolvableHostIsConnectFailed() {
    ProxyResult r = handlerFor("http://no-such-host.invalid").handle(req("GET", "/x"));

    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.CONNECT_FAILED);
  }

  @Test
  void untrustedCertificateIsConnectFailed() {
    // WireMock's self-signed certificate fails the handshake: the request itself never left
    WireMockServer tls =
        new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
    tls.start();
    try {
      tls.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

      ProxyResult r = handlerFor("https://127.0.0.1:" + tls.httpsPort()).handle(req("GET", "/x"));

      assertThat(r.getStatusCode()).isZero();
      assertThat(r.getError()).isEqualTo(ProxyError.CONNECT_FAILED);
      assertThat(tls.getAllServeEvents()).isEmpty();
    } finally {
      tls.stop();
    }
  }

  @Test
  void resetByPeerIsConnectionReset() {
    wm.stubFor(get("/base/x").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ProxyResult r = handler().handle(req("GET", "/x", 1));

    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.CONNECTION_RESET);
    assertThat(r.getWaitSeconds()).isEqualTo(1);
    assertThat(r.getCause()).contains("\"error\":\"ConnectionReset\"");
  }

  @Test
  void slowAnswerIsTimeout() {
    wm.stubFor(get("/base/x").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

    ProxyResult r =
        handler(EnvironmentNames.REQUEST_TIMEOUT_SECONDS, "1").handle(req("GET", "/x", 1));

    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getError()).isEqualTo(ProxyError.TIMEOUT);
    assertThat(r.getCause()).contains("\"error\":\"Timeout\"");
  }

  @Test
  void bodyTricklingInPastTheDeadlineIsTimeout() {
    // headers come at once; the body takes 3 s in chunks
    wm.stubFor(
        get("/base/x")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("0123456789".repeat(10))
                    .withChunkedDribbleDelay(10, 3000)));

    ProxyResult r =
        handler(EnvironmentNames.REQUEST_TIMEOUT_SECONDS, "1").handle(req("GET", "/x", 1));

    assertThat(r.getError()).isEqualTo(ProxyError.TIMEOUT);
  }

  @Test
  void timeoutShrinksToTheLambdaTimeLeft() {
    // 10 s allowed per request, but only 1.6 s left of the invocation: the proxy must answer in
    // time
    wm.stubFor(get("/base/x").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    TestLambdaContext context = new TestLambdaContext(1600);

    ProxyResult r = handler().handleRequest(req("GET", "/x", 1), context);

    assertThat(r.getError()).isEqualTo(ProxyError.TIMEOUT);
  }

  @Test
  void oversizedBodyIsResponseTooLargeWithTheRealStatus() {
    wm.stubFor(
        get("/base/big")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withHeader("X-Request-Id", "abc")
                    .withBody("x".repeat(50_000))));

    ProxyResult r =
        handler(EnvironmentNames.MAX_RESPONSE_BYTES, "2000").handle(req("GET", "/big", 1));

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getError()).isEqualTo(ProxyError.RESPONSE_TOO_LARGE);
    assertThat(r.getBody()).isEmpty();
    assertThat(r.getIsBase64Encoded()).isFalse();
    assertThat(r.getHeaders()).containsEntry("x-request-id", "abc");
    assertThat(r.getCause())
        .startsWith(
            "{\"status\":200,\"error\":\"ResponseTooLarge\","
                + "\"contentType\":\"text/plain\",\"isBase64Encoded\":false,\"body\":\"xxx")
        .endsWith("\",\"truncated\":true,\"attempt\":1}");
    assertThat(SerializationTest.serialize(r).length).isLessThanOrEqualTo(2000);
  }

  @Test
  void bodyThatOnlyOutgrowsTheCapInBase64IsTooLarge() {
    // 1,800 raw bytes are under the 2,000-byte cap; base64 makes them 2,400
    wm.stubFor(
        get("/base/bin")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withBody(new byte[1800])));

    ProxyResult r =
        handler(EnvironmentNames.MAX_RESPONSE_BYTES, "2000").handle(req("GET", "/bin", 2));

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getError()).isEqualTo(ProxyError.RESPONSE_TOO_LARGE);
    assertThat(r.getWaitSeconds()).isEqualTo(2); // 503 stays retryable
    assertThat(SerializationTest.serialize(r).length).isLessThanOrEqualTo(2000);
    assertThat(r.getCause())
        .contains("\"isBase64Encoded\":true,\"body\":\"AAAA")
        .endsWith("\",\"truncated\":true,\"attempt\":2}");
  }

  @Test
  void causeSaysWhenItsBodyIsBase64() {
    // Not text by content type, by content encoding, or by charset: the cause carries base64, and
    // says so.
    Map<String, ResponseDefinitionBuilder> answers = new LinkedHashMap<>();
    answers.put(
        "octet",
        aResponse()
            .withStatus(503)
            .withHeader("Content-Type", "application/octet-stream")
            .withBody(new byte[] {1, 2, 3}));
    answers.put(
        "gzip",
        aResponse()
            .withStatus(503)
            .withHeader("Content-Type", "text/plain")
            .withHeader("Content-Encoding", "gzip")
            .withBody(new byte[] {1, 2, 3}));
    answers.put(
        "latin1",
        aResponse()
            .withStatus(503)
            .withHeader("Content-Type", "text/plain; charset=iso-8859-1")
            .withBody(new byte[] {1, 2, 3}));
    for (Map.Entry<String, ResponseDefinitionBuilder> a : answers.entrySet()) {
      wm.resetAll();
      wm.stubFor(get("/base/" + a.getKey()).willReturn(a.getValue()));

      ProxyResult r = handler().handle(req("GET", "/" + a.getKey(), 3));

      assertThat(r.getIsBase64Encoded()).as(a.getKey()).isTrue();
      assertThat(r.getCause())
          .as(a.getKey())
          .contains("\"isBase64Encoded\":true,\"body\":\"AQID\"")
          .endsWith(",\"truncated\":false,\"attempt\":3}");
    }
  }

  @Test
  void causeCarriesTheAttemptOnEveryFailureKind() {
    ProxyResult invalid = handler().handle(req("GET", "/a/../b", 4));
    assertThat(invalid.getError()).isEqualTo(ProxyError.INVALID_REQUEST);
    assertThat(invalid.getCause())
        .contains("\"isBase64Encoded\":false")
        .endsWith(",\"attempt\":4}");

    wm.stubFor(get("/base/gone").willReturn(aResponse().withStatus(410)));
    assertThat(handler().handle(req("GET", "/gone", 5)).getCause())
        .isEqualTo(
            "{\"status\":410,\"error\":null,\"contentType\":null,\"isBase64Encoded\":false,"
                + "\"body\":\"\",\"truncated\":false,\"attempt\":5}");
  }

  @Test
  void binaryBodiesRoundTripBothWays() {
    byte[] sent = new byte[256];
    byte[] answered = new byte[256];
    for (int i = 0; i < 256; i++) {
      sent[i] = (byte) i;
      answered[i] = (byte) (255 - i);
    }
    wm.stubFor(
        post("/base/upload")
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "image/png")
                    .withBody(answered)));
    ProxyRequest in = req("POST", "/upload");
    in.getRequest().setBody(Base64.getEncoder().encodeToString(sent));
    in.getRequest().setIsBase64Encoded(true);
    in.getRequest().getHeaders().put("Content-Type", "application/octet-stream");

    ProxyResult r = handler().handle(in);

    assertThat(onlyRequest().getBody()).isEqualTo(sent);
    assertThat(onlyRequest().getHeader("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.getStatusCode()).isEqualTo(201);
    assertThat(r.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(r.getBody())).isEqualTo(answered);
  }

  @Test
  void textThatIsNotUtf8TravelsAsBase64() {
    byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    wm.stubFor(
        get("/base/a")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withBody(latin1)));
    wm.stubFor(
        get("/base/b")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain; charset=ISO-8859-1")
                    .withBody(latin1)));
    wm.stubFor(
        get("/base/c")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=\"UTF-8\"")
                    .withBody("[1]")));

    ProxyResult a = handler().handle(req("GET", "/a"));
    ProxyResult b = handler().handle(req("GET", "/b"));
    ProxyResult c = handler().handle(req("GET", "/c"));

    assertThat(a.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(a.getBody())).isEqualTo(latin1);
    assertThat(b.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(b.getBody())).isEqualTo(latin1);
    assertThat(c.getIsBase64Encoded()).isFalse();
    assertThat(c.getBody()).isEqualTo("[1]");
  }

  @Test
  void redirectIsReturnedNotFollowed() {
    wm.stubFor(
        get("/base/old")
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "http://127.0.0.1:" + wm.port() + "/base/new")));
    wm.stubFor(get("/base/new").willReturn(aResponse().withStatus(200)));

    ProxyResult r = handler().handle(req("GET", "/old"));

    assertThat(r.getStatusCode()).isEqualTo(302);
    assertThat(r.getHeaders())
        .containsEntry("location", "http://127.0.0.1:" + wm.port() + "/base/new");
    assertThat(onlyRequest().getUrl()).isEqualTo("/base/old");
  }

  @Test
  void onlyAllowedHeadersAreForwarded() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    ProxyRequest in = req("GET", "/h");
    Map<String, String> h = in.getRequest().getHeaders();
    h.put("Accept", "application/json");
    h.put("X-Custom", "kept");
    h.put("Authorization", "Bearer gateway-secret");
    h.put("X-Amz-Security-Token", "aws-secret");
    h.put("x-amzn-trace-id", "Root=1");
    h.put("X-Forwarded-For", "10.0.0.1");
    h.put("Proxy-Authorization", "Basic xyz");
    h.put("Host", "evil.example");
    h.put("Cookie", "session=1");
    h.put("Idempotency-Key", "key-1");

    // listing authorization, x-amz-* or host fails at init (ProxyConfigTest); unlisted, they are
    // dropped
    handler(EnvironmentNames.FORWARD_HEADERS, "accept,x-custom").handle(in);

    LoggedRequest got = onlyRequest();
    assertThat(got.getHeader("Accept")).isEqualTo("application/json");
    assertThat(got.getHeader("X-Custom")).isEqualTo("kept");
    assertThat(got.getHeader("Idempotency-Key")).isEqualTo("key-1");
    assertThat(got.getHeader("User-Agent")).isEqualTo(ProxyHandler.USER_AGENT);
    assertThat(got.getHeader("Host")).isEqualTo("127.0.0.1:" + wm.port());
    for (String dropped :
        List.of(
            "Authorization",
            "X-Amz-Security-Token",
            "X-Amzn-Trace-Id",
            "X-Forwarded-For",
            "Proxy-Authorization",
            "Cookie")) {
      assertThat(got.containsHeader(dropped)).as(dropped).isFalse();
    }
  }

  @Test
  void idempotencyKeyIsAlwaysForwardedAndUserAgentCanBe() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    ProxyRequest in = req("POST", "/pay");
    in.getRequest().getHeaders().put("idempotency-key", "k-42");
    in.getRequest().getHeaders().put("user-agent", "caller/1.0");
    in.getRequest().getHeaders().put("content-type", "application/json");

    handler(EnvironmentNames.FORWARD_HEADERS, "user-agent").handle(in);

    LoggedRequest got = onlyRequest();
    assertThat(got.getHeader("Idempotency-Key")).isEqualTo("k-42");
    assertThat(got.getHeader("User-Agent")).isEqualTo("caller/1.0");
    assertThat(got.containsHeader("Content-Type")).isFalse();
  }

  @Test
  void otherUnusablePayloadsAreInvalidRequests() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    ProxyHandler h = handler();
    ProxyRequest badQuery = req("GET", "/a");
    badQuery.getRequest().setQuery("a=1#x");
    ProxyRequest spaceQuery = req("GET", "/a");
    spaceQuery.getRequest().setQuery("a=1 2");
    ProxyRequest badBase64 = req("POST", "/a");
    badBase64.getRequest().setBody("not base64!");
    badBase64.getRequest().setIsBase64Encoded(true);
    ProxyRequest crlfHeader = req("GET", "/a");
    crlfHeader.getRequest().getHeaders().put("accept", "a\r\nX-Injected: 1");

    for (ProxyRequest in :
        List.of(
            req(null, "/a"),
            req("", "/a"),
            req("GE T", "/a"),
            req("GET", null),
            req("GET", "/a", 0),
            new ProxyRequest(null, 1),
            badQuery,
            spaceQuery,
            badBase64,
            crlfHeader)) {
      assertThat(h.handle(in).getError()).isEqualTo(ProxyError.INVALID_REQUEST);
    }
    assertThat(h.handle(null).getError()).isEqualTo(ProxyError.INVALID_REQUEST);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void queryStringIsPassedThrough() {
    wm.stubFor(get(urlPathEqualTo("/base/search")).willReturn(aResponse().withStatus(200)));
    ProxyRequest in = req("GET", "/search");
    in.getRequest().setQuery("q=a%20b&tag=x&tag=y&empty=");

    assertThat(handler().handle(in).getStatusCode()).isEqualTo(200);
    assertThat(onlyRequest().getUrl()).isEqualTo("/base/search?q=a%20b&tag=x&tag=y&empty=");
  }

  @Test
  void emptyQueryAddsNoQuestionMark() {
    wm.stubFor(get(urlEqualTo("/base/a")).willReturn(aResponse().withStatus(200)));
    ProxyRequest in = req("GET", "/a");
    in.getRequest().setQuery("");

    assertThat(handler().handle(in).getStatusCode()).isEqualTo(200);
    assertThat(onlyRequest().getUrl()).isEqualTo("/base/a");
  }

  @Test
  void textBodyIsPosted() {
    wm.stubFor(
        post("/base/orders")
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":1}")));
    ProxyRequest in = req("POST", "/orders");
    in.getRequest().setBody("{\"item\":\"th\u00e9\"}");
    in.getRequest().getHeaders().put("content-type", "application/json");

    ProxyResult r = handler().handle(in);

    assertThat(r.getStatusCode()).isEqualTo(201);
    assertThat(r.getBody()).isEqualTo("{\"id\":1}");
    LoggedRequest got = onlyRequest();
    assertThat(got.getMethod().getName()).isEqualTo("POST");
    assertThat(got.getBody()).isEqualTo("{\"item\":\"th\u00e9\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(got.getHeader("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void otherMethodsPassThrough() {
    wm.stubFor(request("PATCH", urlEqualTo("/base/r")).willReturn(aResponse().withStatus(204)));
    wm.stubFor(
        request("HEAD", urlEqualTo("/base/r"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withHeader("Content-Length", "5")));
    wm.stubFor(request("DELETE", urlEqualTo("/base/r")).willReturn(aResponse().withStatus(202)));

    assertThat(handler().handle(req("PATCH", "/r")).getStatusCode()).isEqualTo(204);
    ProxyResult head = handler().handle(req("HEAD", "/r"));
    assertThat(head.getStatusCode()).isEqualTo(200);
    assertThat(head.getBody()).isEmpty();
    assertThat(handler().handle(req("DELETE", "/r")).getStatusCode()).isEqualTo(202);
  }

  @Test
  void logsOneLineWithoutQueryHeadersOrBody() {
    wm.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("server-secret-body")));
    ProxyRequest in = req("POST", "/v1/pay", 3);
    in.getRequest().setQuery("api_key=query-secret");
    in.getRequest().setBody("body-secret");
    in.getRequest().getHeaders().put("accept", "header-secret");
    TestLambdaContext context = new TestLambdaContext(0);

    handler().handleRequest(in, context);

    assertThat(context.lines).hasSize(1);
    String line = context.lines.get(0);
    assertThat(line)
        .startsWith("{")
        .endsWith("}")
        .contains(
            "\"attempt\":3",
            "\"method\":\"POST\"",
            "\"path\":\"/v1/pay\"",
            "\"statusCode\":503",
            "\"error\":\"\"",
            "\"waitSeconds\":4",
            "\"elapsedMs\":")
        .doesNotContain("secret");
  }
}
