package dev.ratelimit.asl.local;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of an execution's history, like Step Functions' own history events but only those the
 * simulation reports need. Made by the named factories, one per kind of event.
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

  private static final String TASK = "Task";

  static HistoryEvent executionStarted(Instant at) {
    return execution(at, Type.EXECUTION_STARTED, null, null);
  }

  static HistoryEvent executionSucceeded(Instant at) {
    return execution(at, Type.EXECUTION_SUCCEEDED, null, null);
  }

  static HistoryEvent executionFailed(Instant at, String error, String cause) {
    return execution(at, Type.EXECUTION_FAILED, error, cause);
  }

  static HistoryEvent executionTimedOut(Instant at, String cause) {
    return execution(at, Type.EXECUTION_TIMED_OUT, StatesError.TIMEOUT, cause);
  }

  static HistoryEvent stateEntered(Instant at, State state) {
    return new HistoryEvent(
        at, Type.STATE_ENTERED, state.name(), state.type(), null, null, null, null);
  }

  static HistoryEvent stateExited(Instant at, State state) {
    return new HistoryEvent(
        at, Type.STATE_EXITED, state.name(), state.type(), null, null, null, null);
  }

  static HistoryEvent waitStarted(Instant at, State.Wait state, Duration wait) {
    return new HistoryEvent(
        at, Type.WAIT_STARTED, state.name(), state.type(), null, wait, null, null);
  }

  static HistoryEvent lambdaScheduled(Instant at, State.Task task, String function) {
    return new HistoryEvent(
        at, Type.LAMBDA_SCHEDULED, task.name(), TASK, function, null, null, null);
  }

  static HistoryEvent lambdaSucceeded(Instant at, State.Task task, String function) {
    return new HistoryEvent(
        at, Type.LAMBDA_SUCCEEDED, task.name(), TASK, function, null, null, null);
  }

  static HistoryEvent lambdaFailed(
      Instant at, State.Task task, String function, LambdaFailure failure) {
    return new HistoryEvent(
        at,
        Type.LAMBDA_FAILED,
        task.name(),
        TASK,
        function,
        null,
        failure.error(),
        failure.cause());
  }

  static HistoryEvent retryScheduled(
      Instant at, State.Task task, String function, Duration delay, LambdaFailure failure) {
    return new HistoryEvent(
        at,
        Type.RETRY_SCHEDULED,
        task.name(),
        TASK,
        function,
        delay,
        failure.error(),
        failure.cause());
  }

  static HistoryEvent caught(Instant at, State.Task task, String function, LambdaFailure failure) {
    return new HistoryEvent(
        at, Type.CAUGHT, task.name(), TASK, function, null, failure.error(), failure.cause());
  }

  private static HistoryEvent execution(Instant at, Type type, String error, String cause) {
    return new HistoryEvent(at, type, null, null, null, null, error, cause);
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
