package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.ScriptedLambdas;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.model.ScenarioSpecs;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.testsupport.MotoServer;
import dev.ratelimit.testsupport.WorkflowScenario;
import dev.ratelimit.testsupport.WorkflowScenarios;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Parity (issue #5): every behaviour scenario of the shared table ({@link WorkflowScenarios}), run
 * by moto's Step Functions interpreter and by the local executor ({@code dev.ratelimit.simulate})
 * on the same generated definition and the same queue of proxy results. Both must agree on the
 * final status, the error, the cause, the output and the number of proxy calls, and both must
 * rotate (no proxy twice in a row). Which proxy starts is random in each, so the order itself is
 * not compared.
 */
class WorkflowParityConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final AtomicInteger RUN = new AtomicInteger();
  private static final List<String> TABLE = new ArrayList<>();
  private static final long STARTED = System.nanoTime();

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ratelimit.testsupport.WorkflowScenarios#all")
  void localExecutorAgreesWithMoto(WorkflowScenario s) {
    WorkflowSpec spec = ScenarioSpecs.spec(s.workflow());
    String input = s.input();
    List<String> results = s.resultsJson();

    long motoStarted = System.nanoTime();
    MOTO.reset();
    String arn =
        Executions.createStateMachine(
            MOTO.sfn(),
            spec.workflowName(),
            WorkflowBehaviourConformanceIT.definition(spec),
            StateMachineType.fromValue(spec.workflowType().name()));
    MOTO.queueProxyResults(results);
    Executions.Outcome moto =
        Executions.run(MOTO.sfn(), arn, "parity-" + RUN.incrementAndGet(), input);
    long motoMillis = (System.nanoTime() - motoStarted) / 1_000_000;

    long localStarted = System.nanoTime();
    String asl = CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
    ExecutionResult local =
        StateMachineRunner.forGenerated(
                asl,
                spec.workflowName(),
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
