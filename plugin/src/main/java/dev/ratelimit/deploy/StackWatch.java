package dev.ratelimit.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Waits on CloudFormation for the deployer: a change set until it is computed, a stack until it
 * settles (streaming its events), each until the deploy's deadline, polling every {@link
 * #pollInterval}.
 */
final class StackWatch {
  private final CloudFormationClient cloudFormation;
  private final DeployListener listener;
  private Duration pollInterval = Duration.ofSeconds(5);

  StackWatch(CloudFormationClient cloudFormation, DeployListener listener) {
    this.cloudFormation = cloudFormation;
    this.listener = listener;
  }

  void pollInterval(Duration interval) {
    this.pollInterval = interval;
  }

  Optional<Stack> describe(String stackRef) {
    try {
      return cloudFormation.describeStacks(r -> r.stackName(stackRef)).stacks().stream()
          .findFirst()
          .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()));
    } catch (CloudFormationException e) {
      if (message(e).contains("does not exist")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  DescribeChangeSetResponse waitForChangeSet(
      String stackName, String changeSetName, long deadline) {
    while (true) {
      DescribeChangeSetResponse d =
          cloudFormation.describeChangeSet(
              r -> r.stackName(stackName).changeSetName(changeSetName));
      String status = d.statusAsString();
      if ("CREATE_COMPLETE".equals(status) || "FAILED".equals(status)) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw timedOut(stackName, "change set " + changeSetName + " is still " + status);
      }
      sleep(stackName);
    }
  }

  List<Change> changes(DescribeChangeSetResponse first) {
    List<Change> all = new ArrayList<>(first.changes());
    String token = first.nextToken();
    while (token != null && !token.isEmpty()) {
      String next = token;
      DescribeChangeSetResponse page =
          cloudFormation.describeChangeSet(
              r ->
                  r.stackName(first.stackName() == null ? first.stackId() : first.stackName())
                      .changeSetName(first.changeSetName())
                      .nextToken(next));
      all.addAll(page.changes());
      token = page.nextToken();
    }
    return all;
  }

  /** Streams events until the stack leaves every *_IN_PROGRESS state; returns that state. */
  String waitForStack(String stackName, String stackRef, StackEvents events, long deadline) {
    while (true) {
      events.poll().forEach(listener::event);
      Optional<Stack> stack = describe(stackRef);
      if (stack.isEmpty()) {
        return "DELETE_COMPLETE";
      }
      String status = stack.get().stackStatusAsString();
      if (!status.endsWith("_IN_PROGRESS")) {
        events.poll().forEach(listener::event);
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw timedOut(stackName, "it is still " + status);
      }
      sleep(stackName);
    }
  }

  private DeployException timedOut(String stackName, String what) {
    return new DeployException(
        "Stopped waiting for stack "
            + stackName
            + ": "
            + what
            + ". CloudFormation carries on with the operation on its own.",
        "Check its state with: aws cloudformation describe-stacks --stack-name "
            + stackName
            + regionArg()
            + " (raise timeoutMinutes to wait longer).");
  }

  private void sleep(String stackName) {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException(
          "Interrupted while waiting for stack "
              + stackName
              + "; CloudFormation carries on with the operation on its own.",
          "Check its state with: aws cloudformation describe-stacks --stack-name "
              + stackName
              + regionArg(),
          e);
    }
  }

  /** {@code --region <id>} for a CLI command to suggest, or nothing without a region. */
  String regionArg() {
    Region region = cloudFormation.serviceClientConfiguration().region();
    return region == null ? "" : " --region " + region.id();
  }

  static String message(CloudFormationException e) {
    String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return m == null ? String.valueOf(e.getMessage()) : m;
  }
}
