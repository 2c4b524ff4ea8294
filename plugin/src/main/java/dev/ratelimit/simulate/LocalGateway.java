package dev.ratelimit.simulate;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.cloudformation.OrchestratorEnvironment;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.orchestrator.FunctionUrlEvent;
import dev.ratelimit.runtime.orchestrator.FunctionUrlResponse;
import dev.ratelimit.runtime.orchestrator.OrchestratorConfig;
import dev.ratelimit.runtime.orchestrator.OrchestratorHandler;
import dev.ratelimit.runtime.orchestrator.RequestMetrics;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The gateway as a caller meets it, on this machine: the real {@link OrchestratorHandler}, with the
 * configuration the template gives it, calling Step Functions through {@link LocalSfnClient}, i.e.
 * the local executor. A caller's request becomes a Function URL event; the answer is what the
 * Function URL would send back. A STANDARD gateway answers 202; the caller here then reads the
 * status route once (the execution has ended by then) and gets the final answer.
 */
public final class LocalGateway {
  private static final String ARN_PREFIX = "arn:aws:states:us-east-1:123456789012:stateMachine:";

  /** The orchestrator's status-read token header (a STANDARD caller without an IAM principal). */
  private static final String TOKEN_HEADER = "x-ratelimit-token";

  /** One caller request: the caller's answer, and the execution it ran (null when none ran). */
  public record Exchange(CallerAnswer answer, ExecutionResult execution) {}

  private final WorkflowSpec spec;
  private final OrchestratorHandler handler;
  private final LocalSfnClient sfn;
  private final Consumer<String> logs;

  /** Without the orchestrator's metrics. */
  public LocalGateway(
      WorkflowSpec spec, StateMachineRunner runner, Clock clock, Consumer<String> logs) {
    this(spec, runner, clock, logs, line -> {});
  }

  /**
   * @param runner the executor of the generated workflow (its proxies, sleeper and randomness)
   * @param clock the orchestrator's clock (a vendor's {@code Retry-After} counts down against it)
   * @param logs where the orchestrator's log lines go
   * @param metrics where the orchestrator's EMF lines go: the lines the deployed function would
   *     print, from the environment the template gives it (none for a STANDARD workflow or with
   *     metrics off)
   */
  public LocalGateway(
      WorkflowSpec spec,
      StateMachineRunner runner,
      Clock clock,
      Consumer<String> logs,
      Consumer<String> metrics) {
    this.spec = spec;
    this.logs = Objects.requireNonNull(logs);
    String arn = ARN_PREFIX + spec.workflowName();
    this.sfn = new LocalSfnClient(runner, arn);
    Map<String, String> env = new LinkedHashMap<>(OrchestratorEnvironment.of(spec));
    env.put(EnvironmentNames.STATE_MACHINE_ARN, arn);
    env.put(EnvironmentNames.AWS_REGION, "us-east-1");
    this.handler =
        new OrchestratorHandler(OrchestratorConfig.fromEnvironment(env), sfn, clock)
            .withMetrics(RequestMetrics.fromEnvironment(env, metrics));
  }

  /**
   * Sends one request through the orchestrator.
   *
   * @param requestId the Function URL request id (it names the execution; unique per request)
   * @param headers the caller's headers (names as sent)
   */
  public Exchange call(
      String requestId,
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      String body) {
    FunctionUrlResponse r =
        handler.handleRequest(
            event(requestId, method, rawPath, rawQuery, headers, body), context());
    if (spec.workflowType() == WorkflowType.STANDARD
        && r.getStatusCode() == 202
        && sfn.execution(requestId) != null) {
      String location = r.getHeaders().get("location");
      // Without an IAM principal the owner proves itself with the token the 202 handed out.
      String token = r.getHeaders().get(TOKEN_HEADER);
      r =
          handler.handleRequest(
              event(
                  requestId + "-status",
                  "GET",
                  location,
                  "",
                  token == null ? Map.of() : Map.of(TOKEN_HEADER, token),
                  ""),
              context());
    }
    return new Exchange(
        new CallerAnswer(r.getStatusCode(), r.getHeaders(), r.getBody(), r.getIsBase64Encoded()),
        sfn.execution(requestId));
  }

  private static FunctionUrlEvent event(
      String requestId,
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      String body) {
    FunctionUrlEvent e = new FunctionUrlEvent();
    e.setVersion("2.0");
    e.setRawPath(rawPath);
    e.setRawQueryString(rawQuery);
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    e.setHeaders(lower);
    e.setBody(body);
    e.setIsBase64Encoded(false);
    FunctionUrlEvent.RequestContext context = new FunctionUrlEvent.RequestContext();
    context.setRequestId(requestId);
    FunctionUrlEvent.Http http = new FunctionUrlEvent.Http();
    http.setMethod(method);
    http.setPath(rawPath);
    context.setHttp(http);
    e.setRequestContext(context);
    return e;
  }

  private LocalLambdaContext context() {
    return new LocalLambdaContext(
        spec.orchestratorFunctionName(), spec.orchestratorTimeoutSeconds() * 1000, logs);
  }
}
