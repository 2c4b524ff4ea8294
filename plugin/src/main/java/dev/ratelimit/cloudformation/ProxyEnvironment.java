package dev.ratelimit.cloudformation;

import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.metrics.MetricNames;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment each proxy Lambda reads its whole policy from (names are the proxy's own
 * {@link ProxyConfig} constants). The caller's request never carries any of it.
 */
public final class ProxyEnvironment {
  private ProxyEnvironment() {}

  /** Java starts faster on Lambda with C1 only; the proxy does little work per call. */
  static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  public static Map<String, String> of(WorkflowSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ProxyConfig.TARGET_URL, spec.targetUrl().toString());
    env.put(ProxyConfig.REQUEST_TIMEOUT_SECONDS, Integer.toString(spec.requestTimeoutSeconds()));
    env.put(ProxyConfig.MAX_RESPONSE_BYTES, Integer.toString(spec.maxResponseBytes()));
    env.put(ProxyConfig.SUCCESS_ON, spec.successOn().toString());
    env.put(ProxyConfig.RETRY_ON, spec.retryOn().toString());
    env.put(ProxyConfig.BACKOFF_INITIAL_DELAY_SECONDS,
        Integer.toString(spec.backoff().initialDelaySeconds()));
    env.put(ProxyConfig.BACKOFF_MULTIPLIER, spec.backoff().multiplierText());
    env.put(ProxyConfig.BACKOFF_MAX_DELAY_SECONDS, Integer.toString(spec.backoff().maxDelaySeconds()));
    env.put(ProxyConfig.BACKOFF_JITTER, spec.backoff().jitter().name());
    env.put(ProxyConfig.HONOR_RETRY_AFTER, Boolean.toString(spec.honorRetryAfter()));
    env.put(ProxyConfig.MAX_RETRY_AFTER_SECONDS, Integer.toString(spec.maxRetryAfterSeconds()));
    env.put(ProxyConfig.FORWARD_HEADERS, String.join(",", spec.forwardHeaders()));
    if (spec.forwardCookies()) { // unset means false: default templates stay as they were
      env.put(ProxyConfig.FORWARD_COOKIES, "true");
    }
    if (spec.hasApiKey()) {
      env.put(ProxyConfig.API_KEY_SECRET_ARN, spec.apiKeySecretArn());
      env.put(ProxyConfig.API_KEY_HEADER, spec.apiKeyHeader());
    }
    metrics(env, spec);
    env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    return env;
  }

  /** The metrics' namespace and workflow dimension, when metrics are on (the proxy adds its own name). */
  static void metrics(Map<String, String> env, WorkflowSpec spec) {
    if (spec.observability().metrics()) {
      env.put(MetricNames.NAMESPACE_VARIABLE, spec.observability().namespace());
      env.put(MetricNames.WORKFLOW_VARIABLE, spec.workflowName());
    }
  }
}
