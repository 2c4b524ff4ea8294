package dev.ratelimit.deploy;

import java.util.Objects;

/**
 * A deploy that cannot go on, with a message for the person at the terminal and what to do about
 * it. The message names the stack, bucket or chain concerned; {@link #fix()} is a suggested next
 * step.
 */
public class DeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String problem;
  private final String fix;

  public DeployException(String problem, String fix) {
    this(problem, fix, null);
  }

  public DeployException(String problem, String fix, Throwable cause) {
    super(problem + (fix == null ? "" : "\n  Fix: " + fix), cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.fix = fix;
  }

  /** What went wrong, without the fix. */
  public String problem() {
    return problem;
  }

  /** The suggested fix, or null. */
  public String fix() {
    return fix;
  }
}
