package dev.ratelimit.simulate;

import dev.ratelimit.asl.local.ExecutionResult;
import java.time.Instant;

/**
 * One simulated caller request: when it was sent, how its execution went, and what the caller got
 * back from the real orchestrator ({@link LocalGateway}).
 *
 * @param index 0-based, in submission order
 * @param submitted when the caller sent it
 * @param execution the local execution of the generated workflow
 * @param answer the caller's answer: status, headers and body as the Function URL sends them
 */
public record RequestRecord(
    int index, Instant submitted, ExecutionResult execution, CallerAnswer answer) {

  /** The caller's HTTP status. */
  public int httpStatus() {
    return answer.status();
  }
}
