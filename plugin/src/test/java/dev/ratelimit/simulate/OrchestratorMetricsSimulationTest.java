package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.cloudformation.Dashboard;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.report.DashboardFigures;
import dev.ratelimit.report.EmfMetrics;
import dev.ratelimit.runtime.contract.MetricNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The simulation's orchestrator metrics are the lines the real handler prints with the environment
 * the template gives it, not lines made up from each request's outcome: a STANDARD orchestrator
 * prints none (its caller polls for the outcome), so the report reads the executions, as its
 * dashboard reads the state machine's own metrics.
 */
class OrchestratorMetricsSimulationTest {

  record Simulated(SimulationRun run, List<String> lines) {}

  static Simulated simulate(String type) throws Exception {
    WorkflowSpec spec = MetricsCrossCheckTest.spec(type);
    Simulation.Settings settings = new Simulation.Settings(6, 3, 50, 50, 0, 0, 0, 0, 7, null);
    Simulation simulation = new Simulation(spec, WorkflowScenariosTest.asl(spec), settings);
    SimulationRun run = simulation.run(Simulation.Progress.NONE);
    return new Simulated(run, simulation.metricLines());
  }

  @Test
  void anExpressOrchestratorWritesOneLinePerRequest() throws Exception {
    EmfMetrics metrics = EmfMetrics.read(simulate("EXPRESS").lines());

    assertThat(metrics.values(MetricNames.REQUESTS, MetricNames.WORKFLOW, "sim")).hasSize(6);
    assertThat(metrics.values(MetricNames.GATEWAY_LATENCY, MetricNames.WORKFLOW, "sim")).hasSize(6);
  }

  @Test
  void aStandardOrchestratorWritesNoneAndTheReportReadsTheExecutions() throws Exception {
    Simulated simulated = simulate("STANDARD");
    List<String> lines = simulated.lines();
    EmfMetrics metrics = EmfMetrics.read(lines);

    assertThat(metrics.values(MetricNames.ATTEMPTS, MetricNames.WORKFLOW, "sim")).isNotEmpty();
    assertThat(metrics.values(MetricNames.REQUESTS, MetricNames.WORKFLOW, "sim"))
        .as("the deployed STANDARD orchestrator prints no request metrics")
        .isEmpty();
    SimulationRun run = simulated.run();
    Map<String, String> figures = new TreeMap<>();
    DashboardFigures.of(run, lines)
        .forEach(f -> figures.put(f.widget() + " / " + f.label(), f.value()));
    assertThat(figures)
        .containsEntry(Dashboard.SUCCESS_RATE + " / success rate", "100")
        .containsKey(Dashboard.GATEWAY_LATENCY_TITLE + " / ExecutionTime p95");
    assertThat(figures.keySet()).noneMatch(k -> k.startsWith(Dashboard.CALLER_ANSWERS));
  }
}
