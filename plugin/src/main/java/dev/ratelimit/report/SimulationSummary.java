package dev.ratelimit.report;

import dev.ratelimit.simulate.ExecutionResult;
import dev.ratelimit.simulate.HistoryEvent;
import dev.ratelimit.simulate.RequestRecord;
import dev.ratelimit.simulate.SimulationRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of a simulation: the report's summary table and the console's one line.
 *
 * @param requests requests sent
 * @param succeeded executions that succeeded
 * @param failedByStatus failed requests by the caller's HTTP status, ascending
 * @param upstreamCalls proxy invocations (service retries included): each is one call to the API
 * @param p50 median latency (from the caller's request to the execution's end)
 * @param p95 95th percentile latency (nearest rank)
 * @param max the longest latency
 * @param waited the time all executions spent in Wait states and service-retry intervals
 */
public record SimulationSummary(int requests, int succeeded, Map<Integer, Integer> failedByStatus,
    long upstreamCalls, Duration p50, Duration p95, Duration max, Duration waited) {

  public SimulationSummary {
    failedByStatus = Collections.unmodifiableMap(new TreeMap<>(failedByStatus));
  }

  public static SimulationSummary of(SimulationRun run) {
    int succeeded = 0;
    Map<Integer, Integer> failed = new TreeMap<>();
    long calls = 0;
    Duration waited = Duration.ZERO;
    for (RequestRecord r : run.requests()) {
      ExecutionResult e = r.execution();
      if (e.status() == ExecutionResult.Status.SUCCEEDED) {
        succeeded++;
      } else {
        failed.merge(r.httpStatus(), 1, Integer::sum);
      }
      calls += e.lambdaCalls();
      for (HistoryEvent h : e.events()) {
        if (h.waitTime() != null && (h.type() == HistoryEvent.Type.WAIT_STARTED
            || h.type() == HistoryEvent.Type.RETRY_SCHEDULED)) {
          waited = waited.plus(h.waitTime());
        }
      }
    }
    List<Duration> latencies = latencies(run);
    return new SimulationSummary(run.requests().size(), succeeded, failed, calls,
        percentile(latencies, 50), percentile(latencies, 95),
        latencies.isEmpty() ? Duration.ZERO : latencies.get(latencies.size() - 1), waited);
  }

  /** Each request's latency, from the caller's request to its execution's end, ascending. */
  static List<Duration> latencies(SimulationRun run) {
    List<Duration> latencies = new ArrayList<>();
    for (RequestRecord r : run.requests()) {
      latencies.add(latency(r));
    }
    Collections.sort(latencies);
    return latencies;
  }

  static Duration latency(RequestRecord r) {
    Duration d = Duration.between(r.submitted(), r.execution().stopped());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Nearest-rank percentile of an ascending list; zero for none. */
  static Duration percentile(List<Duration> sorted, int p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  public int failed() {
    return requests - succeeded;
  }

  /** Upstream calls per successful request; NaN with no success. */
  public double callsPerSuccess() {
    return succeeded == 0 ? Double.NaN : (double) upstreamCalls / succeeded;
  }

  /** {@code 429×3, 502×1}, or {@code none}. */
  public String failedByStatusText() {
    if (failedByStatus.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    failedByStatus.forEach((status, n) -> parts.add(status + "×" + n));
    return String.join(", ", parts);
  }

  /** The console's summary line. */
  public String line() {
    return String.format(Locale.ROOT, "%d requests: %d succeeded, %d failed (%s); %d upstream calls,"
            + " %s per success; latency p50 %s, p95 %s, max %s; waited %s",
        requests, succeeded, failed(), failedByStatusText(), upstreamCalls, ratio(callsPerSuccess()),
        seconds(p50), seconds(p95), seconds(max), seconds(waited));
  }

  static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** {@code 1.234 s}. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
  }
}
