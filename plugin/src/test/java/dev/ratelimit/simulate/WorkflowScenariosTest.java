package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.HistoryEvent;
import dev.ratelimit.asl.local.LambdaFailure;
import dev.ratelimit.asl.local.ScriptedLambdas;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.asl.local.VirtualTime;
import dev.ratelimit.model.LambdaServiceRetry;
import dev.ratelimit.model.ScenarioSpecs;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.ProxyError;
import dev.ratelimit.runtime.contract.ProxyNaming;
import dev.ratelimit.testsupport.Expected;
import dev.ratelimit.testsupport.ProxyResult;
import dev.ratelimit.testsupport.Workflow;
import dev.ratelimit.testsupport.WorkflowScenario;
import dev.ratelimit.testsupport.WorkflowScenarios;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated workflow run by the local executor with scripted proxy results: every scenario of
 * the shared table ({@link WorkflowScenarios}, which moto and the parity run read too), plus what
 * moto cannot do: crashed proxies (the Catch), Lambda service errors (the Task's Retry), the
 * workflow's TimeoutSeconds.
 */
public class WorkflowScenariosTest {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The scenario table's workflow with the defaults. */
  static WorkflowSpec.Builder spec() {
    return ScenarioSpecs.builder(Workflow.defaults());
  }

  /** The same without waits. */
  static WorkflowSpec.Builder fast() {
    return ScenarioSpecs.builder(Workflow.fast());
  }

  public static String input(String method) {
    return WorkflowScenario.input(method);
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
      script.add(o instanceof ProxyResult result ? result.json() : o);
    }
    ScriptedLambdas lambdas = new ScriptedLambdas(script);
    VirtualTime time = Sleeper.virtual(T0);
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            asl(spec), spec.workflowName(), lambdas, time, new SplittableRandom(seed));
    return new Run(runner.run(input(method)), lambdas, time);
  }

  static void assertSucceeded(Run r, ProxyResult last, int calls) {
    assertThat(r.result().status())
        .as(r.result().describe())
        .isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.output()).as(r.result().describe()).isEqualTo(parse(last.asLastOf(calls)));
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

  // ---- the scenario table (test-support's WorkflowScenarios), also run in moto and in parity ----

  /** Seeds for the random first proxy: each scenario must end the same whichever proxy starts. */
  static final int SEEDS = 8;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ratelimit.testsupport.WorkflowScenarios#all")
  void scenario(WorkflowScenario scenario) {
    WorkflowSpec spec = ScenarioSpecs.spec(scenario.workflow());
    Expected expected = scenario.expected();
    for (long seed = 0; seed < SEEDS; seed++) {
      Run r = run(spec, scenario.method(), seed, scenario.results().toArray());
      ExecutionResult result = r.result();
      String described = "seed " + seed + ": " + result.describe();
      assertThat(result.status().name()).as(described).isEqualTo(expected.status());
      assertThat(result.error()).as(described).isEqualTo(expected.error());
      assertThat(result.cause()).as(described).isEqualTo(expected.cause());
      assertThat(result.lambdaCalls()).as(described).isEqualTo(expected.proxyCalls());
      if (expected.output() == null) {
        assertThat(result.output()).as(described).isNull();
      } else {
        assertThat(r.output()).as(described).isEqualTo(parse(expected.output()));
      }
      // nothing but the Wait states takes (virtual) time
      expected
          .waitSeconds()
          .forEach(
              (state, seconds) ->
                  assertThat(result.waits(state))
                      .as(described)
                      .containsExactly(Duration.ofSeconds(seconds)));
      Duration waited = Duration.ofSeconds(expected.totalWaitSeconds());
      assertThat(r.time().elapsed()).as(described).isEqualTo(waited);
      assertThat(result.duration()).as(described).isEqualTo(waited);
      // no extra call: the unused results stay queued
      assertThat(r.lambdas().remaining())
          .as(described)
          .isEqualTo(scenario.results().size() - expected.proxyCalls());
      assertRotates(result.invokedFunctions(), spec, described);
    }
  }

  /** Every call goes to one of the workflow's proxies, never the same twice in a row. */
  static void assertRotates(List<String> functions, WorkflowSpec spec, String described) {
    List<String> proxies = new ArrayList<>();
    for (int k = 1; k <= spec.proxies(); k++) {
      proxies.add(ProxyNaming.functionName(spec.workflowName(), k));
    }
    assertThat(functions).as(described).allSatisfy(f -> assertThat(f).isIn(proxies));
    for (int i = 1; i < functions.size(); i++) {
      assertThat(functions.get(i))
          .as("call %d after %s\n%s", i + 1, functions, described)
          .isNotEqualTo(functions.get(i - 1));
    }
  }

  @Test
  @DisplayName(
      "rotation: every proxy can start, and attempt i uses proxy (start + i - 1) mod N + 1")
  void everyProxyStarts() {
    WorkflowSpec spec = fast().proxies(3).maxAttempts(4).build();
    Set<String> starts = new TreeSet<>();
    for (long seed = 0; seed < 40; seed++) {
      Run r = run(spec, "GET", seed, times(4, ProxyResult.status(503)));
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
    Run r = run(fast().build(), "GET", ProxyResult.status(503), ProxyResult.status(200));
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
    ProxyResult ok = ProxyResult.status(200);
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
    Run r = run(spec, "GET", crash(), ProxyResult.status(200));
    assertThat(r.result().waits("Wait1"))
        .containsExactly(Duration.ofSeconds(spec.backoff().capSeconds(1)));
  }

  @Test
  @DisplayName(
      "a missing key on every attempt: the caller gets 503 from the real orchestrator (the table"
          + " has the execution: Proxy.SecretUnavailable, not Upstream.Unreachable)")
  void secretUnavailableToTheEnd() {
    ProxyResult missing = ProxyResult.noAnswer("SecretUnavailable");
    WorkflowSpec spec = fast().maxAttempts(3).build();
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            asl(spec),
            spec.workflowName(),
            new ScriptedLambdas(List.of(missing.json(), missing.json(), missing.json())),
            Sleeper.virtual(T0),
            new SplittableRandom(1));
    LocalGateway.Exchange x =
        new LocalGateway(spec, runner, Clock.systemUTC(), line -> {})
            .call("secret-1", "GET", "/v1/items", "", Map.of(), "");
    assertThat(x.answer().status()).isEqualTo(503);
    assertThat(x.execution().error()).isEqualTo("Proxy.SecretUnavailable");
  }

  @Test
  @DisplayName(
      "a crashed proxy (POST) is not retried: it may have sent the request -> Proxy.Failed")
  void crashNotRetriedForPost() {
    LambdaFailure crash = crash();
    assertFailed(
        run(fast().build(), "POST", crash, ProxyResult.status(201)),
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
    Run r = run(fast().maxAttempts(2).build(), "GET", ProxyResult.status(503), timedOut);
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
            List.of(ProxyResult.status(503).json(), ProxyResult.status(200).json()));
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
    ProxyResult ok = ProxyResult.status(200);
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
  static void assertSucceeded(Run r, ProxyResult last, int calls, int attempt) {
    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.output()).isEqualTo(parse(last.asLastOf(attempt)));
    assertThat(r.result().lambdaCalls()).isEqualTo(calls);
  }

  @Test
  @DisplayName(
      "service errors beyond the Task's 2 retries are caught: the attempt counts as crashed")
  void serviceErrorsExhausted() {
    ProxyResult ok = ProxyResult.status(200);
    LambdaFailure service = new LambdaFailure(LambdaFailure.SERVICE_EXCEPTION, "down");
    Run r = run(fast().build(), "GET", service, service, service, ok);
    assertSucceeded(r, ok, 4, 2);
    assertThat(r.result().statesEntered())
        .containsSubsequence("Attempt1", "Attempt1Crashed", "Attempt2", "Succeeded");
  }

  @Test
  @DisplayName("a throttled proxy (POST) is retried once the Task's retries give up: it never ran")
  void throttledPostRetried() {
    ProxyResult created = ProxyResult.status(201);
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
      script[refusals] = ProxyResult.status(200);
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
    ProxyResult longWait = ProxyResult.status(429).waitSeconds(timeout + 100);
    Run r = run(spec, "GET", longWait, ProxyResult.status(200));
    assertThat(r.result().status()).isEqualTo(ExecutionResult.Status.TIMED_OUT);
    assertThat(r.result().error()).isEqualTo("States.Timeout");
    assertThat(r.result().lambdaCalls()).isEqualTo(1);
    assertThat(r.time().elapsed()).isEqualTo(Duration.ofSeconds(timeout));
  }

  @Test
  @DisplayName(
      "a result without a field the ResultSelector reads -> FAILED States.Runtime, not caught")
  void missingResultField() {
    ObjectNode partial = (ObjectNode) parse(ProxyResult.status(200).json());
    partial.remove("cause");
    Run r = run(fast().build(), "GET", partial.toString(), ProxyResult.status(200));
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
    Object[] script = {service, ProxyResult.status(503), crash(), ProxyResult.status(200)};
    Run a = run(spec, "GET", 42L, script);
    Run b = run(spec, "GET", 42L, script);
    assertThat(a.result().events()).isEqualTo(b.result().events());
    assertThat(a.result().output()).isEqualTo(b.result().output());
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
