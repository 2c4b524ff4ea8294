package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.orchestrator.WorkflowInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The generated workflow executed by moto's Step Functions interpreter (LocalStack's), its proxy
 * invocations answered from a queue of proxy results (SPEC §8). Each scenario asserts the outcome
 * (status, error, cause, output) and how many times a proxy was called.
 *
 * <p>Waits come from the results' {@code waitSeconds}, 0 here except in the Retry-After scenario,
 * so no scenario depends on the machine's speed.
 */
class WorkflowBehaviourConformanceIT {
  /** The defaults publish versions (SnapStart): the workflow invokes them. */
  static final String PROXY_1 = Executions.versionArn("conf", 1);

  static final String PROXY_2 = Executions.versionArn("conf", 2);

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

  /** The defaults of the brief: workflow "conf" in front of a fixed vendor URL. */
  static WorkflowSpec.Builder spec() {
    return WorkflowSpec.builder().workflowName("conf").targetUrl("https://api.vendor.example");
  }

  /** Waits of 0 s: initial delay 0, and no Retry-After. */
  static WorkflowSpec.Builder fast() {
    return spec().backoffInitialDelaySeconds(0).honorRetryAfter(false);
  }

  static String input(String method) {
    return "{\"request\":{\"method\":\""
        + method
        + "\",\"path\":\"/v1/items\",\"query\":\"\","
        + "\"headers\":{},\"body\":\"\",\"isBase64Encoded\":false}}";
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

  private Executions.Outcome run(WorkflowSpec spec, String method, ProxyResult... results) {
    return runInput(spec, input(method), results);
  }

  private Executions.Outcome runInput(WorkflowSpec spec, String input, ProxyResult... results) {
    MOTO.reset();
    String arn =
        Executions.createStateMachine(
            MOTO.sfn(),
            spec.workflowName(),
            definition(spec),
            StateMachineType.fromValue(spec.workflowType().name()));
    MOTO.queueProxyResults(Arrays.stream(results).map(ProxyResult::json).toList());
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

  private Executions.Outcome run(WorkflowSpec spec, ProxyResult... results) {
    return run(spec, "GET", results);
  }

  private static void assertSucceeded(Executions.Outcome o, ProxyResult last, int calls) {
    assertThat(o.status()).as(o.describeForHumans()).isEqualTo(ExecutionStatus.SUCCEEDED);
    // Each attempt calls one proxy here, so the attempt that answered is the number of calls.
    assertThat(o.output())
        .as("output = the last proxy result\n" + o.describeForHumans())
        .isEqualTo(last.asLastOf(calls));
    assertThat(o.proxyCalls()).as("proxy calls\n" + o.describeForHumans()).isEqualTo(calls);
  }

  private static void assertFailed(
      Executions.Outcome o, String error, ProxyResult last, int calls) {
    assertThat(o.status()).as(o.describeForHumans()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(o.error()).as(o.describeForHumans()).isEqualTo(error);
    assertThat(o.cause())
        .as("cause = the last result's cause\n" + o.describeForHumans())
        .isEqualTo(last.cause());
    assertThat(o.proxyCalls()).as("proxy calls\n" + o.describeForHumans()).isEqualTo(calls);
  }

  private static ProxyResult[] times(int n, ProxyResult r) {
    ProxyResult[] all = new ProxyResult[n];
    Arrays.fill(all, r);
    return all;
  }

  @Test
  @DisplayName("retry then success: 429, 200 -> SUCCEEDED after 2 calls")
  void retryThenSuccess() {
    ProxyResult ok = ProxyResult.status(200).body("{\"items\":[1,2]}");
    Executions.Outcome o = run(fast().build(), ProxyResult.status(429), ok);
    assertSucceeded(o, ok, 2);
    assertThat(o.output().path("statusCode").asInt()).isEqualTo(200);
    assertThat(o.output().path("body").asText()).isEqualTo("{\"items\":[1,2]}");
    passed = true;
  }

  @Test
  @DisplayName("5xx then success: 503, 502, 200 -> SUCCEEDED after 3 calls")
  void serverErrorsThenSuccess() {
    ProxyResult ok = ProxyResult.status(200);
    Executions.Outcome o =
        run(fast().maxAttempts(3).build(), ProxyResult.status(503), ProxyResult.status(502), ok);
    assertSucceeded(o, ok, 3);
    passed = true;
  }

  @Test
  @DisplayName(
      "network errors then success: 0/ConnectFailed, 0/Timeout, 200 -> SUCCEEDED after 3 calls")
  void networkErrorsThenSuccess() {
    ProxyResult ok = ProxyResult.status(200);
    Executions.Outcome o =
        run(
            fast().maxAttempts(3).build(),
            ProxyResult.noAnswer("ConnectFailed"),
            ProxyResult.noAnswer("Timeout"),
            ok);
    assertSucceeded(o, ok, 3);
    passed = true;
  }

  @Test
  @DisplayName(
      "Retry-After honoured: 429 with waitSeconds 3, 200 -> SUCCEEDED, Wait1 lasted >= 3 s")
  void retryAfterHonoured() {
    ProxyResult ok = ProxyResult.status(200);
    Executions.Outcome o =
        run(spec().build(), ProxyResult.status(429).header("retry-after", "3").waitSeconds(3), ok);
    assertSucceeded(o, ok, 2);
    List<Duration> waits = o.waitDurations("Wait1");
    assertThat(waits)
        .as("Wait1 entered/exited in the history\n" + o.describeForHumans())
        .hasSize(1);
    // The semantics of the Wait state (SecondsPath $.last.waitSeconds), not a performance bound.
    assertThat(waits.get(0))
        .as("Wait1's time between entered and exited")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    System.out.println(
        "[conformance] " + scenario + ": Wait1 lasted " + waits.get(0).toMillis() + " ms");
    passed = true;
  }

  @Test
  @DisplayName("non-retryable fails fast: 404 -> FAILED Upstream.404 with its cause after 1 call")
  void nonRetryableFailsFast() {
    ProxyResult notFound =
        ProxyResult.status(404)
            .cause(ProxyResult.causeOf(404, "application/json", "{\"message\":\"no such item\"}"));
    assertFailed(
        run(fast().build(), notFound, ProxyResult.status(200)), "Upstream.404", notFound, 1);
    passed = true;
  }

  @Test
  @DisplayName("POST: a 503 is not retried -> FAILED Upstream.503 after 1 call")
  void postServerErrorNotRetried() {
    ProxyResult unavailable = ProxyResult.status(503);
    assertFailed(
        run(fast().build(), "POST", unavailable, ProxyResult.status(201)),
        "Upstream.503",
        unavailable,
        1);
    passed = true;
  }

  @Test
  @DisplayName("POST: a 429 is retried: 429, 201 -> SUCCEEDED after 2 calls")
  void postTooManyRequestsRetried() {
    ProxyResult created = ProxyResult.status(201);
    assertSucceeded(run(fast().build(), "POST", ProxyResult.status(429), created), created, 2);
    passed = true;
  }

  @Test
  @DisplayName("POST with retryNonIdempotent: 503, 200 -> SUCCEEDED after 2 calls")
  void postServerErrorRetriedWhenAllowed() {
    ProxyResult ok = ProxyResult.status(200);
    assertSucceeded(
        run(fast().retryNonIdempotent(true).build(), "POST", ProxyResult.status(503), ok), ok, 2);
    passed = true;
  }

  @Test
  @DisplayName(
      "attempts exhausted: 429 x maxAttempts -> FAILED Upstream.429 after maxAttempts calls")
  void attemptsExhausted() {
    WorkflowSpec spec = fast().maxAttempts(4).build();
    ProxyResult tooMany = ProxyResult.status(429);
    ProxyResult[] results = times(spec.maxAttempts(), tooMany);
    // one more in the queue: a workflow that made an extra call would take it and succeed
    ProxyResult[] queued = Arrays.copyOf(results, results.length + 1);
    queued[results.length] = ProxyResult.status(200);
    assertFailed(run(spec, queued), "Upstream.429", tooMany, spec.maxAttempts());
    passed = true;
  }

  @Test
  @DisplayName("no answer ever: 0/ConnectFailed x maxAttempts -> FAILED Upstream.Unreachable")
  void neverAnswered() {
    WorkflowSpec spec = fast().maxAttempts(3).build();
    ProxyResult refused = ProxyResult.noAnswer("ConnectFailed");
    assertFailed(
        run(spec, times(spec.maxAttempts(), refused)),
        "Upstream.Unreachable",
        refused,
        spec.maxAttempts());
    passed = true;
  }

  @Test
  @DisplayName("ResponseTooLarge on a 200 -> FAILED Upstream.ResponseTooLarge after 1 call")
  void responseTooLarge() {
    ProxyResult tooLarge =
        ProxyResult.status(200)
            .body("")
            .error("ResponseTooLarge")
            .cause(
                "{\"status\":200,\"contentType\":\"application/json\",\"body\":\"\",\"truncated\":true}");
    assertFailed(
        run(fast().build(), tooLarge, ProxyResult.status(200)),
        "Upstream.ResponseTooLarge",
        tooLarge,
        1);
    passed = true;
  }

  @Test
  @DisplayName("retryOnNetworkErrors false: 0/Timeout -> FAILED Upstream.Unreachable after 1 call")
  void networkErrorsNotRetriedWhenOff() {
    ProxyResult timeout = ProxyResult.noAnswer("Timeout");
    assertFailed(
        run(fast().retryOnNetworkErrors(false).build(), timeout, ProxyResult.status(200)),
        "Upstream.Unreachable",
        timeout,
        1);
    passed = true;
  }

  @Test
  @DisplayName(
      "POST: 0/SecretUnavailable is retried (nothing was sent); to the end -> FAILED Proxy.SecretUnavailable")
  void secretUnavailable() {
    ProxyResult missing = ProxyResult.noAnswer("SecretUnavailable");
    ProxyResult created = ProxyResult.status(201);
    assertSucceeded(run(fast().build(), "POST", missing, created), created, 2);
    WorkflowSpec spec = fast().maxAttempts(2).build();
    assertFailed(run(spec, "POST", times(2, missing)), "Proxy.SecretUnavailable", missing, 2);
    passed = true;
  }

  @Test
  @DisplayName("rotation: 2 proxies, 5 attempts, five 503s -> calls alternate proxy-1/proxy-2")
  void rotation() {
    WorkflowSpec spec = fast().proxies(2).maxAttempts(5).build();
    ProxyResult unavailable = ProxyResult.status(503);
    Executions.Outcome o = run(spec, times(5, unavailable));
    assertFailed(o, "Upstream.503", unavailable, 5);
    List<String> functions = o.invokedFunctions();
    assertThat(functions)
        .as("FunctionName of each TaskScheduled")
        .hasSize(5)
        .allSatisfy(f -> assertThat(f).isIn(PROXY_1, PROXY_2));
    for (int i = 1; i < functions.size(); i++) {
      assertThat(functions.get(i))
          .as("call %d uses the other proxy than call %d: %s", i + 1, i, functions)
          .isNotEqualTo(functions.get(i - 1));
    }
    passed = true;
  }

  @Test
  @DisplayName(
      "state budget: the largest request the orchestrator accepts (all-quote body, 40 headers),"
          + " 429, then the largest answer -> SUCCEEDED after 2 calls")
  void worstCaseRequestAndAnswerFitTheState() throws Exception {
    List<String> names =
        java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> String.format("x-h-%02d", i))
            .toList();
    WorkflowSpec spec = fast().forwardHeaders(names).build();
    java.util.TreeMap<String, String> headers = new java.util.TreeMap<>();
    names.forEach(n -> headers.put(n, "\"".repeat(100)));
    int envelope =
        WorkflowInput.bytes(WorkflowInput.of("GET", "/v1/items", "", headers, "", false, null));
    String body = "\"".repeat((spec.maxRequestBytes() - envelope) / 2);
    String input = WorkflowInput.of("GET", "/v1/items", "", headers, body, false, null);
    assertThat(WorkflowInput.tooLarge(WorkflowInput.bytes(input), spec.maxRequestBytes())).isNull();
    ProxyResult largest = ProxyResult.status(200).body("");
    largest.header("content-type", "text/plain");
    int room = spec.maxResponseBytes() - largest.json().getBytes(StandardCharsets.UTF_8).length;
    largest.body("\"".repeat(room / 2) + "x".repeat(room % 2));
    assertThat(largest.json().getBytes(StandardCharsets.UTF_8)).hasSize(spec.maxResponseBytes());

    assertSucceeded(runInput(spec, input, ProxyResult.status(429), largest), largest, 2);
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
