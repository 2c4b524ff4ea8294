package dev.ratelimit.deploy;

import java.util.List;

/**
 * CloudFormation finished the operation in a failed state; {@link #failures()} says which resources
 * and why.
 */
public final class StackFailedException extends DeployException {
  private static final long serialVersionUID = 1L;
  private final String stackStatus;
  private final transient List<StackEvents.Failure> failures;

  StackFailedException(
      String problem, String fix, String stackStatus, List<StackEvents.Failure> failures) {
    super(problem, fix);
    this.stackStatus = stackStatus;
    this.failures = List.copyOf(failures);
  }

  public String stackStatus() {
    return stackStatus;
  }

  public List<StackEvents.Failure> failures() {
    return failures;
  }
}
