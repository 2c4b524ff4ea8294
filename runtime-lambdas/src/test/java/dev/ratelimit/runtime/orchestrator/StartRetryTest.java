package dev.ratelimit.runtime.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** Which failed starts are retried, and that the waits stay within the budget. */
class StartRetryTest {
  final List<Long> sleeps = new ArrayList<>();
  final StartRetry retry =
      new StartRetry(
          StartRetry.BUDGET_MILLIS,
          ms -> {
            sleeps.add(ms);
            return ms;
          },
          new SplittableRandom(3));

  static SdkException aws(int status, String code) {
    return SfnException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("x").build())
        .build();
  }

  static SdkException client(Throwable cause) {
    return SdkClientException.builder()
        .message("Unable to execute HTTP request")
        .cause(cause)
        .build();
  }

  String failing(int times, SdkException e, AtomicInteger calls) {
    return retry.call(
        () -> {
          if (calls.incrementAndGet() <= times) {
            throw e;
          }
          return "started";
        });
  }

  @Test
  void throttlingAndRefusedConnectionsAreRetried() {
    for (SdkException e :
        List.of(
            aws(400, "ThrottlingException"),
            aws(400, "ExecutionLimitExceeded"),
            client(new ConnectException("Connection refused")))) {
      AtomicInteger calls = new AtomicInteger();
      assertThat(failing(2, e, calls)).isEqualTo("started");
      assertThat(calls).hasValue(3);
    }
  }

  @Test
  void whatMayHaveStartedIsNotRetried() {
    for (SdkException e :
        List.of(
            aws(500, "InternalFailure"),
            aws(400, "InvalidExecutionInput"),
            client(new SocketTimeoutException("Read timed out")))) {
      AtomicInteger calls = new AtomicInteger();
      assertThatThrownBy(() -> failing(1, e, calls)).isSameAs(e);
      assertThat(calls).hasValue(1);
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void theWaitsStayWithinTheBudgetThenItGivesUp() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> failing(Integer.MAX_VALUE, aws(400, "ThrottlingException"), calls))
        .isInstanceOf(StartRetry.Exhausted.class);
    assertThat(sleeps.stream().mapToLong(Long::longValue).sum())
        .isLessThanOrEqualTo(StartRetry.BUDGET_MILLIS);
    assertThat(sleeps).allSatisfy(ms -> assertThat(ms).isBetween(0L, StartRetry.CAP_MILLIS));
    assertThat(calls.get()).isEqualTo(sleeps.size() + 1).isGreaterThan(2);
  }

  @Test
  void retriesAndTimeoutsFitInsideTheLambdasMargin() {
    // EXPRESS: the Lambda's timeout is the worst case plus this margin; the start call's own
    // timeout is the
    // worst case plus API_CALL_MARGIN, after at most BUDGET_MILLIS of backoff, plus room for the
    // answer.
    long used =
        SfnClients.API_CALL_MARGIN.toMillis()
            + StartRetry.BUDGET_MILLIS
            + OrchestratorHandler.ANSWER_RESERVE_MILLIS;
    assertThat(used).isLessThan(OrchestratorConfig.EXPRESS_TIMEOUT_MARGIN_SECONDS * 1000L);
    assertThat(SfnClients.SOCKET_MARGIN).isLessThan(SfnClients.API_CALL_MARGIN);
  }
}
