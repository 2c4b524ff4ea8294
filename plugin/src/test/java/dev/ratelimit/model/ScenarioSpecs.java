package dev.ratelimit.model;

import dev.ratelimit.testsupport.Workflow;

/**
 * The scenario table's workflow settings ({@link Workflow}, plain data in the test-support module)
 * as a {@link WorkflowSpec}: what the local, moto and parity runs generate their definition from.
 */
public final class ScenarioSpecs {
  private ScenarioSpecs() {}

  /** A builder with {@code workflow}'s settings; the rest are the plugin's defaults. */
  public static WorkflowSpec.Builder builder(Workflow workflow) {
    WorkflowSpec.Builder builder =
        WorkflowSpec.builder().workflowName(Workflow.NAME).targetUrl(Workflow.TARGET_URL);
    if (workflow.immediate()) {
      builder.backoffInitialDelaySeconds(0).honorRetryAfter(false);
    }
    if (workflow.proxies() != null) {
      builder.proxies(workflow.proxies());
    }
    if (workflow.maxAttempts() != null) {
      builder.maxAttempts(workflow.maxAttempts());
    }
    if (workflow.retryNonIdempotent() != null) {
      builder.retryNonIdempotent(workflow.retryNonIdempotent());
    }
    if (workflow.retryOnNetworkErrors() != null) {
      builder.retryOnNetworkErrors(workflow.retryOnNetworkErrors());
    }
    return builder;
  }

  public static WorkflowSpec spec(Workflow workflow) {
    return builder(workflow).build();
  }
}
