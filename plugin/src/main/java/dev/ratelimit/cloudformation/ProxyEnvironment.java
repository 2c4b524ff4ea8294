package dev.ratelimit.cloudformation;

import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment each proxy Lambda reads its whole policy from ({@link ProxyConfig}; the names are
 * the contract's {@link EnvironmentNames}). The caller's request never carries any of it. No {@code
 * JAVA_TOOL_OPTIONS}: Lambda's Java runtimes already stop tiered compilation at C1 (java21; java25
 * unless SnapStart, where the JVM's defaults serve better), and a duplicate only prints "Picked up"
 * at every start.
 */
public final class ProxyEnvironment {
  private ProxyEnvironment() {}

  public static Map<String, String> of(WorkflowSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvironmentNames.TARGET_URL, spec.targetUrl().toString());
    env.put(
        EnvironmentNames.REQUEST_TIMEOUT_SECONDS, Integer.toString(spec.requestTimeoutSeconds()));
    env.put(EnvironmentNames.MAX_RESPONSE_BYTES, Integer.toString(spec.maxResponseBytes()));
    env.put(EnvironmentNames.SUCCESS_ON, spec.successOn().toString());
    env.put(EnvironmentNames.RETRY_ON, spec.retryOn().toString());
    env.put(
        EnvironmentNames.BACKOFF_INITIAL_DELAY_SECONDS,
        Integer.toString(spec.backoff().initialDelaySeconds()));
    env.put(EnvironmentNames.BACKOFF_MULTIPLIER, spec.backoff().multiplierText());
    env.put(
        EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS,
        Integer.toString(spec.backoff().maxDelaySeconds()));
    env.put(EnvironmentNames.BACKOFF_JITTER, spec.backoff().jitter().name());
    env.put(EnvironmentNames.HONOR_RETRY_AFTER, Boolean.toString(spec.honorRetryAfter()));
    env.put(
        EnvironmentNames.MAX_RETRY_AFTER_SECONDS, Integer.toString(spec.maxRetryAfterSeconds()));
    env.put(EnvironmentNames.FORWARD_HEADERS, String.join(",", spec.forwardHeaders()));
    env.put(EnvironmentNames.DEADLINE_SECONDS, Integer.toString(spec.deadlineSeconds()));
    if (spec.forwardCookies()) { // unset means false: default templates stay as they were
      env.put(EnvironmentNames.FORWARD_COOKIES, "true");
    }
    if (spec.hasApiKey()) {
      env.put(EnvironmentNames.API_KEY_SECRET_ARN, spec.apiKeySecretArn());
      env.put(EnvironmentNames.API_KEY_HEADER, spec.apiKeyHeader());
    }
    metrics(env, spec);
    return env;
  }

  /**
   * The metrics' namespace and workflow dimension, when metrics are on (the proxy adds its own
   * name).
   */
  static void metrics(Map<String, String> env, WorkflowSpec spec) {
    if (spec.observability().metrics()) {
      env.put(EnvironmentNames.METRICS_NAMESPACE, spec.observability().namespace());
      env.put(EnvironmentNames.METRICS_WORKFLOW, spec.workflowName());
    }
  }
}
