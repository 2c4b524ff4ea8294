package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ratelimit.runtime.contract.ProxyError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor key never leaves the proxy, whatever the vendor echoes; a rotated key heals within the
 * invocation; the key fetch and the request share the invocation's time.
 */
class KeyLeakTest {
  static final String KEY = "sk-live/9f8e7d+6c5b4a=3210";
  static HttpServer echo;

  /** What the echo server answers: a status, a content type and an encoding (null: identity). */
  static final AtomicReference<Object[]> mode = new AtomicReference<>();

  @BeforeAll
  static void start() throws IOException {
    ProxyHandlerTest.start();
    echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        exchange -> {
          // An /anything-style endpoint: the request's headers, raw, in a JSON body, base64 and
          // URL-encoded too.
          StringBuilder headers = new StringBuilder();
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) ->
                      headers
                          .append(name)
                          .append(": ")
                          .append(String.join(",", values))
                          .append('\n'));
          String seen = headers.toString();
          String key = exchange.getRequestHeaders().getFirst("Authorization");
          String text =
              "{\"error\":\"invalid key "
                  + key
                  + "\",\"method\":\""
                  + exchange.getRequestMethod()
                  + "\",\"headers\":\""
                  + seen.replace("\n", "\\n").replace("/", "\\/")
                  + "\",\"b64\":\""
                  + Base64.getEncoder().encodeToString(seen.getBytes(StandardCharsets.UTF_8))
                  + "\",\"url\":\"/r?k="
                  + URLEncoder.encode(key, StandardCharsets.UTF_8)
                  + "\"}";
          Object[] m = mode.get();
          byte[] body = text.getBytes(StandardCharsets.UTF_8);
          if ("utf-16"
              .equals(m[2])) { // not a content coding: the body in the charset its type declares
            body = text.getBytes(StandardCharsets.UTF_16BE);
          } else if ("gzip".equals(m[2])) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bytes)) {
              gz.write(body);
            }
            body = bytes.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
          }
          exchange.getResponseHeaders().set("Content-Type", (String) m[1]);
          exchange
              .getResponseHeaders()
              .set("WWW-Authenticate", "Bearer error=\"invalid_token\", key=\"" + key + "\"");
          exchange
              .getResponseHeaders()
              .set(
                  "X-Request-Auth-B64",
                  Base64.getEncoder()
                      .encodeToString(("user:" + key).getBytes(StandardCharsets.UTF_8)));
          exchange.getResponseHeaders().set("X-Ratelimit-Redacted", "forged");
          exchange.sendResponseHeaders((Integer) m[0], body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    echo.start();
  }

  @AfterAll
  static void stop() {
    echo.stop(0);
    ProxyHandlerTest.stop();
  }

  @BeforeEach
  void reset() {
    ProxyHandlerTest.wm.resetAll();
    mode.set(new Object[] {401, "application/json", null});
  }

  static ProxyHandler handler(String target, ApiKeySource source) {
    return ApiKeyTest.handler(target, "authorization", source);
  }

  static ProxyHandler echoHandler(String key) {
    return handler(
        "http://127.0.0.1:" + echo.getAddress().getPort() + "/base",
        new ApiKeyTest.ScriptedSource(key));
  }

  static ProxyRequest req(String method) {
    return new ProxyRequest(
        new HttpRequestData(
            method,
            "/anything",
            "a=1",
            new LinkedHashMap<>(),
            method.equals("GET") ? null : "{}",
            false),
        1);
  }

  /** Every encoding of the key a reader of the result could decode. */
  static List<String> encodings(String key) {
    List<String> forms =
        new ArrayList<>(
            List.of(
                key,
                key.replace("/", "\\/"),
                URLEncoder.encode(key, StandardCharsets.UTF_8),
                key.substring(key.indexOf(' ') + 1)));
    for (String prefix : new String[] {"", "a", "ab", "user:"}) {
      byte[] b = (prefix + key).getBytes(StandardCharsets.UTF_8);
      String std = Base64.getEncoder().withoutPadding().encodeToString(b);
      String url = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      int start = prefix.isEmpty() ? 0 : (prefix.length() * 4 + 2) / 3 + 1;
      forms.add(std.substring(start, std.length() - 2));
      forms.add(url.substring(start, url.length() - 2));
    }
    return forms;
  }

  /** The result as the workflow sees it, its cause, its toString and the log line. */
  static String everythingThatLeaves(ProxyResult r, TestContext context) {
    String json = new String(SerializationTest.serialize(r), StandardCharsets.UTF_8);
    String decoded =
        r.getIsBase64Encoded()
            ? new String(Base64.getDecoder().decode(r.getBody()), StandardCharsets.ISO_8859_1)
            : "";
    return json
        + "\n"
        + r.getCause()
        + "\n"
        + decoded
        + "\n"
        + r
        + "\n"
        + String.join("\n", context.lines);
  }

  @Test
  void anEchoing401ReturnsTheKeyInNoEncoding() {
    for (String key :
        new String[] {
          KEY,
          "Bearer " + KEY,
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("apiuser:" + KEY).getBytes(StandardCharsets.UTF_8))
        }) {
      TestContext context = new TestContext(30_000);

      ProxyResult r = echoHandler(key).handleRequest(req("POST"), context);

      assertThat(r.getStatusCode()).as(key).isEqualTo(401);
      String out = everythingThatLeaves(r, context);
      assertThat(out)
          .as(key)
          .doesNotContain(encodings(key))
          .doesNotContain(encodings(KEY))
          .contains("invalid key", KeyScrubber.MARK);
      // The cause (the caller's body on failure) says so; the vendor's own header of that name is
      // dropped.
      assertThat(r.getCause()).contains("\"redacted\":\"body, headers\"");
      assertThat(r.getHeaders())
          .containsEntry(HttpRules.REDACTED_HEADER, "body, headers")
          .doesNotContainKeys("www-authenticate", "x-request-auth-b64");
    }
  }

  @Test
  void aContentTypeCarryingTheKeyReachesNeitherTheCauseNorTheHeaders() {
    mode.set(new Object[] {401, "text/plain; k=" + KEY, null});
    TestContext context = new TestContext(30_000);

    ProxyResult r = echoHandler(KEY).handleRequest(req("GET"), context);

    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(everythingThatLeaves(r, context))
        .doesNotContain(encodings(KEY))
        .contains("invalid key");
    assertThat(r.getCause()).contains("\"contentType\":null");
    assertThat(r.getHeaders())
        .doesNotContainKey("content-type")
        .containsEntry(HttpRules.REDACTED_HEADER, "body, headers");
  }

  @Test
  void aBinaryBodyIsDecodedScrubbedAndReencoded() {
    mode.set(new Object[] {200, "application/octet-stream", null});
    TestContext context = new TestContext(30_000);

    ProxyResult r = echoHandler(KEY).handleRequest(req("GET"), context);

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getIsBase64Encoded()).isTrue();
    String decoded = new String(Base64.getDecoder().decode(r.getBody()), StandardCharsets.UTF_8);
    assertThat(decoded).contains("invalid key " + KeyScrubber.MARK);
    assertThat(everythingThatLeaves(r, context)).doesNotContain(encodings(KEY));
    assertThat(r.getHeaders()).containsEntry(HttpRules.REDACTED_HEADER, "body, headers");
  }

  @Test
  void aCompressedBodyTheProxyCannotReadIsWithheld() {
    mode.set(new Object[] {200, "application/json", "gzip"});
    TestContext context = new TestContext(30_000);

    ProxyResult r = echoHandler(KEY).handleRequest(req("GET"), context);

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).isEmpty();
    assertThat(r.getHeaders()).containsEntry(HttpRules.REDACTED_HEADER, "body, headers");
    // the proxy asked for a readable body
    assertThat(everythingThatLeaves(r, context)).doesNotContain(encodings(KEY));
  }

  @Test
  void aBodyInACharsetTheProxyCannotCheckIsWithheld() {
    mode.set(new Object[] {200, "text/plain; charset=UTF-16BE", "utf-16"});
    TestContext context = new TestContext(30_000);

    ProxyResult r = echoHandler(KEY).handleRequest(req("GET"), context);

    assertThat(r.getStatusCode()).isEqualTo(200);
    // in UTF-16 the key's bytes are interleaved with zeros: no form would match them
    assertThat(new String(Base64.getDecoder().decode(r.getBody()), StandardCharsets.UTF_16BE))
        .doesNotContain(KEY);
    assertThat(r.getBody()).isEmpty();
    assertThat(r.getHeaders()).containsEntry(HttpRules.REDACTED_HEADER, "body, headers");
  }

  @Test
  void traceIsNeverSent() {
    ProxyResult r = echoHandler(KEY).handle(req("TRACE"));

    assertThat(r.getError()).isEqualTo(ProxyError.INVALID_REQUEST);
    assertThat(r.getCause()).contains("method is not one the gateway forwards");
  }

  // ---- rotation ----

  private static void vendorAccepts(String key) {
    ProxyHandlerTest.wm.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("revoked")));
    ProxyHandlerTest.wm.stubFor(
        any(anyUrl())
            .withHeader("authorization", equalTo(key))
            .willReturn(aResponse().withStatus(201).withBody("done")));
  }

  @Test
  void aRotatedKeyIsFetchedAgainAndTheRequestRetriedOnceEvenForPost() {
    vendorAccepts("new-key-456789");
    ApiKeyTest.ScriptedSource source =
        new ApiKeyTest.ScriptedSource("old-key-123456", "new-key-456789");
    ProxyHandler h = handler("http://127.0.0.1:" + ProxyHandlerTest.wm.port(), source);

    ProxyResult r = h.handleRequest(req("POST"), new TestContext(30_000));

    // before: the cached old key was used until the container recycled, and the caller got the 401
    assertThat(r.getStatusCode()).isEqualTo(201);
    assertThat(source.fetches).hasValue(2);
    assertThat(ProxyHandlerTest.wm.getAllServeEvents()).hasSize(2);
    // the next call uses the new key at once
    assertThat(h.handle(req("GET")).getStatusCode()).isEqualTo(201);
    assertThat(source.fetches).hasValue(2);
  }

  @Test
  void aRefusalWithAnUnchangedSecretIsTheAnswerWithoutASecondRequest() {
    vendorAccepts("some-other-key");
    ApiKeyTest.ScriptedSource source = new ApiKeyTest.ScriptedSource("old-key-123456");
    ProxyHandler h = handler("http://127.0.0.1:" + ProxyHandlerTest.wm.port(), source);

    ProxyResult r = h.handle(req("GET"));

    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(ProxyHandlerTest.wm.getAllServeEvents()).hasSize(1);
    assertThat(source.fetches).hasValue(2); // one forced fetch: same key, so no second request
    assertThat(h.handle(req("GET")).getStatusCode()).isEqualTo(401);
    assertThat(source.fetches)
        .hasValue(2); // forced moments ago: a steady 401 costs no fetch per call
  }

  // ---- the time budget ----

  @Test
  void aSlowKeyFetchShortensTheRequestSoBothFitTheInvocation() {
    ProxyHandlerTest.wm.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
    List<Duration> budgets = new ArrayList<>();
    ApiKeySource slow =
        new ApiKeySource() {
          @Override
          public String fetch() {
            throw new AssertionError("the handler passes its budget");
          }

          @Override
          public String fetch(Duration budget) {
            budgets.add(budget);
            try {
              Thread.sleep(1_500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return KEY;
          }
        };
    long end = System.nanoTime() + 4_500_000_000L; // the Lambda dies 4.5 s from now
    TestContext context =
        new TestContext(() -> (int) ((end - System.nanoTime()) / 1_000_000), "r", "p");
    ProxyHandler h = handler("http://127.0.0.1:" + ProxyHandlerTest.wm.port(), slow);

    ProxyResult r = h.handleRequest(req("GET"), context);

    assertThat(r.getError()).isEqualTo(ProxyError.TIMEOUT);
    // the fetch was bounded by what the request leaves: 4.5 s - 1 s reserve - 0.5 s grace - 1 s
    // request
    assertThat(budgets)
        .singleElement()
        .satisfies(b -> assertThat(b.toMillis()).isBetween(1_000L, 2_000L));
    // before: the deadline was taken before the fetch (3 s), so fetch + request ran to ~5 s and
    // Lambda killed it
    assertThat(context.getRemainingTimeInMillis()).isGreaterThan(0);
  }
}
