package dev.ratelimit.runtime.orchestrator;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Retries a workflow start only when it provably started nothing: Step Functions throttled it
 * ({@code ThrottlingException}, {@code ExecutionLimitExceeded}) or the connection never opened.
 * Anything else is not retried (a retried start whose first try reached AWS would run the vendor
 * calls twice). Full-jitter backoff, within a budget of waiting that keeps the start inside the
 * Lambda's timeout; when it runs out, {@link Exhausted} tells the handler to answer 503 with {@code
 * Retry-After}.
 */
final class StartRetry {
  /**
   * Total waiting allowed between tries; with the SDK's timeouts it stays under the Lambda margin.
   */
  static final long BUDGET_MILLIS = 3_000;

  static final long BASE_MILLIS = 100;
  static final long CAP_MILLIS = 1_000;

  /** The start was refused every time within the budget; nothing started. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int tries;

    Exhausted(int tries, SdkException last) {
      super("the workflow could not be started after " + tries + " tries", last, false, false);
      this.tries = tries;
    }
  }

  private final long budgetMillis;
  private final LongUnaryOperator sleeper;
  private final SplittableRandom random;

  /**
   * @param sleeper sleeps about the given milliseconds and answers how many passed (tests pass a
   *     fake)
   */
  StartRetry(long budgetMillis, LongUnaryOperator sleeper, SplittableRandom random) {
    this.budgetMillis = budgetMillis;
    this.sleeper = sleeper;
    this.random = random;
  }

  static StartRetry standard() {
    return new StartRetry(BUDGET_MILLIS, StartRetry::sleep, new SplittableRandom());
  }

  <T> T call(Supplier<T> start) {
    long waited = 0;
    for (int tries = 1; ; tries++) {
      try {
        return start.get();
      } catch (SdkException e) {
        if (!startedNothing(e)) {
          throw e;
        }
        long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(tries - 1, 20));
        long delay = random.nextLong(ceiling + 1);
        if (waited + delay > budgetMillis) {
          throw new Exhausted(tries, e);
        }
        waited += sleeper.applyAsLong(delay);
      }
    }
  }

  /** Throttled by Step Functions, or the request never left this machine. */
  static boolean startedNothing(SdkException e) {
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
      return ase.isThrottlingException()
          || "ThrottlingException".equals(code)
          || "ExecutionLimitExceeded".equals(code);
    }
    if (e instanceof SdkClientException) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof ConnectException
            || t instanceof UnknownHostException
            || t instanceof NoRouteToHostException) {
          return true;
        }
      }
    }
    return false;
  }

  private static long sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
    return millis;
  }
}
