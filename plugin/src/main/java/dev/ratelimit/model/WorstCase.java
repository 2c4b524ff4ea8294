package dev.ratelimit.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest one execution can take: every attempt runs its proxy to its timeout, on every
 * service-error retry, and every wait is at its cap. Bounds Express workflows (5 minutes) and sets
 * the workflow's own {@code TimeoutSeconds}.
 */
public record WorstCase(
    int attempts,
    int proxyTimeoutSeconds,
    int tries,
    int retryIntervalSeconds,
    List<Integer> waits,
    int totalSeconds) {

  public static WorstCase of(WorkflowSpec spec) {
    int tries = 1 + LambdaServiceRetry.MAX_ATTEMPTS;
    int intervals = LambdaServiceRetry.totalIntervalSeconds();
    List<Integer> waits = new ArrayList<>();
    for (int attempt = 1; attempt < spec.maxAttempts(); attempt++) {
      waits.add(spec.waitCapSeconds(attempt));
    }
    long total =
        (long) spec.maxAttempts() * (spec.proxyTimeoutSeconds() * (long) tries + intervals)
            + waits.stream().mapToLong(Integer::longValue).sum();
    return new WorstCase(
        spec.maxAttempts(),
        spec.proxyTimeoutSeconds(),
        tries,
        intervals,
        List.copyOf(waits),
        (int) Math.min(Integer.MAX_VALUE, total));
  }

  /**
   * E.g. {@code 3 attempts × (15 s proxy timeout × 3 tries + 3 s retry intervals) + waits 60 + 60 s
   * = 264 s}.
   */
  public String explain() {
    String waitText =
        waits.isEmpty()
            ? "no waits"
            : "waits " + String.join(" + ", waits.stream().map(String::valueOf).toList()) + " s";
    return attempts
        + " attempt"
        + (attempts == 1 ? "" : "s")
        + " × ("
        + proxyTimeoutSeconds
        + " s proxy timeout × "
        + tries
        + " tries + "
        + retryIntervalSeconds
        + " s retry intervals) + "
        + waitText
        + " = "
        + totalSeconds
        + " s";
  }
}
