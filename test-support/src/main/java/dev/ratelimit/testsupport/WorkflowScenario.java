package dev.ratelimit.testsupport;

import java.util.List;

/**
 * One behaviour scenario of the generated workflow: a caller's request, the proxy results scripted
 * for its attempts in order (moto's Lambda queue, the local executor's scripted Lambdas), and how
 * the execution must end. See {@link WorkflowScenarios}.
 */
public record WorkflowScenario(
    String name, Workflow workflow, String method, List<ProxyResult> results, Expected expected) {
  public WorkflowScenario {
    results = List.copyOf(results);
  }

  /** The execution input the orchestrator would start: the caller's request, no body. */
  public String input() {
    return input(method);
  }

  /** The execution input for a {@code method} request to {@code /v1/items}. */
  public static String input(String method) {
    return "{\"request\":{\"method\":\""
        + method
        + "\",\"path\":\"/v1/items\",\"query\":\"\","
        + "\"headers\":{},\"body\":\"\",\"isBase64Encoded\":false}}";
  }

  /** The scripted results as the proxies would return them. */
  public List<String> resultsJson() {
    return results.stream().map(ProxyResult::json).toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
