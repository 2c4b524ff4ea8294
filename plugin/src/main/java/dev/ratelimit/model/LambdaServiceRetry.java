package dev.ratelimit.model;

import java.util.List;

/**
 * Step Functions' own retry of a proxy invocation on the Lambda service errors AWS recommends
 * retrying. Kept small: every try counts against the Express 5-minute budget.
 */
public final class LambdaServiceRetry {
  private LambdaServiceRetry() {}

  public static final List<String> ERRORS =
      List.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.ClientExecutionTimeoutException",
          "Lambda.TooManyRequestsException");

  /**
   * Invoke errors that prove the function did not run: Lambda answers them before it hands the
   * event to the function (throttling, an inactive function being restored, VPC networking not
   * ready). After the Task's own retries they become a result retried for every method, POST
   * included.
   */
  public static final List<String> NOT_INVOKED_ERRORS =
      List.of(
          "Lambda.TooManyRequestsException",
          "Lambda.ResourceNotReadyException",
          "Lambda.EC2ThrottledException",
          "Lambda.ENILimitReachedException",
          "Lambda.SubnetIPAddressLimitReachedException");

  public static final int INTERVAL_SECONDS = 1;
  public static final int MAX_ATTEMPTS = 2;
  public static final double BACKOFF_RATE = 2.0;

  /** The longest the retrier itself waits in total (full jitter only shortens it): 1 + 2 s. */
  public static int totalIntervalSeconds() {
    double total = 0;
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      total += INTERVAL_SECONDS * Math.pow(BACKOFF_RATE, i);
    }
    return (int) Math.ceil(total);
  }
}
