package dev.ratelimit.cloudformation;

import dev.ratelimit.model.WorkflowSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment each proxy Lambda reads its whole policy from (names fixed by the proxy's
 * {@code ProxyConfig}). The caller's request never carries any of it.
 */
public final class ProxyEnvironment {
  private ProxyEnvironment() {}

  /** Java starts faster on Lambda with C1 only; the proxy does little work per call. */
  static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  public static Map<String, String> of(WorkflowSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RATELIMIT_TARGET_URL", spec.targetUrl().toString());
    env.put("RATELIMIT_REQUEST_TIMEOUT_SECONDS", Integer.toString(spec.requestTimeoutSeconds()));
    env.put("RATELIMIT_MAX_RESPONSE_BYTES", Integer.toString(spec.maxResponseBytes()));
    env.put("RATELIMIT_SUCCESS_ON", spec.successOn().toString());
    env.put("RATELIMIT_RETRY_ON", spec.retryOn().toString());
    env.put("RATELIMIT_BACKOFF_INITIAL_DELAY_SECONDS",
        Integer.toString(spec.backoff().initialDelaySeconds()));
    env.put("RATELIMIT_BACKOFF_MULTIPLIER", spec.backoff().multiplierText());
    env.put("RATELIMIT_BACKOFF_MAX_DELAY_SECONDS", Integer.toString(spec.backoff().maxDelaySeconds()));
    env.put("RATELIMIT_BACKOFF_JITTER", spec.backoff().jitter().name());
    env.put("RATELIMIT_HONOR_RETRY_AFTER", Boolean.toString(spec.honorRetryAfter()));
    env.put("RATELIMIT_MAX_RETRY_AFTER_SECONDS", Integer.toString(spec.maxRetryAfterSeconds()));
    env.put("RATELIMIT_FORWARD_HEADERS", String.join(",", spec.forwardHeaders()));
    env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    return env;
  }
}
