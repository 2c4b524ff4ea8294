package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static dev.ratelimit.runtime.orchestrator.Support.event;
import static dev.ratelimit.runtime.orchestrator.Support.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.testsupport.TestLambdaContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EXPRESS: each StartSyncExecution outcome, from a stub of the AWS JSON 1.0 protocol, to the HTTP
 * answer.
 */
class ExpressOutcomeTest {
  static final String EXECUTION = "3b7f0c7e-1d2a-4e5b-9c8d-7e6f5a4b3c2d";
  @RegisterExtension static final ExpressStub stub = new ExpressStub();
  static final OrchestratorHandler handler =
      new OrchestratorHandler(config("EXPRESS"), stub.endpoint());

  static FunctionUrlResponse call() {
    return handler.handleRequest(
        event(
            "POST",
            "/v1/orders",
            "a=1",
            Support.headers("content-type", "application/json", "authorization", "Bearer caller"),
            "{\"item\":1}",
            false,
            EXECUTION),
        Support.context());
  }

  /** A cause as an older proxy wrote it: no {@code isBase64Encoded}, no {@code attempt}. */
  static String cause(
      int status, String error, String contentType, String body, boolean truncated) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("status", status);
    c.put("error", error);
    c.put("contentType", contentType);
    c.put("body", body);
    c.put("truncated", truncated);
    return SdkJson.write(c);
  }

  /** A cause as the proxy writes it (docs/architecture.md, "The proxy result"). */
  static String cause(
      int status,
      String error,
      String contentType,
      boolean base64,
      String body,
      boolean truncated,
      int attempt) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("status", status);
    c.put("error", error);
    c.put("contentType", contentType);
    c.put("isBase64Encoded", base64);
    c.put("body", body);
    c.put("truncated", truncated);
    c.put("attempt", attempt);
    return SdkJson.write(c);
  }

  @Test
  @SuppressWarnings("unchecked")
  void succeededGivesTheUpstreamAnswer() {
    stub.answer(
        "SUCCEEDED",
        null,
        null,
        "{\"statusCode\":201,\"headers\":{\"content-type\":\"application/json\","
            + "\"location\":\"/v1/orders/9\",\"connection\":\"close\",\"content-length\":\"9\","
            + "\"x-ratelimit-attempts\":\"99\"},\"body\":\"{\\\"id\\\":9}\",\"isBase64Encoded\":false,"
            + "\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\"}");

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(201);
    assertThat(r.getBody()).isEqualTo("{\"id\":9}");
    assertThat(r.getIsBase64Encoded()).isFalse();
    // hop-by-hop, content-length and the gateway's own x-ratelimit-attempts dropped; no attempt
    // number in the output: no header.
    assertThat(r.getHeaders())
        .isEqualTo(
            Map.of(
                "content-type",
                "application/json",
                "location",
                "/v1/orders/9",
                "x-ratelimit-execution",
                EXECUTION));
    // The request the SDK sent.
    Map<String, Object> sent = stub.onlyRequest();
    assertThat(sent)
        .containsEntry("stateMachineArn", Support.STATE_MACHINE_ARN)
        .containsEntry("name", EXECUTION);
    assertThat(json((String) sent.get("input")))
        .isEqualTo(
            Map.of(
                "request",
                Map.of(
                    "method",
                    "POST",
                    "path",
                    "/v1/orders",
                    "query",
                    "a=1",
                    "headers",
                    Map.of("content-type", "application/json"),
                    "body",
                    "{\"item\":1}",
                    "isBase64Encoded",
                    false)));
    assertThat(stub.requests().get(0).getHeader("X-Amz-Target")).isEqualTo(ExpressStub.TARGET);
    assertThat(stub.requests().get(0).getHeader("Content-Type"))
        .startsWith("application/x-amz-json-1.0");
  }

  @Test
  void succeededWithBinaryBodyAndAttemptNumber() {
    stub.answer(
        "SUCCEEDED",
        null,
        null,
        "{\"statusCode\":200,\"headers\":{\"content-type\":\"image/png\"},"
            + "\"body\":\"iVBORw0KGgo=\",\"isBase64Encoded\":true,\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\","
            + "\"attempt\":2}");

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getIsBase64Encoded()).isTrue();
    assertThat(r.getBody()).isEqualTo("iVBORw0KGgo=");
    assertThat(r.getHeaders())
        .containsEntry("content-type", "image/png")
        .containsEntry("x-ratelimit-attempts", "2");
  }

  @Test
  void failedUpstream503GivesThatStatusAndBody() {
    stub.answer(
        "FAILED",
        "Upstream.503",
        cause(503, null, "application/problem+json", "{\"title\":\"busy\"}", false),
        null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getBody()).isEqualTo("{\"title\":\"busy\"}");
    assertThat(r.getIsBase64Encoded()).isFalse();
    assertThat(r.getHeaders())
        .containsEntry("content-type", "application/problem+json")
        .containsEntry("x-ratelimit-execution", EXECUTION)
        .doesNotContainKey("x-ratelimit-truncated");
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void failedUpstreamGivesTheCallerTheVendorsAllowedHeadersAndWhatRemainsOfItsWait() {
    // As the proxy writes it: the 429 arrived 5 s ago with Retry-After: 600.
    long receivedAt = System.currentTimeMillis() - 5_000;
    String cause =
        "{\"status\":429,\"error\":\"RetryAfterTooLong\",\"contentType\":\"application/json\","
            + "\"headers\":{\"retry-after\":\"600\",\"ratelimit\":\"limit=10, remaining=0, reset=600\","
            + "\"x-ratelimit-reset\":\"1767225600\",\"set-cookie\":\"s=1\",\"x-ratelimit-attempts\":\"99\","
            + "\"x-secret\":\"k\"},\"retryAfter\":600,\"receivedAt\":"
            + receivedAt
            + ",\"isBase64Encoded\":false,\"body\":\"{\\\"error\\\":\\\"slow down\\\"}\",\"truncated\":false,"
            + "\"attempt\":1}";
    stub.answer("FAILED", "Upstream.429", cause, null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(429);
    assertThat(r.getBody()).isEqualTo("{\"error\":\"slow down\"}");
    assertThat(r.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("ratelimit", "limit=10, remaining=0, reset=600")
        .containsEntry("x-ratelimit-reset", "1767225600")
        .containsEntry("x-ratelimit-attempts", "1")
        .doesNotContainKeys("set-cookie", "x-secret");
    int retryAfter = Integer.parseInt(r.getHeaders().get("retry-after"));
    assertThat(retryAfter).isBetween(590, 595);
  }

  @Test
  void deadlineWithoutAnAnswerGives504() {
    stub.answer(
        "FAILED",
        "Deadline.Exceeded",
        cause(0, "DeadlineExceeded", null, false, "", false, 2),
        null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(504);
    assertThat(json(r.getBody())).containsEntry("error", "DeadlineExceeded");
  }

  @Test
  void failedUpstreamWithTruncatedBinaryCause() {
    stub.answer(
        "FAILED",
        "Upstream.429",
        cause(429, null, "application/octet-stream", "AAECAwQ", true)
            .replace("}", ",\"attempt\":3}"),
        null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(429);
    assertThat(r.getIsBase64Encoded()).isTrue();
    assertThat(r.getBody()).isEqualTo("AAEC"); // cut back to whole base64 quads
    assertThat(r.getHeaders())
        .containsEntry("x-ratelimit-truncated", "true")
        .containsEntry("x-ratelimit-attempts", "3");
  }

  @Test
  void failedUpstreamTakesAttemptAndBase64FlagFromTheCause() {
    // text/plain, but the proxy says base64 (e.g. a gzip-encoded body): the flag wins over the
    // content type
    stub.answer(
        "FAILED", "Upstream.503", cause(503, null, "text/plain", true, "AQIDBA", true, 4), null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getIsBase64Encoded()).isTrue();
    assertThat(r.getBody()).isEqualTo("AQID");
    assertThat(r.getHeaders())
        .containsEntry("content-type", "text/plain")
        .containsEntry("x-ratelimit-attempts", "4")
        .containsEntry("x-ratelimit-truncated", "true");
  }

  @Test
  void failedUpstreamWithTextFlagKeepsABinaryContentTypesBodyAsText() {
    stub.answer(
        "FAILED",
        "Upstream.418",
        cause(418, null, "application/octet-stream", false, "tea", false, 2),
        null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(418);
    assertThat(r.getIsBase64Encoded()).isFalse();
    assertThat(r.getBody()).isEqualTo("tea");
    assertThat(r.getHeaders())
        .containsEntry("x-ratelimit-attempts", "2")
        .doesNotContainKey("x-ratelimit-truncated");
  }

  @Test
  void unreachableAndTooLargeReportTheAttemptFromTheCause() {
    stub.answer(
        "FAILED", "Upstream.Unreachable", cause(0, "Timeout", null, false, "", false, 5), null);
    FunctionUrlResponse unreachable = call();
    assertThat(unreachable.getStatusCode()).isEqualTo(502);
    assertThat(json(unreachable.getBody())).containsEntry("detail", "Timeout");
    assertThat(unreachable.getHeaders()).containsEntry("x-ratelimit-attempts", "5");

    stub.answer(
        "FAILED",
        "Upstream.ResponseTooLarge",
        cause(200, "ResponseTooLarge", "text/plain", false, "xxx", true, 1),
        null);
    assertThat(call().getHeaders()).containsEntry("x-ratelimit-attempts", "1");
  }

  @Test
  void attemptsOutOfRangeOrNotWholeAreIgnored() {
    for (String attempt : new String[] {"0", "1001", "2.5", "\"3\"", "null"}) {
      stub.answer(
          "SUCCEEDED",
          null,
          null,
          "{\"statusCode\":200,\"headers\":{},\"body\":\"\","
              + "\"isBase64Encoded\":false,\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\",\"attempt\":"
              + attempt
              + "}");

      FunctionUrlResponse r = call();

      assertThat(r.getStatusCode()).as(attempt).isEqualTo(200);
      assertThat(r.getHeaders()).as(attempt).doesNotContainKey("x-ratelimit-attempts");
    }
  }

  @Test
  void timedOutGives504() {
    stub.answer("TIMED_OUT", null, null, null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(504);
    assertThat(json(r.getBody()))
        .containsEntry("error", "WorkflowTimedOut")
        .containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
    assertThat(r.getHeaders()).containsEntry("x-ratelimit-execution", EXECUTION);
  }

  @Test
  void statesTimeoutGives504() {
    stub.answer("FAILED", "States.Timeout", "", null);

    assertThat(call().getStatusCode()).isEqualTo(504);
  }

  @Test
  void unreachableGives502WithJsonError() {
    stub.answer("FAILED", "Upstream.Unreachable", cause(0, "ConnectFailed", null, "", false), null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(502);
    assertThat(r.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(json(r.getBody()))
        .containsEntry("error", "Upstream.Unreachable")
        .containsEntry("detail", "ConnectFailed")
        .containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
  }

  /**
   * Nothing reached the vendor: 503 with Retry-After, not 502 "vendor unreachable" (before: 500,
   * unknown error).
   */
  @Test
  void secretUnavailableGives503WithRetryAfter() {
    stub.answer(
        "FAILED",
        "Proxy.SecretUnavailable",
        cause(
            0,
            "SecretUnavailable",
            null,
            false,
            "API key unavailable: ThrottlingException",
            false,
            3),
        null);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeaders())
        .containsEntry("retry-after", String.valueOf(Outcomes.SECRET_RETRY_AFTER_SECONDS))
        .containsEntry("x-ratelimit-attempts", "3")
        .containsEntry("content-type", "application/json");
    assertThat(json(r.getBody()))
        .containsEntry("error", "SecretUnavailable")
        .containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
    assertThat(r.getBody()).doesNotContain("Throttling");
  }

  /**
   * The proxy cut the vendor key out: the caller learns the body was altered, on success and on
   * failure.
   */
  @Test
  void theRedactionMarkReachesTheCaller() {
    stub.answer(
        "SUCCEEDED",
        null,
        null,
        "{\"statusCode\":200,\"headers\":{\"x-ratelimit-redacted\":\"body\","
            + "\"x-ratelimit-other\":\"1\"},\"body\":\"[REDACTED]\",\"isBase64Encoded\":false,\"waitSeconds\":0,"
            + "\"error\":\"\",\"cause\":\"\"}");
    assertThat(call().getHeaders())
        .containsEntry("x-ratelimit-redacted", "body")
        .doesNotContainKey("x-ratelimit-other");

    stub.answer(
        "FAILED",
        "Upstream.401",
        cause(401, null, "text/plain", false, "bad key [REDACTED]", false, 1)
            .replace(",\"attempt\"", ",\"redacted\":\"body, headers\",\"attempt\""),
        null);
    FunctionUrlResponse failed = call();
    assertThat(failed.getStatusCode()).isEqualTo(401);
    assertThat(failed.getHeaders()).containsEntry("x-ratelimit-redacted", "body, headers");

    stub.answer(
        "FAILED",
        "Upstream.401",
        cause(401, null, "text/plain", false, "x", false, 1)
            .replace(",\"attempt\"", ",\"redacted\":\"body\\r\\nset-cookie: a\",\"attempt\""),
        null);
    assertThat(call().getHeaders()).doesNotContainKey("x-ratelimit-redacted");
  }

  @Test
  void proxyFailedAndTooLargeGive502WithoutTheCauseText() {
    stub.answer(
        "FAILED",
        "Proxy.Failed",
        "{\"errorMessage\":\"secret stack\",\"stackTrace\":[\"a.b\"]}",
        null);
    FunctionUrlResponse crashed = call();
    assertThat(crashed.getStatusCode()).isEqualTo(502);
    assertThat(crashed.getBody()).doesNotContain("secret", "stack");

    stub.answer(
        "FAILED",
        "Upstream.ResponseTooLarge",
        cause(200, "ResponseTooLarge", "text/plain", "xxx", true),
        null);
    FunctionUrlResponse large = call();
    assertThat(large.getStatusCode()).isEqualTo(502);
    assertThat(json(large.getBody())).containsEntry("error", "Upstream.ResponseTooLarge");
  }

  @Test
  void proxiesThrottledByLambdaGive503WithRetryAfter() {
    stub.answer("FAILED", "Proxy.NotInvoked", "{\"errorMessage\":\"Rate Exceeded.\"}", null);
    FunctionUrlResponse throttled = call();
    assertThat(throttled.getStatusCode()).isEqualTo(503);
    assertThat(throttled.getHeaders()).containsEntry("retry-after", "1");
    assertThat(json(throttled.getBody())).containsEntry("error", "Proxy.NotInvoked");
    assertThat(throttled.getBody()).doesNotContain("Rate Exceeded");
  }

  @Test
  void otherFailuresAndOddStatusesGive500WithRequestId() {
    stub.answer(
        "FAILED", "States.Runtime", "An error occurred while executing the state 'X'", null);
    FunctionUrlResponse runtime = call();
    assertThat(runtime.getStatusCode()).isEqualTo(500);
    assertThat(json(runtime.getBody())).containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
    assertThat(runtime.getBody()).doesNotContain("occurred");

    stub.answer("SUCCEEDED", null, null, "not json");
    assertThat(call().getStatusCode()).isEqualTo(500);
  }

  @Test
  void serviceErrorGives500WithRequestIdAndIsNotRetried() {
    stub.answerRaw(
        500, "{\"__type\":\"com.amazonaws.states#InternalFailure\",\"message\":\"boom\"}");

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(500);
    assertThat(r.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(json(r.getBody()))
        .containsEntry("error", "InternalError")
        .containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
    assertThat(r.getBody()).doesNotContain("boom", "Exception", "at ");
    assertThat(stub.requests()).hasSize(1); // no SDK retry: starting a workflow is not idempotent
  }

  static final String OK_OUTPUT =
      "{\"statusCode\":200,\"headers\":{},\"body\":\"ok\",\"isBase64Encoded\":false,"
          + "\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\",\"attempt\":1}";

  @Test
  void aThrottledStartIsRetriedWithBackoff() {
    // Step Functions' ThrottlingException proves nothing started: retried, POST or not.
    stub.throttleThenAnswer(2, OK_OUTPUT);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).isEqualTo("ok");
    assertThat(stub.requests()).hasSize(3);
  }

  @Test
  void throttlingBeyondTheBudgetGives503WithRetryAfter() {
    stub.answerRaw(400, ExpressStub.THROTTLED);

    FunctionUrlResponse r = call();

    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeaders())
        .containsEntry("retry-after", "1")
        .containsEntry("content-type", "application/json");
    assertThat(json(r.getBody())).containsEntry("error", "WorkflowThrottled");
    assertThat(stub.requests().size()).isGreaterThan(1);
  }

  @Test
  void theStartEndsBeforeTheLambdaSoTheCallerGetsJson() {
    // 2.5 s left in the Lambda, Step Functions answers after 5 s: the SDK call must give up first.
    stub.answerSlowly(5_000, OK_OUTPUT);
    long started = System.nanoTime();

    FunctionUrlResponse r =
        handler.handleRequest(
            event("GET", "/v1/orders", "", Support.headers(), "", false, EXECUTION),
            new TestLambdaContext(2_500, Support.LAMBDA_REQUEST_ID, "o"));

    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMillis).as("answered within the Lambda's remaining time").isLessThan(2_500);
    assertThat(r.getStatusCode()).isEqualTo(504);
    assertThat(json(r.getBody())).containsEntry("error", "WorkflowTimedOut");
  }

  @Test
  void statusRouteDoesNotExistInExpress() {
    FunctionUrlResponse r =
        handler.handleRequest(Support.get("/_ratelimit/executions/" + EXECUTION), null);

    assertThat(r.getStatusCode()).isEqualTo(404);
  }
}
