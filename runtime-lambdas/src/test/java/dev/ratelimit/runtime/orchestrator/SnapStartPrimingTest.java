package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's SnapStart priming: a whole request through the SDK, never to Step Functions.
 */
class SnapStartPrimingTest {

  @Test
  void primingRunsAStartAgainstLoopbackNeverStepFunctions() throws Exception {
    for (String type : new String[] {"EXPRESS", "STANDARD"}) {
      try (ExpressStub stepFunctions = new ExpressStub()) {
        OrchestratorHandler handler =
            new OrchestratorHandler(config(type), stepFunctions.endpoint());
        FunctionUrlResponse answer = handler.prime();
        assertThat(answer.getStatusCode()).as(type).isEqualTo(type.equals("EXPRESS") ? 200 : 202);
        assertThat(stepFunctions.wm.getAllServeEvents()).as(type).isEmpty();
      }
    }
  }

  /**
   * With metrics on (the variables Lambda sets, hence a fresh JVM), the priming request's metric
   * line is formatted but never printed: CloudWatch would count it as a caller's request, once per
   * snapshot.
   */
  @Test
  void primingPrintsNoMetricLineWhereMetricsAreOn() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                PrimingProbe.class.getName())
            .redirectErrorStream(true);
    pb.environment().put(EnvironmentNames.METRICS_NAMESPACE, "RateLimitGateway");
    pb.environment().put(EnvironmentNames.METRICS_WORKFLOW, "vendor-gateway");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).as(out).contains("primed=200").doesNotContain("\"_aws\"");
  }
}
