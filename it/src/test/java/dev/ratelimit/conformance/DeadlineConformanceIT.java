package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.cloudformation.ProxyEnvironment;
import dev.ratelimit.model.ScenarioSpecs;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.proxy.Deadline;
import dev.ratelimit.runtime.proxy.HttpRequestData;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.testsupport.DeadlineScenario;
import dev.ratelimit.testsupport.MotoServer;
import dev.ratelimit.testsupport.ProxyResult;
import dev.ratelimit.testsupport.StubVendor;
import dev.ratelimit.testsupport.WorkflowScenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * A caller's {@code x-ratelimit-timeout: 5} in moto: the real proxy handler, in real time, against
 * a local vendor that keeps answering 503 (or is too slow), gives the results; moto's interpreter
 * runs the generated workflow on exactly those results and must end it when the proxy says the next
 * attempt does not fit, within the caller's 5 s (moto cannot call a Java Lambda, hence the two
 * steps). The time counted is the proxies' own (their upstream calls) plus what moto's Wait states
 * waited: moto's interpreter spends about a second per state transition, which AWS spends in
 * milliseconds (the proxies allow 2 s per transition and invocation; docs/configuration.md, "The
 * deadline").
 */
class DeadlineConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  /**
   * The proxies' side of one execution started now, as the workflow drives them: attempt after
   * attempt, waiting each result's {@code waitSeconds}, until a result ends the execution.
   */
  record ProxySide(List<String> results, Duration calls) {}

  private static ProxySide proxyResults(WorkflowSpec spec) throws InterruptedException {
    ProxyConfig config = ProxyConfig.fromEnvironment(ProxyEnvironment.of(spec));
    ProxyHandler handler = new ProxyHandler(config);
    String start = Instant.now().toString();
    List<String> results = new ArrayList<>();
    long callNanos = 0;
    for (int attempt = 1; attempt <= spec.maxAttempts(); attempt++) {
      Map<String, String> headers =
          new LinkedHashMap<>(
              Map.of(Deadline.TIMEOUT_HEADER, String.valueOf(DeadlineScenario.TIMEOUT_SECONDS)));
      ProxyRequest request =
          new ProxyRequest(
              new HttpRequestData("GET", "/v1/items", "", headers, "", false), attempt);
      request.setExecutionStartTime(start);
      long called = System.nanoTime();
      var r = handler.handle(request);
      callNanos += System.nanoTime() - called;
      results.add(
          ProxyResult.blank(r.getStatusCode())
              .headers(r.getHeaders())
              .body(r.getBody())
              .base64(r.getIsBase64Encoded())
              .waitSeconds(r.getWaitSeconds())
              .error(r.getError())
              .cause(r.getCause())
              .json());
      if (!r.getError().isEmpty() && !r.getError().equals("Timeout")) {
        break;
      }
      Thread.sleep(r.getWaitSeconds() * 1000L);
    }
    return new ProxySide(results, Duration.ofNanos(callNanos));
  }

  private static Executions.Outcome runInMoto(WorkflowSpec spec, List<String> results) {
    MOTO.reset();
    String arn =
        Executions.createStateMachine(
            MOTO.sfn(),
            spec.workflowName(),
            WorkflowBehaviourConformanceIT.definition(spec),
            StateMachineType.EXPRESS);
    MOTO.queueProxyResults(results);
    return Executions.run(
        MOTO.sfn(), arn, "deadline-" + System.nanoTime(), WorkflowScenario.input("GET"));
  }

  /** What moto's Wait states waited in all. */
  private static Duration waited(Executions.Outcome o, int maxAttempts) {
    Duration sum = Duration.ZERO;
    for (int i = 1; i < maxAttempts; i++) {
      for (Duration d : o.waitDurations("Wait" + i)) {
        sum = sum.plus(d);
      }
    }
    return sum;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ratelimit.testsupport.DeadlineScenario#all")
  void theWorkflowEndsWithinTheCallersTimeout(DeadlineScenario scenario) throws Exception {
    try (StubVendor vendor = scenario.startVendor()) {
      WorkflowSpec spec =
          ScenarioSpecs.builder(scenario.workflow())
              .targetUrl(vendor.url())
              .allowInsecureHttp(true)
              .build();
      ProxySide proxies = proxyResults(spec);
      List<String> results = proxies.results();
      assertThat(results.get(results.size() - 1)).contains("\"error\":\"DeadlineExceeded\"");

      Executions.Outcome o = runInMoto(spec, results);

      assertThat(o.status()).as(o.describeForHumans()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(o.error()).isEqualTo(scenario.error());
      assertThat(o.proxyCalls()).isEqualTo(results.size()).isBetween(1, scenario.maxProxyCalls());
      assertThat(proxies.calls().plus(waited(o, spec.maxAttempts())))
          .as("the proxies' calls and the waits moto made fit the caller's timeout")
          .isLessThan(Duration.ofSeconds(DeadlineScenario.TIMEOUT_SECONDS));
    }
  }
}
