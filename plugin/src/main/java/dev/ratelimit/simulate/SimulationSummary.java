package dev.ratelimit.simulate;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of a {@link SimulationRun} that fit on one console line.
 *
 * @param requests caller requests
 * @param succeeded those whose execution succeeded
 * @param failedByStatus the failed ones by the caller's HTTP status, ascending
 * @param upstreamCalls proxy invocations in all (each one upstream call, Lambda retries included)
 * @param p50 median request latency
 * @param p95 95th percentile request latency
 * @param max slowest request
 * @param waited total time spent in Wait states and Task retry intervals
 * @param wallTime the run from first request to last answer
 */
public record SimulationSummary(
    int requests,
    int succeeded,
    Map<Integer, Integer> failedByStatus,
    int upstreamCalls,
    Duration p50,
    Duration p95,
    Duration max,
    Duration waited,
    Duration wallTime) {

  public SimulationSummary {
    failedByStatus = Collections.unmodifiableMap(new TreeMap<>(failedByStatus));
  }

  public static SimulationSummary of(SimulationRun run) {
    int succeeded = 0;
    int calls = 0;
    Map<Integer, Integer> failed = new TreeMap<>();
    Duration waited = Duration.ZERO;
    for (RequestRecord r : run.requests()) {
      ExecutionResult e = r.execution();
      if (e.status() == ExecutionResult.Status.SUCCEEDED) {
        succeeded++;
      } else {
        failed.merge(r.httpStatus(), 1, Integer::sum);
      }
      calls += e.lambdaCalls();
      for (HistoryEvent event : e.events()) {
        if ((event.type() == HistoryEvent.Type.WAIT_STARTED
                || event.type() == HistoryEvent.Type.RETRY_SCHEDULED)
            && event.waitTime() != null) {
          waited = waited.plus(event.waitTime());
        }
      }
    }
    List<Duration> latencies = latencies(run);
    return new SimulationSummary(
        run.requests().size(),
        succeeded,
        failed,
        calls,
        percentile(latencies, 50),
        percentile(latencies, 95),
        latencies.isEmpty() ? Duration.ZERO : latencies.get(latencies.size() - 1),
        waited,
        run.duration());
  }

  /** Each request's latency as its caller saw it (sent → answered), ascending. */
  public static List<Duration> latencies(SimulationRun run) {
    List<Duration> latencies = new ArrayList<>();
    for (RequestRecord r : run.requests()) {
      Duration d = Duration.between(r.submitted(), r.execution().stopped());
      latencies.add(d.isNegative() ? Duration.ZERO : d);
    }
    latencies.sort(null);
    return latencies;
  }

  /** Nearest-rank percentile of an ascending list; zero for none. */
  public static Duration percentile(List<Duration> sorted, int p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  public int failed() {
    return requests - succeeded;
  }

  /** Upstream calls per successful request; NaN when none succeeded. */
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

  /**
   * E.g. {@code 200 requests: 198 succeeded, 2 failed (429: 2); 251 upstream calls, 1.27 per
   * success; latency p50 12 ms, p95 1.03 s, max 2.10 s; waited 53.0 s in all; took 14.2 s}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(requests)
        .append(" requests: ")
        .append(succeeded)
        .append(" succeeded, ")
        .append(failed())
        .append(" failed");
    if (!failedByStatus.isEmpty()) {
      s.append(" (");
      String sep = "";
      for (Map.Entry<Integer, Integer> e : failedByStatus.entrySet()) {
        s.append(sep).append(e.getKey()).append(": ").append(e.getValue());
        sep = ", ";
      }
      s.append(')');
    }
    s.append("; ")
        .append(upstreamCalls)
        .append(" upstream calls, ")
        .append(succeeded == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", callsPerSuccess()))
        .append(" per success; latency p50 ")
        .append(format(p50))
        .append(", p95 ")
        .append(format(p95))
        .append(", max ")
        .append(format(max))
        .append("; waited ")
        .append(format(waited))
        .append(" in all; took ")
        .append(format(wallTime));
    return s.toString();
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }
}
