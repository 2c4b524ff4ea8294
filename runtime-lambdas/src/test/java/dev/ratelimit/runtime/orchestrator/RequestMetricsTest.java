package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static dev.ratelimit.runtime.orchestrator.Support.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.MetricNames;
import dev.ratelimit.runtime.metrics.EmfSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestrator's EMF line per request, read with the strict {@link EmfSpec} reader. */
class RequestMetricsTest {
  static final String EXECUTION = "3b7f0c7e-1d2a-4e5b-9c8d-7e6f5a4b3c2d";
  static ExpressStub stub;
  final List<String> lines = new ArrayList<>();
  OrchestratorHandler handler;

  @BeforeAll
  static void start() {
    stub = new ExpressStub();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void handler() {
    handler =
        new OrchestratorHandler(config("EXPRESS"), stub.endpoint())
            .withMetrics(new RequestMetrics("RateLimitGateway", "vendor-gateway", lines::add));
  }

  FunctionUrlResponse call(String path) {
    return handler.handleRequest(
        event(
            "POST",
            path,
            "secret=q-123",
            Support.headers(
                "content-type", "application/json", "authorization", "Bearer caller-secret"),
            "{\"card\":\"4111\"}",
            false,
            EXECUTION),
        Support.context());
  }

  EmfSpec.Line onlyLine() {
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotContain("caller-secret", "q-123", "4111", "/v1/orders");
    return EmfSpec.read(lines.get(0));
  }

  @Test
  void aSucceededRequestCountsItsAttemptsAndLatency() {
    stub.answer(
        "SUCCEEDED",
        null,
        null,
        "{\"statusCode\":200,\"headers\":{},\"body\":\"{}\","
            + "\"isBase64Encoded\":false,\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\",\"attempt\":3}");

    call("/v1/orders");

    EmfSpec.Line line = onlyLine();
    assertThat(line.names())
        .containsExactly(
            MetricNames.REQUESTS,
            MetricNames.SUCCEEDED,
            MetricNames.FAILED,
            MetricNames.FAILED_4XX,
            MetricNames.FAILED_5XX,
            MetricNames.ATTEMPTS_PER_REQUEST,
            MetricNames.GATEWAY_LATENCY);
    assertThat(line.datum(MetricNames.SUCCEEDED).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.FAILED).value()).isZero();
    assertThat(line.datum(MetricNames.ATTEMPTS_PER_REQUEST).value()).isEqualTo(3);
    assertThat(line.datum(MetricNames.GATEWAY_LATENCY).unit()).isEqualTo("Milliseconds");
    assertThat(line.datum(MetricNames.REQUESTS).dimensionSets())
        .containsExactly(Map.of(MetricNames.WORKFLOW, "vendor-gateway"));
  }

  @Test
  void anUpstreamFailureCountsByTheCallersStatusClass() {
    stub.answer(
        "FAILED",
        "Upstream.429",
        ExpressOutcomeTest.cause(429, null, "text/plain", false, "slow", false, 4),
        null);

    call("/v1/orders");

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.FAILED).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.FAILED_4XX).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.FAILED_5XX).value()).isZero();
    assertThat(line.datum(MetricNames.ATTEMPTS_PER_REQUEST).value()).isEqualTo(4);
  }

  @Test
  void aTimeoutIsA5xxFailureWithoutAttempts() {
    stub.answer("TIMED_OUT", null, null, null);

    call("/v1/orders");

    EmfSpec.Line line = onlyLine();
    assertThat(line.datum(MetricNames.FAILED_5XX).value()).isEqualTo(1);
    assertThat(line.datum(MetricNames.ATTEMPTS_PER_REQUEST)).isNull();
  }

  @Test
  void aRejectedRequestIsA4xxFailure() {
    call("/v1/../admin");

    assertThat(onlyLine().datum(MetricNames.FAILED_4XX).value()).isEqualTo(1);
  }

  @Test
  void theReservedRoutesAreNotRequests() {
    call("/_ratelimit/executions/abc");

    assertThat(lines).isEmpty();
  }

  @Test
  void aStandardWorkflowEmitsNoRequestMetrics() {
    OrchestratorHandler standard =
        new OrchestratorHandler(config("STANDARD"), stub.endpoint())
            .withMetrics(new RequestMetrics("RateLimitGateway", "vendor-gateway", lines::add));

    standard.handleRequest(
        event("GET", "/v1/../x", "", Map.of(), "", false, EXECUTION), Support.context());

    assertThat(lines).isEmpty();
  }

  @Test
  void theEnvironmentTurnsThemOnOrOff() {
    assertThat(RequestMetrics.fromEnvironment(Map.of(), lines::add)).isNull();
    assertThat(
            RequestMetrics.fromEnvironment(
                Map.of(
                    EnvironmentNames.METRICS_NAMESPACE,
                    "N",
                    EnvironmentNames.METRICS_WORKFLOW,
                    "w"),
                lines::add))
        .isNotNull();
    assertThatThrownBy(
            () ->
                RequestMetrics.fromEnvironment(
                    Map.of(EnvironmentNames.METRICS_NAMESPACE, "N"), lines::add))
        .hasMessageContaining(EnvironmentNames.METRICS_WORKFLOW);
  }
}
