package dev.ratelimit.deploy;

import java.util.Map;

/** How a deploy ended, and the stack's outputs (empty on a dry run or when the stack has none). */
public record DeployResult(Outcome outcome, String stackName, Map<String, String> outputs) {

  public enum Outcome {
    CREATED,
    UPDATED,
    NO_CHANGES,
    DRY_RUN
  }

  public DeployResult {
    outputs = Map.copyOf(outputs);
  }
}
