package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.ScriptedLambdas;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.model.WorkflowSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Parity (issue #5): every behaviour scenario of {@link WorkflowBehaviourConformanceIT}, run by
 * moto's Step Functions interpreter and by the local executor ({@code dev.ratelimit.simulate}) on
 * the same generated definition and the same queue of proxy results. Both must agree on the final
 * status, the error, the cause, the output and the number of proxy calls, and both must rotate (no
 * proxy twice in a row). Which proxy starts is random in each, so the order itself is not compared.
 */
class WorkflowParityConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final AtomicInteger RUN = new AtomicInteger();
  private static final List<String> TABLE = new ArrayList<>();
  private static final long STARTED = System.nanoTime();

  record Scenario(String name, WorkflowSpec spec, String method, List<ProxyResult> results) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Scenario scenario(
      String name, WorkflowSpec.Builder spec, String method, ProxyResult... results) {
    return new Scenario(name, spec.build(), method, List.of(results));
  }

  static ProxyResult[] times(int n, ProxyResult r, ProxyResult... then) {
    List<ProxyResult> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(r);
    }
    all.addAll(Arrays.asList(then));
    return all.toArray(new ProxyResult[0]);
  }

  static Stream<Scenario> scenarios() {
    WorkflowSpec.Builder fast = WorkflowBehaviourConformanceIT.fast();
    ProxyResult ok = ProxyResult.status(200);
    return Stream.of(
        scenario(
            "retry then success: 429, 200",
            WorkflowBehaviourConformanceIT.fast(),
            "GET",
            ProxyResult.status(429),
            ProxyResult.status(200).body("{\"items\":[1,2]}")),
        scenario(
            "5xx then success: 503, 502, 200",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(3),
            "GET",
            ProxyResult.status(503),
            ProxyResult.status(502),
            ok),
        scenario(
            "network errors then success",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(3),
            "GET",
            ProxyResult.noAnswer("ConnectFailed"),
            ProxyResult.noAnswer("Timeout"),
            ok),
        scenario(
            "Retry-After honoured: 429 waitSeconds 3, 200",
            WorkflowBehaviourConformanceIT.spec(),
            "GET",
            ProxyResult.status(429).header("retry-after", "3").waitSeconds(3),
            ok),
        scenario(
            "non-retryable fails fast: 404",
            WorkflowBehaviourConformanceIT.fast(),
            "GET",
            ProxyResult.status(404)
                .cause(
                    ProxyResult.causeOf(404, "application/json", "{\"message\":\"no such item\"}")),
            ok),
        scenario(
            "POST: 503 not retried",
            WorkflowBehaviourConformanceIT.fast(),
            "POST",
            ProxyResult.status(503),
            ProxyResult.status(201)),
        scenario(
            "POST: 429 retried",
            WorkflowBehaviourConformanceIT.fast(),
            "POST",
            ProxyResult.status(429),
            ProxyResult.status(201)),
        scenario(
            "POST with retryNonIdempotent: 503, 200",
            WorkflowBehaviourConformanceIT.fast().retryNonIdempotent(true),
            "POST",
            ProxyResult.status(503),
            ok),
        scenario(
            "attempts exhausted: 429 x 4",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(4),
            "GET",
            times(4, ProxyResult.status(429), ok)),
        scenario(
            "no answer ever: ConnectFailed x 3",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(3),
            "GET",
            times(3, ProxyResult.noAnswer("ConnectFailed"))),
        scenario(
            "ResponseTooLarge on a 200",
            WorkflowBehaviourConformanceIT.fast(),
            "GET",
            ProxyResult.status(200)
                .body("")
                .error("ResponseTooLarge")
                .cause(
                    "{\"status\":200,"
                        + "\"contentType\":\"application/json\",\"body\":\"\",\"truncated\":true}"),
            ok),
        scenario(
            "retryOnNetworkErrors false: Timeout",
            WorkflowBehaviourConformanceIT.fast().retryOnNetworkErrors(false),
            "GET",
            ProxyResult.noAnswer("Timeout"),
            ok),
        scenario(
            "POST: SecretUnavailable then 201",
            WorkflowBehaviourConformanceIT.fast(),
            "POST",
            ProxyResult.noAnswer("SecretUnavailable"),
            ProxyResult.status(201)),
        scenario(
            "SecretUnavailable x 2",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(2),
            "POST",
            times(2, ProxyResult.noAnswer("SecretUnavailable"))),
        scenario(
            "rotation: 2 proxies, 5 x 503",
            fast.proxies(2).maxAttempts(5),
            "GET",
            times(5, ProxyResult.status(503))),
        scenario(
            "deadline: 503, then 503 with DeadlineExceeded ends at once",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(6),
            "GET",
            ProxyResult.status(503),
            ProxyResult.status(503).error("DeadlineExceeded"),
            ok),
        scenario(
            "Retry-After above the cap: RetryAfterTooLong ends at once",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(6),
            "GET",
            ProxyResult.status(429).header("retry-after", "600").error("RetryAfterTooLong"),
            ok),
        scenario(
            "deadline without an answer: Deadline.Exceeded",
            WorkflowBehaviourConformanceIT.fast().maxAttempts(6),
            "GET",
            ProxyResult.noAnswer("Timeout"),
            ProxyResult.noAnswer("DeadlineExceeded"),
            ok));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void localExecutorAgreesWithMoto(Scenario s) {
    String input = WorkflowBehaviourConformanceIT.input(s.method());
    List<String> results = s.results().stream().map(ProxyResult::json).toList();

    long motoStarted = System.nanoTime();
    MOTO.reset();
    String arn =
        Executions.createStateMachine(
            MOTO.sfn(),
            s.spec().workflowName(),
            WorkflowBehaviourConformanceIT.definition(s.spec()),
            StateMachineType.fromValue(s.spec().workflowType().name()));
    MOTO.queueProxyResults(results);
    Executions.Outcome moto =
        Executions.run(MOTO.sfn(), arn, "parity-" + RUN.incrementAndGet(), input);
    long motoMillis = (System.nanoTime() - motoStarted) / 1_000_000;

    long localStarted = System.nanoTime();
    String asl = CanonicalJson.pretty(new StateMachineGenerator().generate(s.spec()));
    ExecutionResult local =
        StateMachineRunner.forGenerated(
                asl,
                s.spec().workflowName(),
                new ScriptedLambdas(results),
                Sleeper.virtual(Instant.parse("2026-01-01T00:00:00Z")),
                new SplittableRandom(RUN.get()))
            .run(input);
    long localMillis = (System.nanoTime() - localStarted) / 1_000_000;

    String both = "moto: " + moto.describeForHumans() + "\nlocal: " + local.describe();
    TABLE.add(
        String.format(
            "| %s | %s %s | %s %s | %d | %d | %d ms | %d ms |",
            s.name(),
            moto.status(),
            moto.error() == null ? "" : moto.error(),
            local.status(),
            local.error() == null ? "" : local.error(),
            moto.proxyCalls(),
            local.lambdaCalls(),
            motoMillis,
            localMillis));

    assertThat(local.status().name()).as(both).isEqualTo(moto.status().toString());
    assertThat(local.error()).as(both).isEqualTo(moto.error());
    assertThat(local.cause()).as(both).isEqualTo(moto.cause());
    assertThat(local.lambdaCalls()).as(both).isEqualTo(moto.proxyCalls());
    if (local.output() != null || moto.describe().output() != null) {
      JsonNode localOutput = Executions.parse(local.output());
      assertThat(localOutput).as(both).isEqualTo(moto.output());
    }
    assertRotates(moto.invokedFunctions(), both);
    assertRotates(local.invokedFunctions(), both);
  }

  private static void assertRotates(List<String> functions, String both) {
    for (int i = 1; i < functions.size(); i++) {
      assertThat(proxy(functions.get(i)))
          .as("call %d vs %d of %s\n%s", i + 1, i, functions, both)
          .isNotEqualTo(proxy(functions.get(i - 1)));
    }
  }

  private static String proxy(String function) {
    return function.substring(function.lastIndexOf("-proxy-"));
  }

  @AfterAll
  static void summary() {
    System.out.printf(
        "%n[parity] ===== local executor vs moto (issue #5) =====%n"
            + "[parity] | scenario | moto | local | moto calls | local calls | moto time | local time |%n");
    TABLE.forEach(row -> System.out.println("[parity] " + row));
    System.out.printf(
        "[parity] %d scenarios, %.1f s%n", TABLE.size(), (System.nanoTime() - STARTED) / 1e9);
  }
}
