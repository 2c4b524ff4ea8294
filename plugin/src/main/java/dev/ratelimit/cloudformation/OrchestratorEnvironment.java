package dev.ratelimit.cloudformation;

import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.model.WorkflowType;
import dev.ratelimit.runtime.orchestrator.OrchestratorConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orchestrator's configuration (names are its own {@link OrchestratorConfig} constants); the
 * state machine's ARN is added by the template as a reference.
 */
public final class OrchestratorEnvironment {
  private OrchestratorEnvironment() {}

  public static Map<String, String> of(WorkflowSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(OrchestratorConfig.WORKFLOW_TYPE, spec.workflowType().name());
    env.put(OrchestratorConfig.FORWARD_HEADERS, String.join(",", spec.forwardHeaders()));
    env.put(OrchestratorConfig.MAX_REQUEST_BYTES, Integer.toString(spec.maxRequestBytes()));
    if (spec.forwardCookies()) { // unset means false: default templates stay as they were
      env.put(OrchestratorConfig.FORWARD_COOKIES, "true");
    }
    env.put(
        OrchestratorConfig.WORKFLOW_TIMEOUT_SECONDS,
        Integer.toString(spec.workflowTimeoutSeconds()));
    if (spec.workflowType()
        == WorkflowType.EXPRESS) { // a STANDARD caller polls: no per-request outcome here
      ProxyEnvironment.metrics(env, spec);
    }
    return env;
  }
}
