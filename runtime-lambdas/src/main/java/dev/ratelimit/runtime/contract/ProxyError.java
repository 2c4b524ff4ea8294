package dev.ratelimit.runtime.contract;

/**
 * The proxy result's {@code error} codes (SPEC §6): the proxy sets all but the last two, the
 * workflow sets those when an invocation gave no result; {@code ""} means none. The generated
 * workflow's Choice states compare against these, the orchestrator and the local run read them
 * back. Compile-time constants only: the functions carry the strings they use, not this class.
 */
public final class ProxyError {
  private ProxyError() {}

  public static final String NONE = "";
  public static final String CONNECT_FAILED = "ConnectFailed";
  public static final String TIMEOUT = "Timeout";
  public static final String CONNECTION_RESET = "ConnectionReset";
  public static final String RESPONSE_TOO_LARGE = "ResponseTooLarge";
  public static final String INVALID_REQUEST = "InvalidRequest";

  /** The vendor's API key could not be read from Secrets Manager; nothing was sent upstream. */
  public static final String SECRET_UNAVAILABLE = "SecretUnavailable";

  /**
   * The next attempt would not fit before the deadline (the wait it needs, or no time for a call at
   * all): the execution ends now with the answer at hand (SPEC §9 Deadline).
   */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  /** The vendor asked for a wait above {@code maxRetryAfterSeconds}: the execution ends now. */
  public static final String RETRY_AFTER_TOO_LONG = "RetryAfterTooLong";

  /** Set by the workflow when a proxy invocation crashed or timed out. */
  public static final String PROXY_FAILED = "ProxyFailed";

  /**
   * Set by the workflow when Lambda refused to run the proxy (throttled, not ready): nothing was
   * sent.
   */
  public static final String PROXY_NOT_INVOKED = "ProxyNotInvoked";
}
