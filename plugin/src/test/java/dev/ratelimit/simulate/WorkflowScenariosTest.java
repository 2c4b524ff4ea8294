package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.model.LambdaServiceRetry;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.ProxyError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The generated workflow run by the local executor with scripted proxy results: every scenario of
 * the conformance suite's WorkflowBehaviourConformanceIT (moto), plus what moto cannot do: crashed
 * proxies (the Catch), Lambda service errors (the Task's Retry), the workflow's TimeoutSeconds.
 */
class WorkflowScenariosTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static WorkflowSpec.Builder spec() {
    return WorkflowSpec.builder().workflowName("conf").targetUrl("https://api.vendor.example");
  }

  static WorkflowSpec.Builder fast() {
    return spec().backoffInitialDelaySeconds(0).honorRetryAfter(false);
  }

  static String input(String method) {
    return "{\"request\":{\"method\":\""
        + method
        + "\",\"path\":\"/v1/items\",\"query\":\"\","
        + "\"headers\":{},\"body\":\"\",\"isBase64Encoded\":false}}";
  }

  static String asl(WorkflowSpec spec) {
    return CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
  }

  record Run(ExecutionResult result, ScriptedLambdas lambdas, VirtualTime time) {
    JsonNode output() {
      try {
        return JSON.readTree(result.output());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  static Run run(WorkflowSpec spec, String method, Object... outcomes) {
    return run(spec, method, 7L, outcomes);
  }

  static Run run(WorkflowSpec spec, String method, long seed, Object... outcomes) {
    List<Object> script = new ArrayList<>();
    for (Object o : outcomes) {
      script.add(o instanceof ObjectNode n ? n.toString() : o);
    }
    ScriptedLambdas lambdas = new ScriptedLambdas(script);
    VirtualTime time = Sleeper.virtual(T0);
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            asl(spec), spec.workflowName(), lambdas, time, new SplittableRandom(seed));
    return new Run(runner.run(input(method)), lambdas, time);
  }

  static void assertSucceeded(Run r, ObjectNode last, int calls) {
    assertThat(r.result().status())
        .as(r.result().describe())
        .isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.output()).as(r.result().describe()).isEqualTo(Results.asLastOf(last, calls));
    assertThat(r.result().lambdaCalls()).as(r.result().describe()).isEqualTo(calls);
  }

  static void assertFailed(Run r, String error, String cause, int calls) {
    assertThat(r.result().status())
        .as(r.result().describe())
        .isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.result().error()).as(r.result().describe()).isEqualTo(error);
    assertThat(r.result().cause()).as(r.result().describe()).isEqualTo(cause);
    assertThat(r.result().lambdaCalls()).as(r.result().describe()).isEqualTo(calls);
    assertThat(r.result().output()).isNull();
  }

  static Object[] times(int n, Object outcome) {
    Object[] all = new Object[n];
    Arrays.fill(all, outcome);
    return all;
  }

  // ---- the scenarios of WorkflowBehaviourConformanceIT ----

  @Test
  @DisplayName("retry then success: 429, 200 -> SUCCEEDED after 2 calls")
  void retryThenSuccess() {
    ObjectNode ok = Results.status(200).put("body", "{\"items\":[1,2]}");
    Run r = run(fast().build(), "GET", Results.status(429), ok);
    assertSucceeded(r, ok, 2);
    assertThat(r.output().path("body").asText()).isEqualTo("{\"items\":[1,2]}");
  }

  @Test
  @DisplayName("5xx then success: 503, 502, 200 -> SUCCEEDED after 3 calls")
  void serverErrorsThenSuccess() {
    ObjectNode ok = Results.status(200);
    assertSucceeded(
        run(fast().maxAttempts(3).build(), "GET", Results.status(503), Results.status(502), ok),
        ok,
        3);
  }

  @Test
  @DisplayName(
      "network errors then success: ConnectFailed, Timeout, 200 -> SUCCEEDED after 3 calls")
  void networkErrorsThenSuccess() {
    ObjectNode ok = Results.status(200);
    assertSucceeded(
        run(
            fast().maxAttempts(3).build(),
            "GET",
            Results.noAnswer("ConnectFailed"),
            Results.noAnswer("Timeout"),
            ok),
        ok,
        3);
  }

  @Test
  @DisplayName("Retry-After honoured: 429 with waitSeconds 3, 200 -> SUCCEEDED, Wait1 lasted 3 s")
  void retryAfterHonoured() {
    ObjectNode ok = Results.status(200);
    ObjectNode tooMany = Results.status(429).put("waitSeconds", 3);
    ((ObjectNode) tooMany.get("headers")).put("retry-after", "3");
    Run r = run(spec().build(), "GET", tooMany, ok);
    assertSucceeded(r, ok, 2);
    assertThat(r.result().waits("Wait1")).containsExactly(Duration.ofSeconds(3));
    assertThat(r.time().elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(r.result().duration()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("non-retryable fails fast: 404 -> FAILED Upstream.404 with its cause after 1 call")
  void nonRetryableFailsFast() {
    ObjectNode notFound =
        Results.status(404).put("cause", Results.causeOf(404, "{\"message\":\"no such item\"}"));
    assertFailed(
        run(fast().build(), "GET", notFound, Results.status(200)),
        "Upstream.404",
        notFound.get("cause").asText(),
        1);
  }

  @Test
  @DisplayName("POST: a 503 is not retried -> FAILED Upstream.503 after 1 call")
  void postServerErrorNotRetried() {
    ObjectNode unavailable = Results.status(503);
    assertFailed(
        run(fast().build(), "POST", unavailable, Results.status(201)),
        "Upstream.503",
        unavailable.get("cause").asText(),
        1);
  }

  @Test
  @DisplayName("POST: a 429 is retried: 429, 201 -> SUCCEEDED after 2 calls")
  void postTooManyRequestsRetried() {
    ObjectNode created = Results.status(201);
    assertSucceeded(run(fast().build(), "POST", Results.status(429), created), created, 2);
  }

  @Test
  @DisplayName("POST with retryNonIdempotent: 503, 200 -> SUCCEEDED after 2 calls")
  void postServerErrorRetriedWhenAllowed() {
    ObjectNode ok = Results.status(200);
    assertSucceeded(
        run(fast().retryNonIdempotent(true).build(), "POST", Results.status(503), ok), ok, 2);
  }

  @Test
  @DisplayName(
      "attempts exhausted: 429 x maxAttempts -> FAILED Upstream.429 after maxAttempts calls")
  void attemptsExhausted() {
    WorkflowSpec spec = fast().maxAttempts(4).build();
    ObjectNode tooMany = Results.status(429);
    List<Object> queued = new ArrayList<>(Arrays.asList(times(4, tooMany)));
    queued.add(Results.status(200)); // an extra call would take it and succeed
    Run r = run(spec, "GET", queued.toArray());
    assertFailed(r, "Upstream.429", tooMany.get("cause").asText(), 4);
    assertThat(r.lambdas().remaining()).isEqualTo(1);
  }

  @Test
  @DisplayName("no answer ever: ConnectFailed x maxAttempts -> FAILED Upstream.Unreachable")
  void neverAnswered() {
    ObjectNode refused = Results.noAnswer("ConnectFailed");
    assertFailed(
        run(fast().maxAttempts(3).build(), "GET", times(3, refused)),
        "Upstream.Unreachable",
        refused.get("cause").asText(),
        3);
  }

  @Test
  @DisplayName("ResponseTooLarge on a 200 -> FAILED Upstream.ResponseTooLarge after 1 call")
  void responseTooLarge() {
    ObjectNode tooLarge =
        Results.status(200)
            .put("body", "")
            .put("error", "ResponseTooLarge")
            .put(
                "cause",
                "{\"status\":200,\"contentType\":\"application/json\",\"body\":\"\","
                    + "\"truncated\":true}");
    assertFailed(
        run(fast().build(), "GET", tooLarge, Results.status(200)),
        "Upstream.ResponseTooLarge",
        tooLarge.get("cause").asText(),
        1);
  }

  @Test
  @DisplayName("retryOnNetworkErrors false: Timeout -> FAILED Upstream.Unreachable after 1 call")
  void networkErrorsNotRetriedWhenOff() {
    ObjectNode timeout = Results.noAnswer("Timeout");
    assertFailed(
        run(fast().retryOnNetworkErrors(false).build(), "GET", timeout, Results.status(200)),
        "Upstream.Unreachable",
        timeout.get("cause").asText(),
        1);
  }

  @Test
  @DisplayName("rotation: 2 proxies, 5 attempts, five 503s -> calls alternate proxy-1/proxy-2")
  void rotation() {
    WorkflowSpec spec = fast().proxies(2).maxAttempts(5).build();
    ObjectNode unavailable = Results.status(503);
    for (long seed = 0; seed < 8; seed++) {
      Run r = run(spec, "GET", seed, times(5, unavailable));
      assertFailed(r, "Upstream.503", unavailable.get("cause").asText(), 5);
      List<String> functions = r.result().invokedFunctions();
      assertThat(functions)
          .hasSize(5)
          .allSatisfy(f -> assertThat(f).isIn("conf-proxy-1", "conf-proxy-2"));
      for (int i = 1; i < functions.size(); i++) {
        assertThat(functions.get(i))
            .as("call %d after %s", i + 1, functions)
            .isNotEqualTo(functions.get(i - 1));
      }
    }
  }

  @Test
  @DisplayName(
      "rotation: every proxy can start, and attempt i uses proxy (start + i - 1) mod N + 1")
  void everyProxyStarts() {
    WorkflowSpec spec = fast().proxies(3).maxAttempts(4).build();
    java.util.Set<String> starts = new java.util.TreeSet<>();
    for (long seed = 0; seed < 40; seed++) {
      Run r = run(spec, "GET", seed, times(4, Results.status(503)));
      List<String> f = r.result().invokedFunctions();
      int start = Integer.parseInt(f.get(0).substring("conf-proxy-".length())) - 1;
      for (int i = 0; i < 4; i++) {
        assertThat(f.get(i)).isEqualTo("conf-proxy-" + ((start + i) % 3 + 1));
      }
      starts.add(f.get(0));
    }
    assertThat(starts).containsExactly("conf-proxy-1", "conf-proxy-2", "conf-proxy-3");
  }

  @Test
  @DisplayName("the payload is {request, attempt}: the caller's request, attempt 1, 2, ...")
  void payloads() {
    Run r = run(fast().build(), "GET", Results.status(503), Results.status(200));
    List<ScriptedLambdas.Invocation> calls = r.lambdas().invocations();
    assertThat(calls).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode payload = parse(calls.get(i).payload());
      assertThat(payload.get("attempt").asInt()).isEqualTo(i + 1);
      assertThat(payload.get("request")).isEqualTo(parse(input("GET")).get("request"));
    }
  }

  // ---- what moto cannot do ----

  static LambdaFailure crash() {
    return LambdaFailure.unhandled(new IllegalStateException("boom"));
  }

  @Test
  @DisplayName(
      "a crashed proxy (GET) is caught and retried on the next proxy: crash, 200 -> SUCCEEDED")
  void crashRetried() {
    ObjectNode ok = Results.status(200);
    Run r = run(fast().build(), "GET", crash(), ok);
    assertSucceeded(r, ok, 2);
    assertThat(r.result().statesEntered())
        .containsSubsequence(
            "Attempt1", "Attempt1Crashed", "Check1", "Wait1", "Attempt2", "Check2", "Succeeded");
    assertThat(r.result().invokedFunctions().get(0))
        .isNotEqualTo(r.result().invokedFunctions().get(1));
  }

  @Test
  @DisplayName("a crashed proxy waits the attempt's backoff cap before the next attempt")
  void crashWaitsTheCap() {
    WorkflowSpec spec = spec().build(); // initial delay 1 s
    Run r = run(spec, "GET", crash(), Results.status(200));
    assertThat(r.result().waits("Wait1"))
        .containsExactly(Duration.ofSeconds(spec.backoff().capSeconds(1)));
  }

  @Test
  @DisplayName(
      "POST: a missing key is retried on the next proxy: SecretUnavailable, 201 -> SUCCEEDED")
  void secretUnavailableRetriedForPost() {
    ObjectNode created = Results.status(201);
    Run r = run(fast().build(), "POST", Results.noAnswer("SecretUnavailable"), created);
    assertSucceeded(r, created, 2);
    assertThat(r.result().invokedFunctions().get(0))
        .isNotEqualTo(r.result().invokedFunctions().get(1));
  }

  @Test
  @DisplayName(
      "a missing key on every attempt -> FAILED Proxy.SecretUnavailable (503), not Upstream.Unreachable")
  void secretUnavailableToTheEnd() {
    ObjectNode missing = Results.noAnswer("SecretUnavailable");
    Run r = run(fast().maxAttempts(3).build(), "GET", times(3, missing));
    assertFailed(r, "Proxy.SecretUnavailable", missing.get("cause").asText(), 3);
    // what the caller gets, from the real orchestrator
    WorkflowSpec spec = fast().maxAttempts(3).build();
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            asl(spec),
            spec.workflowName(),
            new ScriptedLambdas(
                List.of(missing.toString(), missing.toString(), missing.toString())),
            Sleeper.virtual(T0),
            new SplittableRandom(1));
    LocalGateway.Exchange x =
        new LocalGateway(spec, runner, java.time.Clock.systemUTC(), line -> {})
            .call("secret-1", "GET", "/v1/items", "", java.util.Map.of(), "");
    assertThat(x.answer().status()).isEqualTo(503);
  }

  @Test
  @DisplayName(
      "a crashed proxy (POST) is not retried: it may have sent the request -> Proxy.Failed")
  void crashNotRetriedForPost() {
    LambdaFailure crash = crash();
    assertFailed(
        run(fast().build(), "POST", crash, Results.status(201)),
        "Proxy.Failed",
        StateMachineGenerator.crashCause(1),
        1);
  }

  @Test
  @DisplayName(
      "a crash on the last attempt -> FAILED Proxy.Failed; the crash's own cause stays in the"
          + " history, not in the state")
  void crashOnLastAttempt() {
    LambdaFailure timedOut = LambdaFailure.timedOut(12);
    Run r = run(fast().maxAttempts(2).build(), "GET", Results.status(503), timedOut);
    assertFailed(r, "Proxy.Failed", StateMachineGenerator.crashCause(2), 2);
    assertThat(r.result().events())
        .anyMatch(
            e -> e.type() == HistoryEvent.Type.LAMBDA_FAILED && timedOut.cause().equals(e.cause()));
  }

  @Test
  @DisplayName("the execution input's caller field (STANDARD's owner) never reaches a proxy")
  void ownerFieldIsDroppedByTheFirstState() {
    String input = input("GET").replaceFirst("\\}$", ",\"caller\":\"token:00ff\"}");
    assertThat(parse(input).has("caller")).isTrue();
    ScriptedLambdas lambdas =
        new ScriptedLambdas(
            List.of(Results.status(503).toString(), Results.status(200).toString()));
    WorkflowSpec spec = fast().build();
    StateMachineRunner.forGenerated(
            asl(spec), spec.workflowName(), lambdas, Sleeper.virtual(T0), new SplittableRandom(7))
        .run(input);
    assertThat(lambdas.invocations()).hasSize(2);
    for (ScriptedLambdas.Invocation call : lambdas.invocations()) {
      assertThat(call.payload()).doesNotContain("caller", "token:00ff");
      // executionStartTime is $$.Execution.StartTime (for the deadline), not anything from the
      // input
      assertThat(parse(call.payload()).fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder("request", "attempt", "executionStartTime");
    }
  }

  @Test
  @DisplayName(
      "Lambda service errors are retried by the Task's Retry (same attempt, jittered waits)")
  void serviceErrorsRetried() {
    ObjectNode ok = Results.status(200);
    LambdaFailure service = new LambdaFailure(LambdaFailure.SERVICE_EXCEPTION, "Lambda is down");
    LambdaFailure throttled = new LambdaFailure(LambdaFailure.TOO_MANY_REQUESTS, "Rate exceeded");
    Run r = run(fast().build(), "GET", service, throttled, ok);
    assertSucceeded(r, ok, 3, 1); // one attempt, three invocations
    List<HistoryEvent> retries =
        r.result().events().stream()
            .filter(e -> e.type() == HistoryEvent.Type.RETRY_SCHEDULED)
            .toList();
    assertThat(retries).hasSize(2);
    // IntervalSeconds 1, BackoffRate 2, FULL jitter: [0, 1] s then [0, 2] s
    assertThat(retries.get(0).waitTime()).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    assertThat(retries.get(1).waitTime()).isBetween(Duration.ZERO, Duration.ofSeconds(2));
    assertThat(r.result().invokedFunctions()).containsOnly(r.result().invokedFunctions().get(0));
    assertThat(r.result().statesEntered()).doesNotContain("Attempt2", "Attempt1Crashed");
  }

  /** {@code assertSucceeded} compares with the attempt; here three calls were one attempt. */
  static void assertSucceeded(Run r, ObjectNode last, int calls, int attempt) {
    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.output()).isEqualTo(Results.asLastOf(last, attempt));
    assertThat(r.result().lambdaCalls()).isEqualTo(calls);
  }

  @Test
  @DisplayName(
      "service errors beyond the Task's 2 retries are caught: the attempt counts as crashed")
  void serviceErrorsExhausted() {
    ObjectNode ok = Results.status(200);
    LambdaFailure service = new LambdaFailure(LambdaFailure.SERVICE_EXCEPTION, "down");
    Run r = run(fast().build(), "GET", service, service, service, ok);
    assertSucceeded(r, ok, 4, 2);
    assertThat(r.result().statesEntered())
        .containsSubsequence("Attempt1", "Attempt1Crashed", "Attempt2", "Succeeded");
  }

  @Test
  @DisplayName("a throttled proxy (POST) is retried once the Task's retries give up: it never ran")
  void throttledPostRetried() {
    ObjectNode created = Results.status(201);
    LambdaFailure throttled = new LambdaFailure(LambdaFailure.TOO_MANY_REQUESTS, "Rate exceeded");
    Run r = run(fast().build(), "POST", throttled, throttled, throttled, created);
    assertSucceeded(r, created, 4, 2); // attempt 1: three refused invocations; attempt 2 answers
    assertThat(r.result().statesEntered())
        .containsSubsequence(
            "Attempt1", "Attempt1NotInvoked", "Check1", "Wait1", "Attempt2", "Succeeded")
        .doesNotContain("Attempt1Crashed");
  }

  @Test
  @DisplayName("every Lambda error that proves the proxy did not run is retried for PATCH too")
  void notInvokedErrorsRetriedForEveryMethod() {
    for (String error : LambdaServiceRetry.NOT_INVOKED_ERRORS) {
      LambdaFailure refused = new LambdaFailure(error, "not run");
      // The Task's Retry tries the errors it lists twice more before the Catch sees them.
      int refusals = LambdaServiceRetry.ERRORS.contains(error) ? 3 : 1;
      Object[] script = new Object[refusals + 1];
      Arrays.fill(script, refused);
      script[refusals] = Results.status(200);
      Run r = run(fast().proxies(2).maxAttempts(2).build(), "PATCH", script);
      assertThat(r.result().status())
          .as(error + ": " + r.result().describe())
          .isEqualTo(ExecutionResult.Status.SUCCEEDED);
    }
  }

  @Test
  @DisplayName("throttled on every attempt -> FAILED Proxy.NotInvoked (not Proxy.Failed)")
  void throttledOnEveryAttempt() {
    LambdaFailure throttled = new LambdaFailure(LambdaFailure.TOO_MANY_REQUESTS, "Rate exceeded");
    Object[] script = new Object[6];
    Arrays.fill(script, throttled);
    Run r = run(fast().proxies(2).maxAttempts(2).build(), "POST", script);
    assertFailed(
        r,
        "Proxy.NotInvoked",
        StateMachineGenerator.invocationCause(ProxyError.PROXY_NOT_INVOKED, 2),
        6);
  }

  @Test
  @DisplayName("the workflow's TimeoutSeconds -> TIMED_OUT States.Timeout at exactly the deadline")
  void workflowTimeout() {
    WorkflowSpec spec = fast().build();
    int timeout = spec.worstCase().totalSeconds();
    ObjectNode longWait = Results.status(429).put("waitSeconds", timeout + 100);
    Run r = run(spec, "GET", longWait, Results.status(200));
    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.TIMED_OUT);
    assertThat(r.result().error()).isEqualTo("States.Timeout");
    assertThat(r.result().lambdaCalls()).isEqualTo(1);
    assertThat(r.time().elapsed()).isEqualTo(Duration.ofSeconds(timeout));
  }

  @Test
  @DisplayName(
      "a result without a field the ResultSelector reads -> FAILED States.Runtime, not caught")
  void missingResultField() {
    ObjectNode partial = Results.status(200);
    partial.remove("cause");
    Run r = run(fast().build(), "GET", partial, Results.status(200));
    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.result().error()).isEqualTo("States.Runtime");
    assertThat(r.result().cause()).contains("$.Payload.cause");
    assertThat(r.result().lambdaCalls()).isEqualTo(1);
  }

  @Test
  @DisplayName("the same seed gives the same run")
  void repeatable() {
    WorkflowSpec spec = spec().workflowType("STANDARD").proxies(3).maxAttempts(5).build();
    LambdaFailure service = new LambdaFailure(LambdaFailure.SERVICE_EXCEPTION, "down");
    Object[] script = {service, Results.status(503), crash(), Results.status(200)};
    Run a = run(spec, "GET", 42L, script);
    Run b = run(spec, "GET", 42L, script);
    assertThat(a.result().events()).isEqualTo(b.result().events());
    assertThat(a.result().output()).isEqualTo(b.result().output());
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
