package dev.ratelimit.model;

import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.proxy.Deadline;

/** {@code <deadlineSeconds>}: its default and range per workflow type, and one attempt must fit. */
final class DeadlineSeconds {
  private DeadlineSeconds() {}

  /**
   * @param configured null for the workflow type's default
   * @param requestTimeout the validated {@code requestTimeoutSeconds}
   */
  static int require(Integer configured, WorkflowType type, int requestTimeout) {
    int deadline =
        type == WorkflowType.EXPRESS
            ? Check.range(
                "deadlineSeconds",
                Check.or(configured, Deadline.EXPRESS_MAX_SECONDS),
                1,
                Deadline.EXPRESS_MAX_SECONDS,
                "120")
            : Check.range(
                "deadlineSeconds",
                Check.or(configured, WorkflowSpec.STANDARD_DEFAULT_DEADLINE_SECONDS),
                1,
                Deadline.STANDARD_MAX_SECONDS,
                "3600");
    requireOneAttemptFits(requestTimeout, deadline, type, configured != null);
    return deadline;
  }

  /**
   * Only what can never run is refused: a proxy whose own Lambda timeout (the upstream timeout plus
   * its margin) does not fit the deadline, so not even one attempt could finish. Later attempts are
   * cut by the deadline at run time (see {@link Deadline}).
   */
  private static void requireOneAttemptFits(
      int requestTimeout, int deadline, WorkflowType type, boolean deadlineGiven) {
    int proxyTimeout = requestTimeout + WorkflowSpec.PROXY_TIMEOUT_MARGIN_SECONDS;
    if (proxyTimeout <= deadline) {
      return;
    }
    String limit =
        type == WorkflowType.EXPRESS && !deadlineGiven
            ? "an Express execution ends after "
                + AwsLimits.EXPRESS_MAX_DURATION_SECONDS
                + " s, so its deadline is "
                + deadline
                + " s ("
                + WorkflowSpec.DEADLINE_MARGIN_SECONDS
                + " s safety margin)"
            : "the deadline is " + deadline + " s";
    int fits = deadline - WorkflowSpec.PROXY_TIMEOUT_MARGIN_SECONDS;
    if (fits >= 1) {
      throw new InvalidConfigurationException(
          "requestTimeoutSeconds",
          requestTimeout,
          "not even one attempt fits: "
              + limit
              + ", but one attempt may take "
              + proxyTimeout
              + " s ("
              + requestTimeout
              + " s + "
              + WorkflowSpec.PROXY_TIMEOUT_MARGIN_SECONDS
              + " s proxy margin); at most "
              + fits,
          String.valueOf(Math.min(10, fits)));
    }
    throw new InvalidConfigurationException(
        "deadlineSeconds",
        deadline,
        "not even one attempt fits: one attempt may take "
            + proxyTimeout
            + " s ("
            + requestTimeout
            + " s requestTimeoutSeconds + "
            + WorkflowSpec.PROXY_TIMEOUT_MARGIN_SECONDS
            + " s proxy margin)",
        String.valueOf(proxyTimeout));
  }
}
