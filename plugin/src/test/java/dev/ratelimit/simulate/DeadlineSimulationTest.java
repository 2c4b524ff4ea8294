package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.model.ScenarioSpecs;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.testsupport.DeadlineScenario;
import dev.ratelimit.testsupport.StubVendor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deadline end to end on this machine: the real orchestrator, the generated workflow in the
 * local executor, the real proxies, against a local vendor that never lets anyone through. Times
 * are the feature here (a caller's deadline), so they are asserted with the documented margins.
 */
class DeadlineSimulationTest {
  private StubVendor vendor;

  /** A vendor that answers every request {@code status} after {@code delayMillis}, with headers. */
  private String vendor(int status, long delayMillis, String... headers) {
    List<String> withCookie = new ArrayList<>(List.of(headers));
    withCookie.addAll(List.of("Set-Cookie", "session=vendor"));
    vendor = new StubVendor(status, delayMillis, withCookie.toArray(String[]::new));
    return vendor.url();
  }

  @AfterEach
  void stop() {
    if (vendor != null) {
      vendor.close();
    }
  }

  @Test
  void retryAfter600EndsAtOnceAndTheCallerLearnsWhenToComeBack() throws Exception {
    String url = vendor(429, 0, "Retry-After", "600");
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("deadline")
            .targetUrl(url)
            .allowInsecureHttp(true)
            .proxies(3)
            .build();
    Simulation.Settings settings = new Simulation.Settings(3, 1, 10, 10, 0, 0, 0, 0, 7, url);
    SimulationRun run =
        new Simulation(spec, WorkflowScenariosTest.asl(spec), settings)
            .run(Simulation.Progress.NONE);

    assertThat(run.requests())
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.httpStatus()).isEqualTo(429);
              assertThat(r.execution().lambdaCalls()).isEqualTo(1);
              assertThat(r.execution().duration()).isLessThan(Duration.ofSeconds(2));
              assertThat(Integer.parseInt(r.answer().headers().get("retry-after")))
                  .isBetween(598, 600);
              assertThat(r.answer().headers())
                  .containsEntry("content-type", "application/json")
                  .containsEntry("x-ratelimit-attempts", "1")
                  .doesNotContainKey("set-cookie");
              assertThat(r.answer().body()).isEqualTo("{\"error\":\"busy\"}");
            });
    assertThat(vendor.calls()).isEqualTo(3);
    assertThat(SimulationJson.write(run)).contains("\"retry-after\" : \"");
  }

  /** The caller's timeout plus the documented margin (docs/configuration.md, "The deadline"). */
  static final Duration TIMEOUT_PLUS_MARGIN =
      Duration.ofSeconds(DeadlineScenario.TIMEOUT_SECONDS + 1);

  /** One request with the caller's timeout through the local gateway, in real time. */
  private LocalGateway.Exchange callWithTimeout(WorkflowSpec spec) {
    InProcessProxies proxies =
        InProcessProxies.of(spec, Clock.systemUTC(), new SplittableRandom(1));
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            WorkflowScenariosTest.asl(spec),
            spec.workflowName(),
            proxies,
            Sleeper.real(),
            new SplittableRandom(2));
    LocalGateway gateway = new LocalGateway(spec, runner, Clock.systemUTC(), line -> {});
    String timeout = String.valueOf(DeadlineScenario.TIMEOUT_SECONDS);
    return gateway.call(
        "req-1", "GET", "/v1/items", "", Map.of("X-Ratelimit-Timeout", timeout), "");
  }

  /** The deadline table (test-support), which DeadlineConformanceIT runs in moto. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ratelimit.testsupport.DeadlineScenario#all")
  void callerTimeoutBoundsTheAnswer(DeadlineScenario scenario) {
    try (StubVendor stub = scenario.startVendor()) {
      WorkflowSpec spec =
          ScenarioSpecs.builder(scenario.workflow())
              .targetUrl(stub.url())
              .allowInsecureHttp(true)
              .build();
      Instant sent = Instant.now();

      LocalGateway.Exchange x = callWithTimeout(spec);

      assertThat(Duration.between(sent, Instant.now())).isLessThan(TIMEOUT_PLUS_MARGIN);
      assertThat(x.execution().error()).isEqualTo(scenario.error());
      assertThat(x.answer().status()).isEqualTo(scenario.callerStatus());
      assertThat(x.execution().lambdaCalls()).isBetween(1, scenario.maxProxyCalls());
      if (scenario.error().equals("Deadline.Exceeded")) {
        assertThat(x.answer().body()).contains("DeadlineExceeded");
      } else {
        assertThat(x.answer().body()).isEqualTo(StubVendor.BODY);
      }
    }
  }
}
