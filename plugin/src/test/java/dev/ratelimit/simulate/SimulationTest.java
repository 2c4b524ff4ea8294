package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.asl.local.HistoryEvent;
import dev.ratelimit.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The whole simulation: generated workflow, real proxies, per-source mock, real time. */
class SimulationTest {

  static WorkflowSpec spec() {
    return WorkflowSpec.builder()
        .workflowName("sim")
        .targetUrl("https://api.vendor.example/v1")
        .proxies(3)
        .maxAttempts(6)
        .egress("STATIC_IPS")
        .maxRetryAfterSeconds(5)
        .backoffMaxDelaySeconds(5)
        .requestTimeoutSeconds(5)
        .build();
  }

  @Test
  void sharedEgressPutsTheProxiesBehindAsManyAddressesAsAwsIsAssumedToGive() throws Exception {
    WorkflowSpec shared =
        WorkflowSpec.builder()
            .workflowName("sim")
            .targetUrl("https://api.vendor.example/v1")
            .proxies(3)
            .maxAttempts(3)
            .requestTimeoutSeconds(5)
            .build();
    Simulation.Settings settings = new Simulation.Settings(12, 4, 100, 100, 0, 0, 0, 0, 1, null);
    Simulation one = new Simulation(shared, WorkflowScenariosTest.asl(shared), settings);
    assertThat(one.sourceAddresses()).isEqualTo(Simulation.DEFAULT_SHARED_ADDRESSES).isEqualTo(1);
    one.run(Simulation.Progress.NONE);
    assertThat(one.sourceCounts()).containsOnlyKeys("127.0.0.2");

    Simulation two =
        new Simulation(shared, WorkflowScenariosTest.asl(shared), settings).sharedAddresses(2);
    two.run(Simulation.Progress.NONE);
    assertThat(two.sourceCounts().keySet()).isSubsetOf("127.0.0.2", "127.0.0.3");
    // more shared addresses than proxies: each proxy its own, no more
    assertThat(new Simulation(shared, "{}", settings).sharedAddresses(9).sourceAddresses())
        .isEqualTo(3);
    assertThat(new Simulation(spec(), "{}", settings).sharedAddresses(1).sourceAddresses())
        .as("STATIC_IPS ignores the SHARED assumption")
        .isEqualTo(3);
    assertThatThrownBy(() -> one.sharedAddresses(0))
        .hasMessageStartingWith("Invalid <simulation><sharedAddresses> '0'");
  }

  @Test
  void threeProxiesGetPastAPerSourceLimit() throws Exception {
    WorkflowSpec spec = spec();
    Simulation.Settings settings = new Simulation.Settings(40, 4, 5, 5, 0, 0, 0, 0, 1, null);
    Simulation simulation = new Simulation(spec, WorkflowScenariosTest.asl(spec), settings);
    AtomicInteger progress = new AtomicInteger();
    SimulationRun run =
        simulation.run((done, total, ok) -> progress.accumulateAndGet(done, Math::max));

    SimulationSummary summary = SimulationSummary.of(run);
    assertThat(summary.succeeded()).as(summary.toString()).isEqualTo(40);
    assertThat(progress.get()).isEqualTo(40);
    assertThat(run.requests())
        .hasSize(40)
        .allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(200));
    // the caller's side, as the real orchestrator answered it
    assertThat(run.requests())
        .allSatisfy(
            r ->
                assertThat(r.answer().headers())
                    .containsKeys("x-ratelimit-execution", "x-ratelimit-attempts"));
    assertThat(summary.upstreamCalls()).isGreaterThanOrEqualTo(40);
    assertThat(summary.callsPerSuccess()).isGreaterThanOrEqualTo(1.0);
    assertThat(summary.toString())
        .startsWith("40 requests: 40 succeeded, 0 failed; ")
        .contains(" per success; latency p50 ");
    // the mock saw the three proxies as three sources, and nothing else
    assertThat(simulation.sourceCounts()).containsOnlyKeys("127.0.0.2", "127.0.0.3", "127.0.0.4");
    int seen =
        simulation.sourceCounts().values().stream()
            .mapToInt(MockVendorApi.SourceCounts::requests)
            .sum();
    assertThat(seen).isEqualTo(summary.upstreamCalls());
    assertThat(run.settings()).containsEntry("requests", "40").containsEntry("concurrency", "4");
    String json = SimulationJson.write(run);
    assertThat(json)
        .startsWith("{\n  \"workflowName\" : \"sim\",\n  \"settings\"")
        .contains("\"succeeded\" : 40")
        .contains("\"response\" : {");
  }

  @Test
  void resetsAndOversizedBodiesReachTheWorkflowAsTheProxyReportsThem() throws Exception {
    WorkflowSpec spec = spec();
    Simulation.Settings faulty = new Simulation.Settings(20, 2, 100, 100, 0, 0, 0.3, 0.3, 3, null);
    Simulation simulation = new Simulation(spec, WorkflowScenariosTest.asl(spec), faulty);
    SimulationRun run = simulation.run(Simulation.Progress.NONE);
    assertThat(run.requests()).hasSize(20);
    int resets =
        simulation.sourceCounts().values().stream()
            .mapToInt(MockVendorApi.SourceCounts::resets)
            .sum();
    int oversized =
        simulation.sourceCounts().values().stream()
            .mapToInt(MockVendorApi.SourceCounts::oversized)
            .sum();
    assertThat(resets).isPositive();
    assertThat(oversized).isPositive();
    // a reset is retried (a network error); an oversized body ends the execution: 502
    assertThat(run.requests())
        .anySatisfy(
            r ->
                assertThat(r.execution().events())
                    .anySatisfy(
                        e -> assertThat(e.type()).isEqualTo(HistoryEvent.Type.WAIT_STARTED)));
    assertThat(run.requests())
        .filteredOn(r -> r.httpStatus() != 200)
        .allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(502));
  }

  @Test
  void anyNumberOfProxiesAndAttemptsSimulatesOnExpressWithDefaults() throws Exception {
    for (int proxies : new int[] {1, 4, 10, 50}) {
      for (Integer attempts : new Integer[] {null, 100}) {
        WorkflowSpec spec =
            WorkflowSpec.builder()
                .workflowName("sim")
                .targetUrl("https://api.vendor.example/v1")
                .proxies(proxies)
                .maxAttempts(attempts)
                .build();
        Simulation.Settings settings = new Simulation.Settings(6, 3, 10, 10, 0, 0, 0, 0, 5, null);
        SimulationRun run =
            new Simulation(spec, WorkflowScenariosTest.asl(spec), settings)
                .run(Simulation.Progress.NONE);
        assertThat(run.requests())
            .as(proxies + " proxies, maxAttempts " + attempts)
            .hasSize(6)
            .allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(200));
      }
    }
  }

  @Test
  void aSpecWithASecretKeyCannotBeSimulated() {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("sim")
            .targetUrl("https://api.vendor.example/v1")
            .apiKeySecretArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor-AbCdEf")
            .apiKeyHeader("x-api-key")
            .build();
    assertThatThrownBy(() -> new Simulation(spec, "{}", Simulation.Settings.defaults()))
        .hasMessageContaining("apiKeySecretArn");
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new Simulation.Settings(0, 8, 10, 10, 0, 0, 0, 0, 1, null))
        .hasMessageStartingWith("Invalid <simulation><requests> '0'");
    assertThatThrownBy(() -> new Simulation.Settings(10, 8, 10, 10, 0.6, 0, 0.6, 0, 1, null))
        .hasMessageContaining("must not exceed 1");
    assertThatThrownBy(() -> new Simulation.Settings(10, 8, 10, 10, 0, 0, 0, 0, 1, "ftp://x"))
        .hasMessageStartingWith("Invalid <simulation><targetUrl>");
    // Credentials are refused as in the gateway's targetUrl, and never repeated (the mojo logs the
    // URL)
    for (String url :
        List.of("http://u:s3cr3t-pw@127.0.0.1:8080", "http://127.0.0.1:8080/v1?key=s3cr3t-pw")) {
      assertThatThrownBy(() -> new Simulation.Settings(10, 8, 10, 10, 0, 0, 0, 0, 1, url))
          .as(url)
          .hasMessageStartingWith("Invalid <simulation><targetUrl>")
          .hasMessageContaining("without credentials, query or fragment");
    }
    assertThatThrownBy(
            () ->
                new Simulation.Settings(
                    10, 8, 10, 10, 0, 0, 0, 0, 1, "http://u:s3cr3t-pw@127.0.0.1:8080"))
        .hasMessageNotContaining("s3cr3t-pw");
  }

  @Test
  void summaryPercentilesAreNearestRank() {
    var ms = IntStream.rangeClosed(1, 20).mapToObj(Duration::ofMillis).toList();
    assertThat(SimulationSummary.percentile(ms, 50)).isEqualTo(Duration.ofMillis(10));
    assertThat(SimulationSummary.percentile(ms, 95)).isEqualTo(Duration.ofMillis(19));
  }
}
