package dev.ratelimit.simulate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.LambdaFailure;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.asl.local.VirtualTime;
import dev.ratelimit.model.WorkflowSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generated workflow run locally against the real proxy handler and a WireMock vendor. */
class InProcessProxiesTest {
  static WireMockServer vendor;

  @BeforeAll
  static void start() {
    vendor = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    vendor.start();
  }

  @AfterAll
  static void stop() {
    vendor.stop();
  }

  @BeforeEach
  void reset() {
    vendor.resetAll();
  }

  static WorkflowSpec.Builder spec(String url) {
    return WorkflowSpec.builder().workflowName("sim").targetUrl(url).allowInsecureHttp(true);
  }

  record Run(ExecutionResult result, InProcessProxies proxies, VirtualTime time) {}

  static Run run(WorkflowSpec spec, String method) {
    VirtualTime time = Sleeper.virtual(WorkflowScenariosTest.T0);
    SplittableRandom random = new SplittableRandom(11);
    InProcessProxies proxies = InProcessProxies.of(spec, time.asClock(), random.split());
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            WorkflowScenariosTest.asl(spec), spec.workflowName(), proxies, time, random);
    return new Run(runner.run(WorkflowScenariosTest.input(method)), proxies, time);
  }

  @Test
  @DisplayName("429 with Retry-After: 1, then 200 -> SUCCEEDED after 2 calls; simulated time +1 s")
  void retryAfterThenSuccess() {
    vendor.stubFor(
        get("/v1/items")
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"slow down\"}"))
            .willSetStateTo("open"));
    vendor.stubFor(
        get("/v1/items")
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"items\":[1]}")));

    Run r = run(spec("http://127.0.0.1:" + vendor.port()).build(), "GET");

    assertThat(r.result().status())
        .as(r.result().describe())
        .isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.result().lambdaCalls()).isEqualTo(2);
    vendor.verify(2, getRequestedFor(urlEqualTo("/v1/items")));
    assertThat(r.result().waits("Wait1")).containsExactly(Duration.ofSeconds(1));
    assertThat(r.time().elapsed()).isEqualTo(Duration.ofSeconds(1));
    JsonNode out = WorkflowScenariosTest.parse(r.result().output());
    assertThat(out.get("statusCode").asInt()).isEqualTo(200);
    assertThat(out.get("body").asText()).isEqualTo("{\"items\":[1]}");
    assertThat(out.get("attempt").asInt()).isEqualTo(2);
    assertThat(out.get("headers").get("content-type").asText()).isEqualTo("application/json");
    // two different proxies served the two attempts
    assertThat(r.result().invokedFunctions()).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("a vendor that always answers 404 -> FAILED Upstream.404 with the body in the cause")
  void notFound() {
    vendor.stubFor(
        get("/v1/items")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"gone\"}")));

    Run r = run(spec("http://127.0.0.1:" + vendor.port()).build(), "GET");

    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.result().error()).isEqualTo("Upstream.404");
    JsonNode cause = WorkflowScenariosTest.parse(r.result().cause());
    assertThat(cause.get("status").asInt()).isEqualTo(404);
    assertThat(cause.get("body").asText()).isEqualTo("{\"message\":\"gone\"}");
    assertThat(cause.get("attempt").asInt()).isEqualTo(1);
    assertThat(r.result().lambdaCalls()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "no vendor listening -> ConnectFailed on every proxy in turn -> Upstream.Unreachable")
  void unreachable() {
    WorkflowSpec spec = spec("http://127.0.0.1:1").backoffInitialDelaySeconds(0).build();

    Run r = run(spec, "GET");

    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.result().error()).isEqualTo("Upstream.Unreachable");
    assertThat(r.result().lambdaCalls()).isEqualTo(spec.maxAttempts());
    int total = 0;
    for (int n = 1; n <= spec.proxies(); n++) {
      assertThat(r.proxies().calls(n)).as("proxy %d", n).isEqualTo(1);
      total += r.proxies().calls(n);
    }
    assertThat(total).isEqualTo(spec.maxAttempts());
  }

  @Test
  @DisplayName("an unknown function fails like Lambda's ResourceNotFoundException")
  void unknownFunction() {
    InProcessProxies proxies =
        InProcessProxies.of(
            spec("http://127.0.0.1:1").build(), Clock.systemUTC(), new SplittableRandom(1));
    Assertions.assertThatThrownBy(() -> proxies.invoke("other-proxy-1", "{}"))
        .isInstanceOfSatisfying(
            LambdaFailure.class,
            f -> assertThat(f.error()).isEqualTo("Lambda.ResourceNotFoundException"));
  }
}
