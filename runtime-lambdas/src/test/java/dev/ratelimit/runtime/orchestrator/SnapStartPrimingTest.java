package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static org.assertj.core.api.Assertions.assertThat;

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
}
