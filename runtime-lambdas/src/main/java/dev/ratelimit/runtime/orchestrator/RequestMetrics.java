package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.contract.EnvironmentNames.AWS_LAMBDA_FUNCTION_NAME;
import static dev.ratelimit.runtime.contract.EnvironmentNames.METRICS_NAMESPACE;
import static dev.ratelimit.runtime.contract.EnvironmentNames.METRICS_WORKFLOW;
import static dev.ratelimit.runtime.contract.MetricNames.ATTEMPTS_PER_REQUEST;
import static dev.ratelimit.runtime.contract.MetricNames.COUNT;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED_4XX;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED_5XX;
import static dev.ratelimit.runtime.contract.MetricNames.GATEWAY_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.MILLISECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.REQUESTS;
import static dev.ratelimit.runtime.contract.MetricNames.SUCCEEDED;
import static dev.ratelimit.runtime.contract.MetricNames.WORKFLOW;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The orchestrator's metrics: one CloudWatch embedded metric format (EMF) line per caller request
 * answered with the workflow's outcome, per {@code [Workflow]}: whether it succeeded, a failure's
 * caller status class, the attempts it took and the time the caller waited. The local simulation
 * writes the same lines for its requests, so its report and the dashboard read the same numbers.
 * Lines go to standard output in Lambda: the {@code LambdaLogger} would wrap them (JSON log format)
 * where CloudWatch no longer sees them.
 */
public final class RequestMetrics {
  private final String namespace;
  private final String workflow;
  private final Consumer<String> out;

  public RequestMetrics(String namespace, String workflow, Consumer<String> out) {
    this.namespace = namespace;
    this.workflow = workflow;
    this.out = out;
  }

  /**
   * From the function's environment; null when {@code RATELIMIT_METRICS_NAMESPACE} is unset
   * (metrics off, or a STANDARD workflow, whose template sets none). The local simulation reads the
   * environment the template gives the function, so it writes exactly the lines the function would.
   */
  public static RequestMetrics fromEnvironment(Map<String, String> env, Consumer<String> out) {
    String namespace = env.get(METRICS_NAMESPACE);
    if (namespace == null || namespace.isBlank()) {
      return null;
    }
    String workflow = env.get(METRICS_WORKFLOW);
    if (workflow == null || workflow.isBlank()) {
      throw new IllegalStateException(
          METRICS_WORKFLOW
              + " must be set with "
              + METRICS_NAMESPACE
              + ", e.g. "
              + METRICS_WORKFLOW
              + "=vendor-gateway ("
              + AWS_LAMBDA_FUNCTION_NAME
              + " is not used)");
    }
    return new RequestMetrics(namespace.strip(), workflow.strip(), out);
  }

  /**
   * Writes one request's line.
   *
   * @param succeeded the answer came from a succeeded workflow (whatever its status)
   * @param status the caller's HTTP status
   * @param attempts the attempts the workflow made; null when unknown (left out)
   * @param latencyMillis from the caller's request to the answer
   */
  public void emit(
      long timestampMillis, boolean succeeded, int status, Integer attempts, long latencyMillis) {
    int failed = succeeded ? 0 : 1;
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(REQUESTS, 1);
    values.put(SUCCEEDED, 1 - failed);
    values.put(FAILED, failed);
    values.put(FAILED_4XX, failed == 1 && status / 100 == 4 ? 1 : 0);
    values.put(FAILED_5XX, failed == 1 && status / 100 == 5 ? 1 : 0);
    if (attempts != null) {
      values.put(ATTEMPTS_PER_REQUEST, attempts);
    }
    values.put(GATEWAY_LATENCY, latencyMillis);
    List<Object> declared = new ArrayList<>();
    for (String name : values.keySet()) {
      declared.add(
          Map.of("Name", name, "Unit", name.equals(GATEWAY_LATENCY) ? MILLISECONDS : COUNT));
    }
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(List.of(WORKFLOW)));
    directive.put("Metrics", declared);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", timestampMillis);
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("_aws", aws);
    line.put(WORKFLOW, workflow);
    line.putAll(values);
    out.accept(SdkJson.write(line));
  }
}
