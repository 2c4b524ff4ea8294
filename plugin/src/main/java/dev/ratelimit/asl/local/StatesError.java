package dev.ratelimit.asl.local;

import java.util.List;

/** An error raised while a state runs: what Retry and Catch match, or what fails the execution. */
final class StatesError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String RUNTIME = "States.Runtime";
  static final String TIMEOUT = "States.Timeout";
  static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";

  /**
   * A state's data over the payload quota: terminal, no Retry or Catch (not even States.ALL)
   * matches.
   */
  static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

  static final String ALL = "States.ALL";
  static final String TASK_FAILED = "States.TaskFailed";

  private final String error;
  private final String cause;

  StatesError(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.cause = cause;
  }

  /** A data fault (a path not found, a wrong type): never retried nor caught, like AWS's. */
  static StatesError runtime(String cause) {
    return new StatesError(RUNTIME, cause);
  }

  /**
   * Whether a retrier's or catcher's {@code ErrorEquals} matches {@code error}: by name, {@code
   * States.ALL}, or {@code States.TaskFailed} (anything but {@code States.Timeout}).
   */
  static boolean matches(List<String> errorEquals, String error) {
    for (String name : errorEquals) {
      if (name.equals(error)
          || name.equals(ALL)
          || name.equals(TASK_FAILED) && !error.equals(TIMEOUT)) {
        return true;
      }
    }
    return false;
  }

  String error() {
    return error;
  }

  String cause() {
    return cause;
  }
}
