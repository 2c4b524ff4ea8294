package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.model.WorkflowSpec;
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

  static WorkflowSpec spec(int proxies, String targetUrl) {
    return WorkflowSpec.builder()
        .workflowName("deadline")
        .targetUrl(targetUrl)
        .allowInsecureHttp(true)
        .proxies(proxies)
        .build();
  }

  @Test
  void retryAfter600EndsAtOnceAndTheCallerLearnsWhenToComeBack() throws Exception {
    String url = vendor(429, 0, "Retry-After", "600");
    WorkflowSpec spec = spec(3, url);
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

  /** The caller's 5 s plus the documented margin (docs/configuration.md, "The deadline"). */
  static final Duration TIMEOUT_PLUS_MARGIN = Duration.ofSeconds(5 + 1);

  /** One request with {@code x-ratelimit-timeout: 5} through the local gateway, in real time. */
  private LocalGateway.Exchange callWithTimeout5(WorkflowSpec spec) {
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
    return gateway.call("req-1", "GET", "/v1/items", "", Map.of("X-Ratelimit-Timeout", "5"), "");
  }

  @Test
  void callerTimeoutBoundsASlowVendor() throws Exception {
    WorkflowSpec spec = spec(3, vendor(200, 8_000));
    Instant sent = Instant.now();

    LocalGateway.Exchange x = callWithTimeout5(spec);

    assertThat(Duration.between(sent, Instant.now())).isLessThan(TIMEOUT_PLUS_MARGIN);
    assertThat(x.answer().status()).isEqualTo(504);
    assertThat(x.answer().body()).contains("DeadlineExceeded");
    assertThat(x.execution().error()).isEqualTo("Deadline.Exceeded");
  }

  @Test
  void callerTimeoutBoundsAVendorThatKeepsAnswering503() throws Exception {
    WorkflowSpec spec = spec(3, vendor(503, 200));
    Instant sent = Instant.now();

    LocalGateway.Exchange x = callWithTimeout5(spec);

    assertThat(Duration.between(sent, Instant.now())).isLessThan(TIMEOUT_PLUS_MARGIN);
    assertThat(x.answer().status()).isEqualTo(503);
    assertThat(x.answer().body()).isEqualTo("{\"error\":\"busy\"}");
    assertThat(x.execution().lambdaCalls()).isGreaterThanOrEqualTo(1);
    assertThat(x.execution().error()).isEqualTo("Upstream.503");
  }
}
