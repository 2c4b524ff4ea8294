package dev.ratelimit.cloudformation;

import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.orchestrator.OrchestratorConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orchestrator's configuration, read by {@link OrchestratorConfig} (the names are the
 * contract's {@link EnvironmentNames}); the state machine's ARN is added by the template as a
 * reference.
 */
public final class OrchestratorEnvironment {
  private OrchestratorEnvironment() {}

  public static Map<String, String> of(WorkflowSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvironmentNames.WORKFLOW_TYPE, spec.workflowType().name());
    env.put(EnvironmentNames.FORWARD_HEADERS, String.join(",", spec.forwardHeaders()));
    env.put(EnvironmentNames.MAX_REQUEST_BYTES, Integer.toString(spec.maxRequestBytes()));
    if (spec.forwardCookies()) { // unset means false: default templates stay as they were
      env.put(EnvironmentNames.FORWARD_COOKIES, "true");
    }
    env.put(
        EnvironmentNames.WORKFLOW_TIMEOUT_SECONDS, Integer.toString(spec.workflowTimeoutSeconds()));
    if (spec.workflowType()
        == WorkflowType.EXPRESS) { // a STANDARD caller polls: no per-request outcome here
      ProxyEnvironment.metrics(env, spec);
    }
    return env;
  }
}
