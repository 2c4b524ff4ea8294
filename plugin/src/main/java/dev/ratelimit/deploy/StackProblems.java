package dev.ratelimit.deploy;

import java.util.List;
import java.util.Optional;

/**
 * What a stack's state means for a deploy: whether it can be deployed at all, and what to do when
 * an operation ended in failure. Each message names the stack and a next step.
 *
 * <p>{@code regionArg} is the {@code --region <id>} the suggested CLI commands need (or nothing).
 */
final class StackProblems {
  private StackProblems() {}

  static StackFailedException failed(
      String stackName, String status, StackEvents events, boolean create, String regionArg) {
    List<StackEvents.Failure> failures = events.failures(stackName);
    StringBuilder problem = new StringBuilder("Stack " + stackName + " ended in " + status + ".");
    if (failures.isEmpty()) {
      problem.append(" CloudFormation reported no failed resource.");
    } else {
      problem.append(" Failed resources:");
      failures.forEach(f -> problem.append("\n    ").append(f));
    }
    String fix;
    if ("ROLLBACK_COMPLETE".equals(status) || ("ROLLBACK_FAILED".equals(status) && create)) {
      fix =
          "Fix the cause above and deploy again: the next deploy deletes the rolled-back stack and"
              + " creates it anew.";
    } else if ("UPDATE_ROLLBACK_COMPLETE".equals(status)) {
      fix = "The stack is back at its previous version. Fix the cause above and deploy again.";
    } else if ("DELETE_FAILED".equals(status)) {
      fix =
          "Remove or release what blocks the deletion (see the reasons above), then run"
              + " ratelimit:undeploy again.";
    } else {
      fix =
          "Inspect it with: aws cloudformation describe-stack-events --stack-name "
              + stackName
              + regionArg
              + " (an UPDATE_ROLLBACK_FAILED stack needs"
              + " aws cloudformation continue-update-rollback first).";
    }
    Optional<String> quota = QuotaAdvice.of(failures);
    if (quota.isPresent()) {
      fix = quota.get() + " " + fix;
    }
    return new StackFailedException(problem.toString(), fix, status, failures);
  }

  static void checkDeployable(String stackName, String status, String regionArg) {
    if (status == null) {
      return;
    }
    if (isBusy(status)) {
      throw busy(stackName, status, regionArg);
    }
    switch (status) {
      case "UPDATE_ROLLBACK_FAILED" ->
          throw new DeployException(
              "Stack "
                  + stackName
                  + " is in UPDATE_ROLLBACK_FAILED: CloudFormation cannot update it until the rollback"
                  + " is completed.",
              "Run aws cloudformation continue-update-rollback --stack-name "
                  + stackName
                  + regionArg
                  + ", then deploy again.");
      case "ROLLBACK_FAILED", "DELETE_FAILED", "CREATE_FAILED" ->
          throw new DeployException(
              "Stack " + stackName + " is in " + status + " and cannot be updated.",
              "Delete it (mvn ratelimit:undeploy, or aws cloudformation delete-stack --stack-name "
                  + stackName
                  + regionArg
                  + "), then deploy again.");
      default -> {}
    }
  }

  static boolean isBusy(String status) {
    return status.endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(status);
  }

  static DeployException busy(String stackName, String status, String regionArg) {
    return new DeployException(
        "Stack "
            + stackName
            + " is "
            + status
            + ": another operation is"
            + " running on it. Nothing was uploaded or changed.",
        "Wait for it to finish (aws cloudformation describe-stacks --stack-name "
            + stackName
            + regionArg
            + "), then deploy again.");
  }
}
