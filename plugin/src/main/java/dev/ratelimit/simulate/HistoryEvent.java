package dev.ratelimit.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of an execution's history, like Step Functions' own history events but only those the
 * simulation reports need.
 *
 * @param timestamp when it happened (simulated or real time, from the run's {@link Sleeper})
 * @param type what happened
 * @param state the state's name; null for execution-level events
 * @param stateType the state's {@code Type}; null for execution-level events
 * @param function the invoked function for {@link Type#LAMBDA_SCHEDULED} and its outcome; else null
 * @param waitTime how long a {@link Type#WAIT_STARTED} or {@link Type#RETRY_SCHEDULED} waits; else
 *     null
 * @param error the error of a failure event; else null
 * @param cause the cause of a failure event; else null
 */
public record HistoryEvent(
    Instant timestamp,
    Type type,
    String state,
    String stateType,
    String function,
    Duration waitTime,
    String error,
    String cause) {

  public enum Type {
    EXECUTION_STARTED,
    STATE_ENTERED,
    STATE_EXITED,
    /** A Task invokes a function (each retry is one more). */
    LAMBDA_SCHEDULED,
    LAMBDA_SUCCEEDED,
    LAMBDA_FAILED,
    /** A Task's Retry matched a failure and waits before invoking again. */
    RETRY_SCHEDULED,
    /** A Task's Catch matched a failure. */
    CAUGHT,
    /** A Wait state starts waiting. */
    WAIT_STARTED,
    EXECUTION_SUCCEEDED,
    EXECUTION_FAILED,
    EXECUTION_TIMED_OUT
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(timestamp).append(' ').append(type);
    if (state != null) {
      s.append(' ').append(state);
    }
    if (function != null) {
      s.append(" function=").append(function);
    }
    if (waitTime != null) {
      s.append(" wait=").append(waitTime);
    }
    if (error != null) {
      s.append(" error=").append(error);
    }
    return s.toString();
  }
}
