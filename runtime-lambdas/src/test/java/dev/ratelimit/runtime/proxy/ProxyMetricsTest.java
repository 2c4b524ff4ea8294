package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.MetricNames;
import dev.ratelimit.runtime.contract.ProxyError;
import dev.ratelimit.runtime.metrics.EmfSpec;
import dev.ratelimit.testsupport.TestLambdaContext;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy's EMF lines, read with the strict {@link EmfSpec} reader: one per attempt, numbers
 * only.
 */
@ExtendWith(VendorStub.class)
class ProxyMetricsTest {
  static final String SECRET_HEADER_VALUE = "Bearer caller-secret-4711";
  static final String SECRET_QUERY = "token=query-secret-0815";
  static final String SECRET_BODY = "vendor-body-secret-1234";

  final List<String> lines = new ArrayList<>();

  @BeforeEach
  void reset() {
    lines.clear();
  }

  ProxyHandler handler(String... env) {
    return ProxyHandlerTest.handler(env)
        .withMetrics("RateLimitGateway", "orders", "orders-proxy-2", lines::add);
  }

  static ProxyRequest request(int attempt) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", SECRET_HEADER_VALUE);
    return new ProxyRequest(
        new HttpRequestData("GET", "/v1/items", SECRET_QUERY, headers, "", false), attempt);
  }

  EmfSpec.Line onlyLine() {
    assertThat(lines).hasSize(1);
    return EmfSpec.read(lines.get(0));
  }

  @Test
  void aSuccessIsOneAttemptOfClass2xxWithItsLatencyAndNoWait() {
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));

    handler().handle(request(1));

    EmfSpec.Line line = onlyLine();
    assertThat(line.timestamp()).isEqualTo(ProxyHandlerTest.CLOCK.millis());
    assertThat(line.names())
        .containsExactly(
            MetricNames.ATTEMPTS,
            MetricNames.UPSTREAM_2XX,
            MetricNames.UPSTREAM_429,
            MetricNames.UPSTREAM_5XX,
            MetricNames.UPSTREAM_OTHER,
            MetricNames.UPSTREAM_NETWORK_ERROR,
            MetricNames.UPSTREAM_LATENCY);
    assertThat(line.datum(MetricNames.UPSTREAM_2XX).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.UPSTREAM_429).value()).isZero();
    assertThat(line.datum(MetricNames.UPSTREAM_LATENCY).unit()).isEqualTo("Milliseconds");
    assertThat(line.datum(MetricNames.ATTEMPTS).unit()).isEqualTo("Count");
    EmfSpec.Datum attempts = line.datum(MetricNames.ATTEMPTS);
    assertThat(attempts.namespace()).isEqualTo("RateLimitGateway");
    assertThat(attempts.dimensionSets())
        .containsExactly(
            Map.of(MetricNames.WORKFLOW, "orders", MetricNames.PROXY, "orders-proxy-2"),
            Map.of(MetricNames.WORKFLOW, "orders"));
  }

  @Test
  void aThrottleCarriesTheChosenWaitAndTheVendorsRetryAfter() {
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "45").withBody(SECRET_BODY)));

    ProxyResult r = handler().handle(request(1));

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.UPSTREAM_429).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.UPSTREAM_2XX).value()).isZero();
    assertThat(line.datum(MetricNames.RETRY_AFTER_SECONDS).value()).isEqualTo(45);
    assertThat(line.datum(MetricNames.RETRY_AFTER_SECONDS).unit()).isEqualTo("Seconds");
    assertThat(line.datum(MetricNames.WAIT_SECONDS).value())
        .isEqualTo(r.getWaitSeconds())
        .isEqualTo(45);
  }

  @Test
  void aRetryAfterAboveTheCapEndsTheExecutionWithoutAWait() {
    // maxRetryAfterSeconds is 60: the vendor's 120 ends the execution (RetryAfterTooLong); no wait
    // is chosen
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "120")
                    .withBody(SECRET_BODY)));

    ProxyResult r = handler().handle(request(1));

    assertThat(r.getError()).isEqualTo(ProxyError.RETRY_AFTER_TOO_LONG);
    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.RETRY_AFTER_SECONDS).value()).isEqualTo(120);
    assertThat(line.datum(MetricNames.WAIT_SECONDS)).isNull();
  }

  @Test
  void aServerErrorWithoutRetryAfterWaitsTheBackoff() {
    ProxyHandlerTest.wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)));

    handler().handle(request(2));

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.UPSTREAM_5XX).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.WAIT_SECONDS).value())
        .isEqualTo(2); // 1 s x 2^(2-1), jitter off
    assertThat(line.datum(MetricNames.RETRY_AFTER_SECONDS)).isNull();
  }

  @Test
  void aNotRetryableAnswerIsOtherAndChoosesNoWait() {
    ProxyHandlerTest.wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404)));

    handler().handle(request(1));

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.UPSTREAM_OTHER).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.WAIT_SECONDS)).isNull();
    assertThat(line.datum(MetricNames.UPSTREAM_LATENCY)).isNotNull();
  }

  @Test
  void aConnectFailureIsANetworkError() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ProxyHandler h =
        ProxyHandlerTest.handlerFor("http://127.0.0.1:" + closedPort + "/base")
            .withMetrics("RateLimitGateway", "orders", "orders-proxy-1", lines::add);

    h.handle(request(1));

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.UPSTREAM_NETWORK_ERROR).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.UPSTREAM_OTHER).value()).isZero();
    assertThat(line.datum(MetricNames.WAIT_SECONDS)).isNotNull();
  }

  @Test
  void aRefusedPayloadSentNothingSoItHasNoLatency() {
    handler()
        .handle(new ProxyRequest(new HttpRequestData("GET", "//evil", "", Map.of(), "", false), 1));

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.UPSTREAM_OTHER).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.UPSTREAM_LATENCY)).isNull();
    assertThat(ProxyHandlerTest.wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void noSecretHeaderValueQueryOrBodyEverAppears() {
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "3")
                    .withHeader("X-Echo", SECRET_HEADER_VALUE)
                    .withBody(SECRET_BODY)));
    ApiKeyTest.ScriptedSource key = new ApiKeyTest.ScriptedSource(ApiKeyTest.KEY);
    ProxyHandler h =
        ApiKeyTest.handler(key, EnvironmentNames.FORWARD_HEADERS, "accept")
            .withMetrics("RateLimitGateway", "orders", "orders-proxy-1", lines::add);

    h.handle(request(1));

    String line = lines.get(0);
    EmfSpec.read(line);
    assertThat(line)
        .doesNotContain(
            ApiKeyTest.KEY,
            SECRET_HEADER_VALUE,
            "caller-secret",
            SECRET_QUERY,
            "query-secret",
            SECRET_BODY,
            "/v1/items");
    // only _aws, the two dimensions and numbers
    assertThat(EmfSpec.read(line).members().entrySet())
        .allSatisfy(
            e ->
                assertThat(
                        e.getKey().equals("_aws")
                            || e.getValue().isNumber()
                            || e.getKey().equals(MetricNames.WORKFLOW)
                            || e.getKey().equals(MetricNames.PROXY))
                    .as(e.getKey())
                    .isTrue());
  }

  @Test
  void withoutTheNamespaceNothingIsEmitted() {
    ProxyHandlerTest.wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)));
    TestLambdaContext context = new TestLambdaContext(30_000);

    ProxyHandlerTest.handler().handleRequest(request(1), context);

    assertThat(context.lines).hasSize(1).noneMatch(l -> l.contains("_aws"));
  }

  @Test
  void namesThatNeedEscapingStayValidJson() {
    ProxyHandlerTest.wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)));

    ProxyHandlerTest.handler()
        .withMetrics("Team \"A\"", "wf\\1", "p", lines::add)
        .handle(request(1));

    assertThat(onlyLine().datum(MetricNames.ATTEMPTS).namespace()).isEqualTo("Team \"A\"");
  }

  @Test
  void aMissingWorkflowIsRefusedAtInit() {
    assertThatThrownBy(
            () -> ProxyHandlerTest.handler().withMetrics("RateLimitGateway", null, "p", lines::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(EnvironmentNames.METRICS_WORKFLOW)
        .hasMessageContaining(EnvironmentNames.METRICS_NAMESPACE);
  }

  @Test
  void everyLineIsStrictEmfAcrossManyAttempts() {
    ProxyHandlerTest.wm.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));
    ProxyHandler h = handler();
    for (int attempt = 1; attempt <= 5; attempt++) {
      h.handle(request(attempt));
    }
    assertThat(lines)
        .hasSize(5)
        .allSatisfy(
            l -> {
              EmfSpec.Line line = EmfSpec.read(l);
              assertThat(line.datum(MetricNames.RETRY_AFTER_SECONDS).value())
                  .isZero(); // a date in the past
            });
    Map<String, Double> sums = new HashMap<>();
    lines.forEach(
        l -> EmfSpec.read(l).data().forEach(d -> sums.merge(d.name(), d.value(), Double::sum)));
    assertThat(sums)
        .containsEntry(MetricNames.ATTEMPTS, 5.0)
        .containsEntry(MetricNames.UPSTREAM_5XX, 5.0);
  }

  @Test
  void theStrictReaderRefusesBrokenLines() {
    String good =
        "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"]],"
            + "\"Metrics\":[{\"Name\":\"M\",\"Unit\":\"Count\"}]}]},\"D\":\"v\",\"M\":1}";
    EmfSpec.read(good);
    assertThatThrownBy(() -> EmfSpec.read(good.replace("\"Count\"", "\"Counts\"")))
        .hasMessageContaining("Unit");
    assertThatThrownBy(() -> EmfSpec.read(good.replace("\"D\":\"v\"", "\"D\":1")))
        .hasMessageContaining("dimension");
    assertThatThrownBy(() -> EmfSpec.read(good.replace("\"M\":1", "\"M\":\"1\"")))
        .hasMessageContaining("number");
    assertThatThrownBy(() -> EmfSpec.read(good.replace("\"Timestamp\":1,", "")))
        .hasMessageContaining("Timestamp");
    assertThatThrownBy(() -> EmfSpec.read("x" + good)).hasMessageContaining("one JSON object");
    assertThatThrownBy(() -> EmfSpec.read(good.replace("[[\"D\"]]", "[\"D\"]")))
        .hasMessageContaining("array");
  }

  /**
   * Only the Lambda runtime's constructor reads the process environment: a handler built for the
   * local simulation in a shell that exports a metrics namespace neither fails nor writes lines the
   * template did not ask for.
   */
  @Test
  void onlyTheLambdaConstructorReadsTheProcessEnvironment() throws Exception {
    for (boolean complete : new boolean[] {false, true}) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  System.getProperty("java.home")
                      + File.separator
                      + "bin"
                      + File.separator
                      + "java",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ShellEnvironmentProbe.class.getName())
              .redirectErrorStream(true);
      pb.environment().put(EnvironmentNames.METRICS_NAMESPACE, "FromTheShell");
      if (complete) {
        pb.environment().put(EnvironmentNames.METRICS_WORKFLOW, "shell");
        pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", "shell-proxy");
      }
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).as(out).contains("constructed, metrics off");
    }
  }
}
