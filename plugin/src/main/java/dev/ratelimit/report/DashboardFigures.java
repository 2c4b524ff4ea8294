package dev.ratelimit.report;

import static dev.ratelimit.report.EmfMetrics.average;
import static dev.ratelimit.report.EmfMetrics.maximum;
import static dev.ratelimit.report.EmfMetrics.percentile;
import static dev.ratelimit.report.EmfMetrics.sum;
import static dev.ratelimit.runtime.contract.MetricNames.ATTEMPTS;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED_4XX;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED_5XX;
import static dev.ratelimit.runtime.contract.MetricNames.GATEWAY_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.PROXY;
import static dev.ratelimit.runtime.contract.MetricNames.REQUESTS;
import static dev.ratelimit.runtime.contract.MetricNames.RETRY_AFTER_SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.SUCCEEDED;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_2XX;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_429;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_5XX;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_NETWORK_ERROR;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_OTHER;
import static dev.ratelimit.runtime.contract.MetricNames.WAIT_SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.WORKFLOW;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.cloudformation.Dashboard;
import dev.ratelimit.simulate.RequestRecord;
import dev.ratelimit.simulate.SimulationRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's numbers for a whole simulated run, computed from the EMF lines the run's
 * functions wrote, under the dashboard's widget titles and with its formulas (rates and ratios of
 * sums, p50/p95 of the values), so that what a developer sees locally is what the dashboard will
 * show.
 */
public final class DashboardFigures {
  /** One figure: the widget's title, the line's label, the value as shown. */
  public record Figure(String widget, String label, String value) {}

  private DashboardFigures() {}

  /** Empty when the run captured no metric lines. */
  public static List<Figure> of(SimulationRun run, List<String> emfLines) {
    List<Figure> out = new ArrayList<>();
    if (emfLines.isEmpty()) {
      return out;
    }
    EmfMetrics m = EmfMetrics.read(emfLines);
    String[] wf = {WORKFLOW, run.workflowName()};
    // No request lines: a STANDARD orchestrator prints none (its caller polls), and its dashboard
    // reads the executions' own metrics (AWS/States), which Step Functions, here the local
    // executor,
    // publishes for every execution.
    boolean states = m.values(REQUESTS, wf).isEmpty();
    List<ExecutionResult> executions =
        run.requests().stream().map(RequestRecord::execution).toList();
    double requests = states ? executions.size() : sum(m.values(REQUESTS, wf));
    double succeeded =
        states
            ? executions.stream()
                .filter(e -> e.status() == ExecutionResult.Status.SUCCEEDED)
                .count()
            : sum(m.values(SUCCEEDED, wf));
    out.add(new Figure(Dashboard.SUCCESS_RATE, "success rate", number(100 * succeeded / requests)));
    for (String proxy : m.dimensionValues(UPSTREAM_429, PROXY)) {
      out.add(
          new Figure(
              Dashboard.THROTTLE_RATE,
              proxy,
              number(
                  100
                      * average(
                          m.values(UPSTREAM_429, WORKFLOW, run.workflowName(), PROXY, proxy)))));
    }
    out.add(
        new Figure(
            Dashboard.CALLS_PER_SUCCESS,
            "attempts per success",
            number(sum(m.values(ATTEMPTS, wf)) / succeeded)));
    String latency = states ? "ExecutionTime" : GATEWAY_LATENCY;
    List<Double> gateway =
        states
            ? executions.stream()
                .map(e -> (double) Duration.between(e.started(), e.stopped()).toMillis())
                .toList()
            : m.values(GATEWAY_LATENCY, wf);
    out.add(
        new Figure(
            Dashboard.GATEWAY_LATENCY_TITLE, latency + " p50", number(percentile(gateway, 50))));
    out.add(
        new Figure(
            Dashboard.GATEWAY_LATENCY_TITLE, latency + " p95", number(percentile(gateway, 95))));
    List<Double> upstream = m.values(UPSTREAM_LATENCY, wf);
    out.add(
        new Figure(
            Dashboard.UPSTREAM_LATENCY_TITLE,
            UPSTREAM_LATENCY + " p50",
            number(percentile(upstream, 50))));
    out.add(
        new Figure(
            Dashboard.UPSTREAM_LATENCY_TITLE,
            UPSTREAM_LATENCY + " p95",
            number(percentile(upstream, 95))));
    out.add(
        new Figure(
            Dashboard.WAITS,
            WAIT_SECONDS + " Average",
            number(average(m.values(WAIT_SECONDS, wf)))));
    out.add(
        new Figure(
            Dashboard.WAITS,
            WAIT_SECONDS + " Maximum",
            number(maximum(m.values(WAIT_SECONDS, wf)))));
    out.add(
        new Figure(
            Dashboard.WAITS,
            RETRY_AFTER_SECONDS + " Maximum",
            number(maximum(m.values(RETRY_AFTER_SECONDS, wf)))));
    for (String name :
        List.of(UPSTREAM_2XX, UPSTREAM_429, UPSTREAM_5XX, UPSTREAM_OTHER, UPSTREAM_NETWORK_ERROR)) {
      out.add(
          new Figure(Dashboard.UPSTREAM_ANSWERS, name + " Sum", number(sum(m.values(name, wf)))));
    }
    for (String name :
        states ? List.<String>of() : List.of(REQUESTS, SUCCEEDED, FAILED_4XX, FAILED_5XX)) {
      out.add(new Figure(Dashboard.CALLER_ANSWERS, name + " Sum", number(sum(m.values(name, wf)))));
    }
    long failed =
        run.requests().stream()
            .map(RequestRecord::execution)
            .filter(e -> e.status() == ExecutionResult.Status.FAILED)
            .count();
    long timedOut =
        run.requests().stream()
            .map(RequestRecord::execution)
            .filter(e -> e.status() == ExecutionResult.Status.TIMED_OUT)
            .count();
    out.add(new Figure(Dashboard.EXECUTIONS, "ExecutionsFailed Sum", Long.toString(failed)));
    out.add(new Figure(Dashboard.EXECUTIONS, "ExecutionsTimedOut Sum", Long.toString(timedOut)));
    return out;
  }

  /** Up to two decimals, no trailing zeros; "–" for no data. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "–";
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
