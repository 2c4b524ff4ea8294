package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.model.WorkflowSpec;
import org.junit.jupiter.api.Test;

/**
 * The simulation's functions follow the gateway's configuration as the deployed ones do: with
 * {@code metrics} off the template sets no metrics variables, no function prints a metric line, and
 * neither does the simulation.
 */
class MetricsOffSimulationTest {

  @Test
  void withMetricsOffNoFunctionWritesAMetricLine() throws Exception {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("sim")
            .targetUrl("https://api.vendor.example/v1")
            .proxies(2)
            .maxAttempts(3)
            .workflowType("EXPRESS")
            .backoffMaxDelaySeconds(1)
            .metrics(false)
            .build();
    // 2 requests per second per source with a burst of 1: some attempts get 429 and a retry
    Simulation.Settings settings = new Simulation.Settings(4, 2, 2, 1, 0, 0, 0, 0, 7, null);
    Simulation simulation = new Simulation(spec, WorkflowScenariosTest.asl(spec), settings);

    SimulationRun run = simulation.run(Simulation.Progress.NONE);

    assertThat(run.requests()).hasSize(4);
    assertThat(simulation.metricLines()).isEmpty();
  }
}
