package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratelimit.cloudformation.Alarms;
import dev.ratelimit.cloudformation.Dashboard;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.report.DashboardFigures;
import dev.ratelimit.report.EmfMetrics;
import dev.ratelimit.report.SimulationReport;
import dev.ratelimit.runtime.contract.MetricNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alarms name only metrics the functions emit: one simulation runs the real
 * proxies against the throttling, failing mock and captures their EMF lines (and the orchestrator's
 * per request); every metric and dimension set the generated dashboard and alarms use must be among
 * them. The report's numbers come from the same lines and agree with what the mock counted.
 */
class MetricsCrossCheckTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:gateway-alarms";
  static SimulationRun run;
  static Simulation simulation;
  static List<String> lines;
  static EmfMetrics metrics;

  static WorkflowSpec spec(String type) {
    return WorkflowSpec.builder()
        .workflowName("sim")
        .targetUrl("https://api.vendor.example/v1")
        .proxies(3)
        .maxAttempts(6)
        .workflowType(type)
        .maxRetryAfterSeconds(2)
        .backoffMaxDelaySeconds(2)
        .requestTimeoutSeconds(5)
        .alarmTopicArn(TOPIC)
        .build();
  }

  @BeforeAll
  static void simulate() throws Exception {
    WorkflowSpec spec = spec("EXPRESS");
    // 5/s per source with 30 requests 6 at a time: 429s with Retry-After; plus 503s and resets
    Simulation.Settings settings = new Simulation.Settings(30, 6, 5, 3, 0.15, 0, 0.1, 0, 7, null);
    simulation = new Simulation(spec, WorkflowScenariosTest.asl(spec), settings);
    run = simulation.run(Simulation.Progress.NONE);
    lines = simulation.metricLines();
    metrics = EmfMetrics.read(lines);
  }

  /** (namespace, name, dimensions) of every metric the run's lines published. */
  static Set<String> emitted() {
    Set<String> out = new HashSet<>();
    metrics
        .keys()
        .forEach(k -> out.add(k.namespace() + " " + k.name() + " " + k.dimensions().keySet()));
    return out;
  }

  @Test
  void theRunEmittedEveryMetricOfTheGateway() {
    Set<String> names = new HashSet<>();
    metrics.keys().forEach(k -> names.add(k.name()));
    assertThat(names)
        .containsExactlyInAnyOrder(
            MetricNames.ATTEMPTS,
            MetricNames.UPSTREAM_2XX,
            MetricNames.UPSTREAM_429,
            MetricNames.UPSTREAM_5XX,
            MetricNames.UPSTREAM_OTHER,
            MetricNames.UPSTREAM_NETWORK_ERROR,
            MetricNames.UPSTREAM_LATENCY,
            MetricNames.WAIT_SECONDS,
            MetricNames.RETRY_AFTER_SECONDS,
            MetricNames.REQUESTS,
            MetricNames.SUCCEEDED,
            MetricNames.FAILED,
            MetricNames.FAILED_4XX,
            MetricNames.FAILED_5XX,
            MetricNames.ATTEMPTS_PER_REQUEST,
            MetricNames.GATEWAY_LATENCY);
  }

  @Test
  void everyDashboardMetricIsOneTheFunctionsEmit() throws Exception {
    for (String type : List.of("EXPRESS", "STANDARD")) {
      WorkflowSpec spec = spec(type);
      String body =
          Dashboard.body(spec)
              .replace("${AWS::Region}", "us-east-1")
              .replace("${StateMachine}", "arn:aws:states:us-east-1:123456789012:stateMachine:sim");
      JsonNode widgets = JSON.readTree(body).get("widgets");
      assertThat(widgets).isNotEmpty();
      int own = 0;
      for (JsonNode widget : widgets) {
        Set<String> ids = new HashSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode row : widget.at("/properties/metrics")) {
          JsonNode options = row.get(row.size() - 1);
          if (options.has("id")) {
            ids.add(options.get("id").asText());
          }
          if (row.get(0).isObject()) {
            expressions.add(row.get(0).get("expression").asText());
            continue;
          }
          Map<String, String> dims = new TreeMap<>();
          for (int i = 2; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
            dims.put(row.get(i).asText(), row.get(i + 1).asText());
          }
          String namespace = row.get(0).asText();
          if (namespace.equals("AWS/States")) {
            assertThat(dims).containsOnlyKeys("StateMachineArn");
            continue;
          }
          own++;
          assertThat(emitted())
              .as(type + " " + widget.at("/properties/title"))
              .contains(namespace + " " + row.get(1).asText() + " " + dims.keySet());
          assertThat(metrics.values(row.get(1).asText(), flat(dims)))
              .as(row.toString())
              .isNotEmpty();
        }
        for (String e : expressions) {
          for (String id : e.split("[^a-z0-9]+")) {
            if (!id.isEmpty() && !id.matches("\\d+")) {
              assertThat(ids).as(e).contains(id);
            }
          }
        }
      }
      assertThat(own).isGreaterThan(10);
    }
  }

  @Test
  void everyAlarmMetricIsOneTheFunctionsEmit() {
    for (String type : List.of("EXPRESS", "STANDARD")) {
      var alarms = Alarms.resources(spec(type));
      assertThat(alarms).hasSize(2 + 3);
      List<JsonNode> used = new ArrayList<>();
      alarms
          .values()
          .forEach(
              a -> {
                JsonNode p = a.get("Properties");
                assertThat(p.get("AlarmActions").get(0).asText()).isEqualTo(TOPIC);
                if (p.has("MetricName")) {
                  used.add(p);
                }
                p.path("Metrics")
                    .forEach(
                        q -> {
                          if (q.has("MetricStat")) {
                            used.add(q.at("/MetricStat/Metric"));
                          }
                        });
              });
      for (JsonNode m : used) {
        if (m.get("Namespace").asText().equals("AWS/States")) {
          continue;
        }
        Map<String, String> dims = new TreeMap<>();
        m.get("Dimensions").forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
        assertThat(emitted())
            .contains(
                m.get("Namespace").asText()
                    + " "
                    + m.get("MetricName").asText()
                    + " "
                    + dims.keySet());
        assertThat(metrics.values(m.get("MetricName").asText(), flat(dims))).isNotEmpty();
      }
    }
  }

  @Test
  void theReportsNumbersAreTheMocksAndTheRunsCounts() {
    SimulationSummary summary = SimulationSummary.of(run);
    Map<String, String> figures = new TreeMap<>();
    DashboardFigures.of(run, lines)
        .forEach(f -> figures.put(f.widget() + " / " + f.label(), f.value()));
    int limited =
        simulation.sourceCounts().values().stream()
            .mapToInt(MockVendorApi.SourceCounts::limited)
            .sum();
    int ok =
        simulation.sourceCounts().values().stream().mapToInt(MockVendorApi.SourceCounts::ok).sum();
    assertThat(limited).as("the mock throttled").isPositive();
    assertThat(figures)
        .containsEntry(
            Dashboard.UPSTREAM_ANSWERS + " / Upstream429 Sum", Integer.toString(limited));
    assertThat(figures)
        .containsEntry(Dashboard.UPSTREAM_ANSWERS + " / Upstream2xx Sum", Integer.toString(ok));
    assertThat(figures).containsEntry(Dashboard.CALLER_ANSWERS + " / Requests Sum", "30");
    assertThat(figures)
        .containsEntry(
            Dashboard.CALLER_ANSWERS + " / Succeeded Sum", Integer.toString(summary.succeeded()));
    double attempts =
        EmfMetrics.sum(metrics.values(MetricNames.ATTEMPTS, MetricNames.WORKFLOW, "sim"));
    assertThat((int) attempts).isEqualTo(summary.upstreamCalls());
    assertThat(figures.keySet())
        .contains(
            Dashboard.THROTTLE_RATE + " / sim-proxy-1", Dashboard.THROTTLE_RATE + " / sim-proxy-3");
    String html =
        SimulationReport.render(run, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", lines);
    assertThat(html)
        .contains(
            "Metrics, as on the dashboard",
            "Success rate (%)",
            "Throttle rate per proxy (%)",
            "Calls per success");
  }

  private static String[] flat(Map<String, String> dims) {
    List<String> out = new ArrayList<>();
    dims.forEach(
        (k, v) -> {
          out.add(k);
          out.add(v);
        });
    return out.toArray(String[]::new);
  }
}
