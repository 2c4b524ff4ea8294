package dev.ratelimit.asl.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a local execution ended, with its history.
 *
 * @param status SUCCEEDED, FAILED or TIMED_OUT
 * @param error the Fail state's or uncaught error's name ({@code States.Timeout} when timed out);
 *     null on success
 * @param cause its cause; null on success
 * @param output the Succeed state's output as JSON text; null otherwise
 * @param started when the execution started
 * @param stopped when it ended
 * @param events the history, in order
 */
public record ExecutionResult(
    Status status,
    String error,
    String cause,
    String output,
    Instant started,
    Instant stopped,
    List<HistoryEvent> events) {

  public enum Status {
    SUCCEEDED,
    FAILED,
    TIMED_OUT
  }

  public ExecutionResult {
    events = List.copyOf(events);
  }

  public Duration duration() {
    return Duration.between(started, stopped);
  }

  /** Function invocations, retries included (one {@code LAMBDA_SCHEDULED} each). */
  public int lambdaCalls() {
    return (int)
        events.stream().filter(e -> e.type() == HistoryEvent.Type.LAMBDA_SCHEDULED).count();
  }

  /** The function of each invocation, in order. */
  public List<String> invokedFunctions() {
    return events.stream()
        .filter(e -> e.type() == HistoryEvent.Type.LAMBDA_SCHEDULED)
        .map(HistoryEvent::function)
        .toList();
  }

  /** The names of the states entered, in order. */
  public List<String> statesEntered() {
    return events.stream()
        .filter(e -> e.type() == HistoryEvent.Type.STATE_ENTERED)
        .map(HistoryEvent::state)
        .toList();
  }

  /** How long each visit of the named Wait state waited. */
  public List<Duration> waits(String stateName) {
    List<Duration> waits = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.type() == HistoryEvent.Type.WAIT_STARTED && stateName.equals(e.state())) {
        waits.add(e.waitTime());
      }
    }
    return waits;
  }

  /** A readable account, for assertion and log messages. */
  public String describe() {
    return "status="
        + status
        + " error="
        + error
        + " cause="
        + cause
        + " output="
        + output
        + "\nstates entered: "
        + statesEntered()
        + "\nfunctions invoked: "
        + invokedFunctions();
  }
}
