package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.ScenarioSpecs;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.orchestrator.WorkflowInput;
import dev.ratelimit.testsupport.Expected;
import dev.ratelimit.testsupport.MotoServer;
import dev.ratelimit.testsupport.ProxyResult;
import dev.ratelimit.testsupport.Workflow;
import dev.ratelimit.testsupport.WorkflowScenario;
import dev.ratelimit.testsupport.WorkflowScenarios;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The generated workflow executed by moto's Step Functions interpreter (LocalStack's), its proxy
 * invocations answered from a queue of proxy results (SPEC §8): every scenario of the shared table
 * ({@link WorkflowScenarios}, which the local executor and the parity run read too). Each asserts
 * the outcome (status, error, cause, output), how many times a proxy was called, and that the calls
 * rotate.
 *
 * <p>Waits come from the results' {@code waitSeconds}, 0 here except in the Retry-After scenario,
 * so no scenario depends on the machine's speed.
 */
class WorkflowBehaviourConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final AtomicInteger RUN = new AtomicInteger();
  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final AtomicInteger SCENARIOS = new AtomicInteger();
  private static final long STARTED = System.nanoTime();

  private String scenario;
  private boolean passed;

  @BeforeEach
  void name(TestInfo info) {
    scenario = info.getDisplayName();
    SCENARIOS.incrementAndGet();
  }

  @AfterEach
  void count() {
    if (passed) {
      PASSED.incrementAndGet();
    }
  }

  /** Generates the definition as {@code ratelimit:generate} writes it, with ARNs substituted. */
  static String definition(WorkflowSpec spec) {
    List<GeneratedFile> files =
        new GatewayGenerator()
            .generate(spec, new RuntimeBundle(new byte[0], new byte[0], new byte[0]));
    String asl =
        files.stream()
            .filter(f -> f.name().equals(spec.workflowName() + ".asl.json"))
            .map(f -> new String(f.content(), StandardCharsets.UTF_8))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no .asl.json among " + files));
    String substituted = Executions.substitute(asl, spec.workflowName());
    assertThat(substituted).doesNotContain("${");
    return substituted;
  }

  private Executions.Outcome run(WorkflowSpec spec, String input, List<String> results) {
    MOTO.reset();
    String arn =
        Executions.createStateMachine(
            MOTO.sfn(),
            spec.workflowName(),
            definition(spec),
            StateMachineType.fromValue(spec.workflowType().name()));
    MOTO.queueProxyResults(results);
    Executions.Outcome outcome =
        Executions.run(MOTO.sfn(), arn, "run-" + RUN.incrementAndGet(), input);
    System.out.println(
        "[conformance] "
            + scenario
            + ": "
            + outcome.status()
            + (outcome.error() == null ? "" : " " + outcome.error())
            + " after "
            + outcome.proxyCalls()
            + " proxy calls");
    return outcome;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ratelimit.testsupport.WorkflowScenarios#all")
  void scenario(WorkflowScenario s) {
    WorkflowSpec spec = ScenarioSpecs.spec(s.workflow());
    Executions.Outcome o = run(spec, s.input(), s.resultsJson());
    Expected expected = s.expected();
    assertThat(o.status().toString()).as(o.describeForHumans()).isEqualTo(expected.status());
    if (expected.output() != null) {
      // Each attempt calls one proxy here, so the attempt that answered is the number of calls.
      assertThat(o.output())
          .as("output = the last proxy result\n" + o.describeForHumans())
          .isEqualTo(Executions.parse(expected.output()));
    }
    if (expected.error() != null) {
      assertThat(o.error()).as(o.describeForHumans()).isEqualTo(expected.error());
      assertThat(o.cause())
          .as("cause = the last result's cause\n" + o.describeForHumans())
          .isEqualTo(expected.cause());
    }
    assertThat(o.proxyCalls())
        .as("proxy calls\n" + o.describeForHumans())
        .isEqualTo(expected.proxyCalls());
    for (Map.Entry<String, Integer> wait : expected.waitSeconds().entrySet()) {
      List<Duration> waits = o.waitDurations(wait.getKey());
      assertThat(waits)
          .as(wait.getKey() + " entered/exited in the history\n" + o.describeForHumans())
          .hasSize(1);
      // The semantics of the Wait state (SecondsPath $.last.waitSeconds), not a performance bound.
      assertThat(waits.get(0))
          .as(wait.getKey() + "'s time between entered and exited")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(wait.getValue()));
      System.out.println(
          "[conformance] "
              + scenario
              + ": "
              + wait.getKey()
              + " lasted "
              + waits.get(0).toMillis()
              + " ms");
    }
    assertRotates(o, spec);
    passed = true;
  }

  /** Every call goes to one of the workflow's proxies (their versions), never twice in a row. */
  private static void assertRotates(Executions.Outcome o, WorkflowSpec spec) {
    List<String> proxies = new ArrayList<>();
    for (int k = 1; k <= spec.proxies(); k++) {
      proxies.add(Executions.versionArn(spec.workflowName(), k));
    }
    List<String> functions = o.invokedFunctions();
    assertThat(functions)
        .as("FunctionName of each TaskScheduled")
        .allSatisfy(f -> assertThat(f).isIn(proxies));
    for (int i = 1; i < functions.size(); i++) {
      assertThat(functions.get(i))
          .as("call %d uses another proxy than call %d: %s", i + 1, i, functions)
          .isNotEqualTo(functions.get(i - 1));
    }
  }

  @Test
  @DisplayName(
      "state budget: the largest request the orchestrator accepts (all-quote body, 40 headers),"
          + " 429, then the largest answer -> SUCCEEDED after 2 calls")
  void worstCaseRequestAndAnswerFitTheState() {
    List<String> names =
        IntStream.range(0, 40).mapToObj(i -> String.format("x-h-%02d", i)).toList();
    WorkflowSpec spec = ScenarioSpecs.builder(Workflow.fast()).forwardHeaders(names).build();
    TreeMap<String, String> headers = new TreeMap<>();
    names.forEach(n -> headers.put(n, "\"".repeat(100)));
    int envelope =
        WorkflowInput.bytes(WorkflowInput.of("GET", "/v1/items", "", headers, "", false, null));
    String body = "\"".repeat((spec.maxRequestBytes() - envelope) / 2);
    String input = WorkflowInput.of("GET", "/v1/items", "", headers, body, false, null);
    assertThat(WorkflowInput.tooLarge(WorkflowInput.bytes(input), spec.maxRequestBytes())).isNull();
    ProxyResult empty = ProxyResult.status(200).body("").header("content-type", "text/plain");
    int room = spec.maxResponseBytes() - empty.json().getBytes(StandardCharsets.UTF_8).length;
    ProxyResult largest = empty.body("\"".repeat(room / 2) + "x".repeat(room % 2));
    assertThat(largest.json().getBytes(StandardCharsets.UTF_8)).hasSize(spec.maxResponseBytes());

    Executions.Outcome o =
        run(spec, input, List.of(ProxyResult.status(429).json(), largest.json()));
    assertThat(o.status()).as(o.describeForHumans()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(o.output())
        .as("output = the last proxy result\n" + o.describeForHumans())
        .isEqualTo(Executions.parse(largest.asLastOf(2)));
    assertThat(o.proxyCalls()).as("proxy calls\n" + o.describeForHumans()).isEqualTo(2);
    passed = true;
  }

  @AfterAll
  static void summary() {
    System.out.printf(
        "%n[conformance] ===== workflow behaviour in moto (SPEC §5, §9) =====%n"
            + "[conformance] %d of %d scenarios passed, %d executions, %.1f s%n",
        PASSED.get(), SCENARIOS.get(), RUN.get(), (System.nanoTime() - STARTED) / 1e9);
  }
}
