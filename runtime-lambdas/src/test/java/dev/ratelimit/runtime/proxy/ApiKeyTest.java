package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.ProxyError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vendor key: set on every upstream call, cached with a TTL, never in results or logs. */
class ApiKeyTest {
  static final String KEY = "sk-live-9f8e7d6c5b4a3210";
  static final String ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor-key-AbCdEf";

  /** Answers from a script: a string is the key, an exception is thrown; counts the fetches. */
  static final class ScriptedSource implements ApiKeySource {
    final List<Object> script = new ArrayList<>();
    final AtomicInteger fetches = new AtomicInteger();

    ScriptedSource(Object... answers) {
      script.addAll(List.of(answers));
    }

    @Override
    public String fetch() throws Unavailable {
      int i = fetches.getAndIncrement();
      Object answer = script.get(Math.min(i, script.size() - 1));
      if (answer instanceof Unavailable u) {
        throw u;
      }
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      return (String) answer;
    }
  }

  @BeforeAll
  static void start() {
    ProxyHandlerTest.start();
  }

  @AfterAll
  static void stop() {
    ProxyHandlerTest.stop();
  }

  @BeforeEach
  void reset() {
    ProxyHandlerTest.wm.resetAll();
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{}")));
  }

  static ProxyHandler handler(ApiKeySource source, String... env) {
    return handler(
        "http://127.0.0.1:" + ProxyHandlerTest.wm.port() + "/base/", "X-Api-Key", source, env);
  }

  /**
   * A keyed proxy for {@code target}, the key in {@code header}; {@code env} adds or overrides
   * variables.
   */
  static ProxyHandler handler(String target, String header, ApiKeySource source, String... env) {
    Map<String, String> map = new HashMap<>();
    map.put(EnvironmentNames.TARGET_URL, target);
    map.put(EnvironmentNames.BACKOFF_JITTER, "NONE");
    map.put(EnvironmentNames.API_KEY_SECRET_ARN, ARN);
    map.put(EnvironmentNames.API_KEY_HEADER, header);
    for (int i = 0; i < env.length; i += 2) {
      map.put(env[i], env[i + 1]);
    }
    ProxyConfig config = ProxyConfig.fromEnvironment(map);
    return new ProxyHandler(
        config,
        ProxyHandler.newHttpClient(config),
        ProxyHandlerTest.CLOCK,
        new SplittableRandom(7),
        source);
  }

  static ProxyRequest req(Map<String, String> headers) {
    return new ProxyRequest(
        new HttpRequestData("GET", "/v1/items", null, new LinkedHashMap<>(headers), null, false),
        1);
  }

  static List<String> upstreamValues(String header) {
    LoggedRequest r = ProxyHandlerTest.onlyRequest();
    return r.getHeaders().getHeader(header).isPresent()
        ? r.getHeaders().getHeader(header).values()
        : List.of();
  }

  @Test
  void upstreamGetsTheTrimmedKeyInTheConfiguredHeader() {
    ProxyResult r = handler(new ScriptedSource("  " + KEY + " \n")).handle(req(Map.of()));

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getError()).isEmpty();
    assertThat(upstreamValues("x-api-key")).containsExactly(KEY);
  }

  @Test
  void aCallersHeaderOfTheSameNameIsReplacedByTheKey() {
    ProxyHandler h =
        handler(new ScriptedSource(KEY), EnvironmentNames.FORWARD_HEADERS, "accept,x-api-key");

    h.handle(req(Map.of("X-API-KEY", "caller-key", "Accept", "application/json")));

    assertThat(upstreamValues("x-api-key")).containsExactly(KEY);
    assertThat(upstreamValues("accept")).containsExactly("application/json");
  }

  @Test
  void theKeyIsFetchedOnceWithinItsTtl() {
    ScriptedSource source = new ScriptedSource(KEY);
    ProxyHandler h = handler(source);

    for (int i = 0; i < 4; i++) {
      assertThat(h.handle(req(Map.of())).getStatusCode()).isEqualTo(200);
    }

    assertThat(source.fetches).hasValue(1);
    assertThat(ProxyHandlerTest.wm.getAllServeEvents())
        .hasSize(4)
        .allSatisfy(e -> assertThat(e.getRequest().getHeader("x-api-key")).isEqualTo(KEY));
  }

  @Test
  void concurrentFirstCallsFetchOnce() throws Exception {
    CountDownLatch inFetch = new CountDownLatch(1);
    AtomicInteger fetches = new AtomicInteger();
    ApiKeySource slow =
        () -> {
          fetches.incrementAndGet();
          inFetch.countDown();
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return KEY;
        };
    ProxyHandler h = handler(slow);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<ProxyResult>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> h.handle(req(Map.of())));
      }
      for (Future<ProxyResult> f : pool.invokeAll(calls)) {
        assertThat(f.get().getStatusCode()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void aFailedFetchIsASecretUnavailableResultAndIsRetriedOnTheNextInvocation() {
    ScriptedSource source =
        new ScriptedSource(
            new ApiKeySource.Unavailable("GetSecretValue failed: AccessDeniedException (HTTP 400)"),
            KEY);
    ProxyHandler h = handler(source);
    TestContext context = new TestContext(30_000);

    ProxyResult failed = h.handleRequest(req(Map.of()), context);

    assertThat(failed.getStatusCode()).isZero();
    assertThat(failed.getError()).isEqualTo(ProxyError.SECRET_UNAVAILABLE);
    // retryable on the next proxy now, so it gets the backoff like a network error (jitter NONE: 1
    // s)
    assertThat(failed.getWaitSeconds()).isEqualTo(1);
    assertThat(failed.getCause())
        .contains("\"error\":\"SecretUnavailable\"")
        .contains("AccessDeniedException");
    assertThat(ProxyHandlerTest.wm.getAllServeEvents()).isEmpty(); // nothing left without the key
    assertThat(context.lines).singleElement().asString().contains("SecretUnavailable");

    ProxyResult ok = h.handle(req(Map.of()));
    h.handle(req(Map.of()));

    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(source.fetches).hasValue(2);
  }

  @Test
  void aFailedFetchForAnInvalidAttemptIsStillAResult() {
    ProxyResult r =
        handler(new ScriptedSource(new ApiKeySource.Unavailable("down")))
            .handle(new ProxyRequest(req(Map.of()).getRequest(), 0));

    assertThat(r.getError()).isEqualTo(ProxyError.SECRET_UNAVAILABLE);
    assertThat(r.getWaitSeconds()).isZero();
  }

  @Test
  void anUnexpectedExceptionsMessageIsNotRepeated() {
    ProxyResult r =
        handler(new ScriptedSource(new IllegalStateException("leaky " + KEY)))
            .handle(req(Map.of()));

    assertThat(r.getError()).isEqualTo(ProxyError.SECRET_UNAVAILABLE);
    assertThat(r.getCause())
        .contains(IllegalStateException.class.getName())
        .doesNotContain(KEY, "leaky");
  }

  @Test
  void aKeyThatCannotBeAHeaderValueIsUnavailableWithoutBeingQuoted() {
    ScriptedSource source = new ScriptedSource("line1\r\nInjected: " + KEY, "", KEY);
    ProxyHandler h = handler(source);

    ProxyResult bad = h.handle(req(Map.of()));
    ProxyResult empty = h.handle(req(Map.of()));
    ProxyResult ok = h.handle(req(Map.of()));

    assertThat(bad.getError()).isEqualTo(ProxyError.SECRET_UNAVAILABLE);
    assertThat(bad.getCause()).contains("not a valid header value").doesNotContain(KEY, "line1");
    assertThat(empty.getCause()).contains("empty");
    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(source.fetches).hasValue(3);
  }

  @Test
  void theKeyNeverReachesTheSerializedResultOrTheLog() {
    // A vendor echoing the key back in its response headers (some debugging endpoints do).
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "text/plain")
                    .withHeader("X-Api-Key", KEY)
                    .withHeader("X-Echo", "received key " + KEY)
                    .withHeader("X-Other", "kept")
                    .withBody("overloaded")));
    TestContext context = new TestContext(30_000);
    ProxyHandler h = handler(new ScriptedSource(KEY));

    ProxyResult r = h.handleRequest(req(Map.of("x-api-key", "caller")), context);

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeaders())
        .containsEntry("x-other", "kept")
        .doesNotContainKeys("x-api-key", "x-echo");
    String json = new String(SerializationTest.serialize(r), StandardCharsets.UTF_8);
    assertThat(json).contains("overloaded").doesNotContain(KEY);
    assertThat(r.toString()).doesNotContain(KEY);
    assertThat(context.lines).hasSize(1);
    assertThat(context.lines.get(0)).contains("\"statusCode\":503").doesNotContain(KEY);
  }

  @Test
  void failureResultsAndLogsHoldNoKeyEither() {
    ProxyHandler h =
        handler(
            new ScriptedSource(
                new ApiKeySource.Unavailable(
                    "GetSecretValue failed:" + " ResourceNotFoundException (HTTP 400)")));
    TestContext context = new TestContext(30_000);

    ProxyResult r = h.handleRequest(req(Map.of("x-api-key", KEY)), context);

    String json = new String(SerializationTest.serialize(r), StandardCharsets.UTF_8);
    assertThat(json).contains("SecretUnavailable").doesNotContain(KEY);
    assertThat(context.lines)
        .singleElement()
        .asString()
        .doesNotContain(KEY)
        .contains("ResourceNotFoundException");
  }

  @Test
  void aSourceWithoutAConfiguredHeaderIsAProgrammingError() {
    ProxyConfig config =
        ProxyConfig.fromEnvironment(Map.of(EnvironmentNames.TARGET_URL, "https://a.example"));

    assertThatThrownBy(
            () ->
                new ProxyHandler(
                    config,
                    ProxyHandler.newHttpClient(config),
                    ProxyHandlerTest.CLOCK,
                    null,
                    new ScriptedSource(KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EnvironmentNames.API_KEY_HEADER);
  }

  @Test
  void withoutAKeyNoHeaderIsAddedAndCallersHeaderIsForwardedAsBefore() {
    ProxyHandlerTest.handler(EnvironmentNames.FORWARD_HEADERS, "x-api-key")
        .handle(req(Map.of("x-api-key", "callers-own")));

    assertThat(upstreamValues("x-api-key")).containsExactly("callers-own");
  }

  // ---- configuration ----

  @Test
  void arnAndHeaderAreReadAndTheHeaderLowerCased() {
    ProxyConfig c =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "https://a.example",
                EnvironmentNames.API_KEY_SECRET_ARN,
                " " + ARN + " ",
                EnvironmentNames.API_KEY_HEADER,
                "X-Api-Key"));

    assertThat(c.apiKeySecretArn()).isEqualTo(ARN);
    assertThat(c.apiKeyHeader()).isEqualTo("x-api-key");
    ProxyConfig none =
        ProxyConfig.fromEnvironment(Map.of(EnvironmentNames.TARGET_URL, "https://a.example"));
    assertThat(none.apiKeySecretArn()).isNull();
    assertThat(none.apiKeyHeader()).isNull();
  }

  @Test
  void arnAndHeaderComeTogetherOrNotAtAll() {
    assertThatThrownBy(
            () ->
                ProxyConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.TARGET_URL,
                        "https://a.example",
                        EnvironmentNames.API_KEY_SECRET_ARN,
                        ARN)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(EnvironmentNames.API_KEY_SECRET_ARN)
        .hasMessageContaining(EnvironmentNames.API_KEY_HEADER)
        .hasMessageContaining("together");
    assertThatThrownBy(
            () ->
                ProxyConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.TARGET_URL,
                        "https://a.example",
                        EnvironmentNames.API_KEY_HEADER,
                        "x-api-key")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("together");
  }

  @Test
  void invalidHeaderNamesAndArnsAreRejected() {
    for (String header :
        List.of(
            "Host",
            "content-length",
            "Connection",
            "transfer-encoding",
            "te",
            "upgrade",
            "proxy-authorization",
            "forwarded",
            "X-Forwarded-Host",
            "proxy-connection",
            "via",
            "x api key",
            "x-api-key:",
            "x\u00e9",
            "(x)")) {
      assertThatThrownBy(
              () ->
                  ProxyConfig.fromEnvironment(
                      Map.of(
                          EnvironmentNames.TARGET_URL,
                          "https://a.example",
                          EnvironmentNames.API_KEY_SECRET_ARN,
                          ARN,
                          EnvironmentNames.API_KEY_HEADER,
                          header)))
          .as(header)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(EnvironmentNames.API_KEY_HEADER)
          .hasMessageContaining("x-api-key");
    }
    for (String arn :
        List.of("vendor-key", "arn:aws:s3:::bucket/key", "arn:aws:ssm:us-east-1:1:parameter/x")) {
      assertThatThrownBy(
              () ->
                  ProxyConfig.fromEnvironment(
                      Map.of(
                          EnvironmentNames.TARGET_URL,
                          "https://a.example",
                          EnvironmentNames.API_KEY_SECRET_ARN,
                          arn,
                          EnvironmentNames.API_KEY_HEADER,
                          "x-api-key")))
          .as(arn)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(EnvironmentNames.API_KEY_SECRET_ARN)
          .hasMessageContaining("arn:aws:secretsmanager:");
    }
    // Authorization is a common vendor key header: allowed (the caller's own is still never
    // forwarded).
    assertThat(
            ProxyConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.TARGET_URL,
                        "https://a.example",
                        EnvironmentNames.API_KEY_SECRET_ARN,
                        ARN,
                        EnvironmentNames.API_KEY_HEADER,
                        "Authorization"))
                .apiKeyHeader())
        .isEqualTo("authorization");
  }
}
