package dev.ratelimit.runtime.contract;

/**
 * The errors the generated workflow's Fail states end an execution with (SPEC §9 Outcomes): the
 * generator writes them, the orchestrator maps them to the caller's status, the local report reads
 * them. Compile-time constants only: the functions carry the strings they use, not this class.
 */
public final class WorkflowErrors {
  private WorkflowErrors() {}

  /** Prefix of {@code Upstream.<status>}: the vendor's last answer, with its status. */
  public static final String UPSTREAM_PREFIX = "Upstream.";

  public static final String UPSTREAM_UNREACHABLE = "Upstream.Unreachable";
  public static final String UPSTREAM_RESPONSE_TOO_LARGE = "Upstream.ResponseTooLarge";
  public static final String PROXY_FAILED = "Proxy.Failed";
  public static final String PROXY_SECRET_UNAVAILABLE = "Proxy.SecretUnavailable";
  public static final String PROXY_NOT_INVOKED = "Proxy.NotInvoked";

  /** The deadline passed without any vendor answer. */
  public static final String DEADLINE_EXCEEDED = "Deadline.Exceeded";
}
