package dev.ratelimit.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one simulation produced: what the report and the console summary are made from.
 *
 * @param workflowName the simulated gateway
 * @param settings what was simulated, for display, in order (e.g. "requests" → "200")
 * @param started when the first request was sent
 * @param finished when the last execution ended
 * @param requests every request, in submission order
 */
public record SimulationRun(
    String workflowName,
    Map<String, String> settings,
    Instant started,
    Instant finished,
    List<RequestRecord> requests) {

  public SimulationRun {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    requests = List.copyOf(requests);
  }

  public Duration duration() {
    return Duration.between(started, finished);
  }
}
