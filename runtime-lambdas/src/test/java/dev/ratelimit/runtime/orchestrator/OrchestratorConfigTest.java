package dev.ratelimit.runtime.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.WorkflowType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrchestratorConfigTest {
  static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:gw";

  @Test
  void defaults() {
    OrchestratorConfig c =
        OrchestratorConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.STATE_MACHINE_ARN, ARN, EnvironmentNames.AWS_REGION, "eu-west-1"));

    assertThat(c.workflowType()).isEqualTo(WorkflowType.EXPRESS);
    assertThat(c.maxRequestBytes()).isEqualTo(OrchestratorConfig.DEFAULT_MAX_REQUEST_BYTES);
    assertThat(c.workflowTimeoutSeconds()).isEqualTo(300);
    assertThat(c.forwardHeaders()).contains("accept", "content-type", "idempotency-key");
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.executionArn("abc"))
        .isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:gw:abc");
  }

  @Test
  void emptyAllowlistForwardsNothing() {
    OrchestratorConfig c =
        OrchestratorConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.STATE_MACHINE_ARN,
                ARN,
                EnvironmentNames.AWS_REGION,
                "eu-west-1",
                EnvironmentNames.FORWARD_HEADERS,
                ""));

    assertThat(c.forwardHeaders()).isEmpty();
  }

  @Test
  void invalidValuesNameTheVariable() {
    assertThatThrownBy(
            () ->
                OrchestratorConfig.fromEnvironment(
                    Map.of(EnvironmentNames.AWS_REGION, "us-east-1")))
        .hasMessageContaining(EnvironmentNames.STATE_MACHINE_ARN);
    assertThatThrownBy(
            () ->
                OrchestratorConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.STATE_MACHINE_ARN,
                        "arn:aws:states:us-east-1:123456789012:execution:gw:x",
                        EnvironmentNames.AWS_REGION,
                        "us-east-1")))
        .hasMessageContaining(EnvironmentNames.STATE_MACHINE_ARN);
    assertThatThrownBy(
            () ->
                OrchestratorConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.STATE_MACHINE_ARN,
                        ARN,
                        EnvironmentNames.AWS_REGION,
                        "us-east-1",
                        EnvironmentNames.WORKFLOW_TYPE,
                        "SYNC")))
        .hasMessageContaining(EnvironmentNames.WORKFLOW_TYPE)
        .hasMessageContaining("EXPRESS or STANDARD");
    assertThatThrownBy(
            () ->
                OrchestratorConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.STATE_MACHINE_ARN,
                        ARN,
                        EnvironmentNames.AWS_REGION,
                        "us-east-1",
                        EnvironmentNames.MAX_REQUEST_BYTES,
                        "300000")))
        .hasMessageContaining(EnvironmentNames.MAX_REQUEST_BYTES)
        .hasMessageContaining("262144");
    assertThatThrownBy(
            () ->
                OrchestratorConfig.fromEnvironment(
                    Map.of(
                        EnvironmentNames.STATE_MACHINE_ARN,
                        ARN,
                        EnvironmentNames.AWS_REGION,
                        "us-east-1",
                        EnvironmentNames.WORKFLOW_TIMEOUT_SECONDS,
                        "0")))
        .hasMessageContaining(EnvironmentNames.WORKFLOW_TIMEOUT_SECONDS);
    assertThatThrownBy(
            () ->
                OrchestratorConfig.fromEnvironment(Map.of(EnvironmentNames.STATE_MACHINE_ARN, ARN)))
        .hasMessageContaining(EnvironmentNames.AWS_REGION);
  }
}
