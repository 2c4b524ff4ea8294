package dev.ratelimit.report;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.HistoryEvent;
import dev.ratelimit.runtime.contract.WorkflowErrors;
import dev.ratelimit.simulate.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one request read from its history: each Task state entered is an attempt on one
 * proxy. The history does not carry the proxy's result, so an attempt's outcome is read from where
 * the workflow went next: to {@code Succeed} (a success), to a Wait (retried: a 429, a retryable
 * 5xx or a network error), through its Catch (the proxy crashed); the last attempt of a failed
 * request takes the execution's error.
 */
final class Attempts {

  /** What became of one attempt. Declaration order is the charts' stacking order. */
  enum Outcome {
    SUCCESS("2xx (success)", "#1e8e3e"),
    RETRIED("retried (429, 5xx or network)", "#f9ab00"),
    CRASHED("proxy crashed", "#9334e6"),
    FAILED_429("failed 429", "#e8710a"),
    FAILED_4XX("failed other 4xx", "#8d6e63"),
    FAILED_5XX("failed 5xx", "#d93025"),
    FAILED_NETWORK("failed: unreachable / too large / proxy", "#5f6368"),
    TIMED_OUT("timed out", "#202124");

    final String label;
    final String color;

    Outcome(String label, String color) {
      this.label = label;
      this.color = color;
    }
  }

  record Attempt(Instant started, String function, Outcome outcome) {}

  private Attempts() {}

  static List<Attempt> of(RequestRecord request) {
    ExecutionResult e = request.execution();
    List<Instant> starts = new ArrayList<>();
    List<String> functions = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (HistoryEvent h : e.events()) {
      int last = starts.size() - 1;
      switch (h.type()) {
        case STATE_ENTERED -> {
          if ("Task".equals(h.stateType())) {
            starts.add(h.timestamp());
            functions.add(null);
            outcomes.add(null);
          } else if ("Succeed".equals(h.stateType()) && last >= 0 && outcomes.get(last) == null) {
            outcomes.set(last, Outcome.SUCCESS);
          }
        }
        case LAMBDA_SCHEDULED -> {
          if (last >= 0 && functions.get(last) == null) {
            functions.set(last, h.function());
          }
        }
        case CAUGHT -> {
          if (last >= 0) {
            outcomes.set(last, Outcome.CRASHED);
          }
        }
        case WAIT_STARTED -> {
          if (last >= 0 && outcomes.get(last) == null) {
            outcomes.set(last, Outcome.RETRIED);
          }
        }
        default -> {}
      }
    }
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      Outcome outcome = outcomes.get(i);
      if (outcome == null
          || (i == starts.size() - 1
              && outcome == Outcome.CRASHED
              && e.status() != ExecutionResult.Status.SUCCEEDED)) {
        outcome = finalOutcome(e);
      }
      attempts.add(
          new Attempt(starts.get(i), functions.get(i) == null ? "?" : functions.get(i), outcome));
    }
    return attempts;
  }

  private static Outcome finalOutcome(ExecutionResult e) {
    if (e.status() == ExecutionResult.Status.SUCCEEDED) {
      return Outcome.SUCCESS;
    }
    if (e.status() == ExecutionResult.Status.TIMED_OUT || "States.Timeout".equals(e.error())) {
      return Outcome.TIMED_OUT;
    }
    String error = e.error() == null ? "" : e.error();
    if (error.startsWith(WorkflowErrors.UPSTREAM_PREFIX)
        && error.substring(WorkflowErrors.UPSTREAM_PREFIX.length()).matches("\\d{3}")) {
      int status = Integer.parseInt(error.substring(WorkflowErrors.UPSTREAM_PREFIX.length()));
      return status == 429
          ? Outcome.FAILED_429
          : status >= 500 ? Outcome.FAILED_5XX : Outcome.FAILED_4XX;
    }
    return Outcome.FAILED_NETWORK;
  }
}
