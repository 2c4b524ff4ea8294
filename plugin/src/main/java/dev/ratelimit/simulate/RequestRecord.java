package dev.ratelimit.simulate;

import java.time.Instant;

/**
 * One simulated caller request: when it was sent, how its execution went, and the HTTP status the
 * orchestrator would have answered.
 *
 * @param index 0-based, in submission order
 * @param submitted when the caller sent it
 * @param execution the local execution of the generated workflow
 * @param httpStatus the caller's status: the upstream status on success or {@code Upstream.<n>};
 *     502 for {@code Upstream.Unreachable}, {@code Upstream.ResponseTooLarge}, {@code Proxy.Failed};
 *     503 for {@code Proxy.SecretUnavailable} and {@code Proxy.NotInvoked} (Lambda throttled the
 *     proxies); 504 when timed out; 500 otherwise (see the orchestrator's outcome mapping)
 */
public record RequestRecord(int index, Instant submitted, ExecutionResult execution, int httpStatus) {

  /** The orchestrator's mapping of an execution to the caller's HTTP status. */
  public static int httpStatusOf(ExecutionResult execution, int successStatus) {
    return switch (execution.status()) {
      case SUCCEEDED -> successStatus;
      case TIMED_OUT -> 504;
      case FAILED -> {
        String error = execution.error() == null ? "" : execution.error();
        if (error.matches("Upstream\\.\\d{3}")) {
          yield Integer.parseInt(error.substring("Upstream.".length()));
        }
        if (error.equals("States.Timeout")) {
          yield 504;
        }
        if (error.equals("Proxy.SecretUnavailable") || error.equals("Proxy.NotInvoked")) {
          yield 503;
        }
        yield error.startsWith("Upstream.") || error.equals("Proxy.Failed") ? 502 : 500;
      }
    };
  }
}
