package dev.ratelimit.testsupport;

/**
 * The workflow settings a scenario sets, as plain data (this module cannot see the plugin's {@code
 * WorkflowSpec}); the plugin's tests turn them into a spec. Null means the plugin's default.
 *
 * @param immediate no waits between attempts: backoff's initial delay 0 and {@code Retry-After} not
 *     honoured, so that the waits come only from the results' {@code waitSeconds}
 */
public record Workflow(
    boolean immediate,
    Integer proxies,
    Integer maxAttempts,
    Boolean retryNonIdempotent,
    Boolean retryOnNetworkErrors) {
  /** Every scenario's workflow name and vendor. */
  public static final String NAME = "conf";

  public static final String TARGET_URL = "https://api.vendor.example";

  /** The defaults. */
  public static Workflow defaults() {
    return new Workflow(false, null, null, null, null);
  }

  /** The defaults without waits (see {@link #immediate()}). */
  public static Workflow fast() {
    return new Workflow(true, null, null, null, null);
  }

  public Workflow proxies(int n) {
    return new Workflow(immediate, n, maxAttempts, retryNonIdempotent, retryOnNetworkErrors);
  }

  public Workflow maxAttempts(int n) {
    return new Workflow(immediate, proxies, n, retryNonIdempotent, retryOnNetworkErrors);
  }

  public Workflow retryNonIdempotent(boolean on) {
    return new Workflow(immediate, proxies, maxAttempts, on, retryOnNetworkErrors);
  }

  public Workflow retryOnNetworkErrors(boolean on) {
    return new Workflow(immediate, proxies, maxAttempts, retryNonIdempotent, on);
  }
}
