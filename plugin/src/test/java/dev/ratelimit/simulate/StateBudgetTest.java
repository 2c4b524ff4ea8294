package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.LambdaFailure;
import dev.ratelimit.asl.local.ScriptedLambdas;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.model.AwsLimits;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.orchestrator.WorkflowInput;
import dev.ratelimit.testsupport.ProxyResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The 256 KiB state budget end to end in the local executor (which enforces
 * States.DataLimitExceeded as AWS does): the worst request the orchestrator accepts (an all-quote
 * body, JSON-escaped to twice its size, beside 40 headers) plus a crashed attempt with the longest
 * cause plus the largest answer still ends in a defined outcome. The rule before (raw body bytes
 * against the limit) let a request through that ends in the uncatchable States.DataLimitExceeded.
 */
class StateBudgetTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final WorkflowSpec SPEC =
      WorkflowSpec.builder()
          .workflowName("budget")
          .targetUrl("https://api.vendor.example")
          .backoffInitialDelaySeconds(0)
          .honorRetryAfter(false)
          .forwardHeaders(headerNames())
          .build();

  static List<String> headerNames() {
    return IntStream.range(0, 40).mapToObj(i -> String.format("x-h-%02d", i)).toList();
  }

  /** 40 forwarded headers of 100 quotes each, as the orchestrator keeps them. */
  static TreeMap<String, String> headers() {
    TreeMap<String, String> h = new TreeMap<>();
    headerNames().forEach(n -> h.put(n, "\"".repeat(100)));
    return h;
  }

  static String input(String body) {
    return WorkflowInput.of("GET", "/v1/items", "", headers(), body, false, null);
  }

  /** The largest all-quote body whose input the orchestrator accepts. */
  static String largestAcceptedBody() {
    int envelope = WorkflowInput.bytes(input(""));
    String body = "\"".repeat((SPEC.maxRequestBytes() - envelope) / 2);
    assertThat(WorkflowInput.tooLarge(WorkflowInput.bytes(input(body)), SPEC.maxRequestBytes()))
        .isNull();
    assertThat(
            WorkflowInput.tooLarge(WorkflowInput.bytes(input(body + "\"")), SPEC.maxRequestBytes()))
        .isNotNull();
    return body;
  }

  /**
   * A 200 whose serialized result is exactly maxResponseBytes (the proxy's cap), its body all
   * quotes.
   */
  static String largestAnswer() throws Exception {
    ProxyResult r = ProxyResult.status(200).headers(Map.of()).body("");
    int room = SPEC.maxResponseBytes() - r.json().getBytes(StandardCharsets.UTF_8).length;
    r = r.body("\"".repeat(room / 2) + "x".repeat(room % 2));
    assertThat(r.json().getBytes(StandardCharsets.UTF_8)).hasSize(SPEC.maxResponseBytes());
    return r.json();
  }

  /**
   * A crash whose cause has the most characters a task failure carries, each escaped to 6 bytes.
   */
  static LambdaFailure longestCrash() {
    return new LambdaFailure("Lambda.Unknown", "\u0001".repeat(32_768));
  }

  static ExecutionResult run(String input, Object... outcomes) {
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            CanonicalJson.pretty(new StateMachineGenerator().generate(SPEC)),
            SPEC.workflowName(),
            new ScriptedLambdas(List.of(outcomes)),
            Sleeper.virtual(WorkflowScenariosTest.T0),
            new SplittableRandom(3));
    return runner.run(input);
  }

  @Test
  void worstAcceptedRequestWithACrashAndTheLargestAnswerSucceeds() throws Exception {
    String input = input(largestAcceptedBody());
    assertThat(input.getBytes(StandardCharsets.UTF_8).length).isEqualTo(SPEC.maxRequestBytes());

    ExecutionResult r = run(input, longestCrash(), largestAnswer());

    assertThat(r.status()).as(r.describe()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.statesEntered()).contains("Attempt1Crashed", "Attempt2", "Succeeded");
  }

  @Test
  void theRawBodyRuleLetThroughARequestThatEndsInDataLimitExceeded() throws Exception {
    // What the orchestrator accepted before: raw body bytes up to maxRequestBytes, here all quotes.
    String body = "\"".repeat(SPEC.maxRequestBytes());
    assertThat(WorkflowInput.tooLarge(WorkflowInput.bytes(input(body)), SPEC.maxRequestBytes()))
        .as("now refused with 413")
        .isNotNull();

    ExecutionResult r = run(input(body), largestAnswer());

    assertThat(r.status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
    assertThat(r.cause()).contains("over the quota of " + AwsLimits.STATE_PAYLOAD_BYTES);
  }

  @Test
  void dataLimitExceededIsNotCaughtEvenByStatesAll() {
    // A Lambda integration result over the quota: the Task's Catch (States.ALL) must not take it.
    String huge =
        "{\"statusCode\":200,\"body\":\"" + "x".repeat(AwsLimits.STATE_PAYLOAD_BYTES) + "\"}";

    ExecutionResult r = run(input(""), huge, ProxyResult.status(200).json());

    assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
    assertThat(r.statesEntered()).doesNotContain("Attempt1Crashed");
  }
}
