package dev.ratelimit.runtime.orchestrator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ratelimit.runtime.contract.WorkflowType;
import dev.ratelimit.runtime.proxy.Deadline;
import dev.ratelimit.runtime.proxy.HttpRules;
import dev.ratelimit.runtime.proxy.PathRules;
import dev.ratelimit.runtime.proxy.Priming;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;

/**
 * The orchestrator Lambda behind a Function URL (payload format 2.0): turns the caller's request
 * into the workflow's input and the workflow's outcome into the caller's response.
 *
 * <ul>
 *   <li>EXPRESS: StartSyncExecution; the caller waits and gets the mapped answer ({@link
 *       Outcomes}).
 *   <li>STANDARD: StartExecution named by the Function URL request id; 202 with {@code Location:
 *       /_ratelimit/executions/<name>}, a route this handler serves with DescribeExecution.
 * </ul>
 *
 * Requests whose path or query breaks {@link PathRules} are refused with 400, requests whose
 * workflow input (serialized) exceeds {@code RATELIMIT_MAX_REQUEST_BYTES} with 413, both before any
 * workflow starts. A STANDARD execution answers only the caller who started it ({@link
 * CallerIdentity}). The path {@code /_ratelimit/} is reserved in both modes.
 *
 * <p>Handler: {@code dev.ratelimit.runtime.orchestrator.OrchestratorHandler::handleRequest}.
 */
public final class OrchestratorHandler
    implements RequestHandler<FunctionUrlEvent, FunctionUrlResponse>, Resource {
  static final String RESERVED_PREFIX = "/_ratelimit/";
  static final String STATUS_PREFIX = RESERVED_PREFIX + "executions/";

  /** Execution names this handler creates and reads: a Function URL request id is a UUID. */
  static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  /** {@link HttpRules#FORWARDED_METHODS}, for the {@code Allow} header. */
  static final String ALLOWED_METHODS =
      String.join(", ", new TreeSet<>(HttpRules.FORWARDED_METHODS));

  /** What a caller is asked to wait after Step Functions refused to start the workflow. */
  static final int THROTTLED_RETRY_AFTER_SECONDS = 1;

  /**
   * Kept free of the Lambda's remaining time when a start call gets its timeout: room for the
   * answer.
   */
  static final long ANSWER_RESERVE_MILLIS = 1_500;

  private final OrchestratorConfig config;
  private final SfnClients clients;
  private final StartRetry startRetry;
  private final Clock clock;
  private volatile RequestMetrics metrics =
      RequestMetrics.fromEnvironment(System.getenv(), System.out::println);

  /** Configuration and clients of this execution environment, built on first use. */
  private static final class Production {
    static final OrchestratorConfig CONFIG = OrchestratorConfig.fromEnvironment(System.getenv());
    // With SnapStart, Lambda gives the Java runtime container credentials
    // (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of the access-key variables; without it, the
    // variables. The container provider comes first and is skipped where its variables are unset.
    static final SfnClients CLIENTS =
        SfnClients.create(
            CONFIG,
            null,
            AwsCredentialsProviderChain.of(
                ContainerCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create()));
  }

  /**
   * Used by the Lambda runtime: configuration from the environment, clients once per container.
   * Registers the SnapStart hook (without SnapStart it never runs).
   */
  public OrchestratorHandler() {
    this(Production.CONFIG, Production.CLIENTS);
    Core.getGlobalContext().register(this);
  }

  /**
   * Before the snapshot: one request through a handler like this one whose Step Functions client
   * calls a loopback server (never AWS) that answers as Step Functions would, so the SDK's
   * marshalling, signing, URL-connection client and unmarshalling, the TLS context and the
   * runtime's serializer for the event and the response are loaded and initialized in the snapshot.
   * Nothing random is fixed here: execution names come from each request's id.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
    prime();
  }

  /** The priming; its answer is the loopback "workflow"'s 200 when everything ran (tests). */
  FunctionUrlResponse prime() throws IOException {
    Priming.tls();
    FunctionUrlResponse answer;
    String result =
        "{\\\"statusCode\\\":200,\\\"headers\\\":{\\\"content-type\\\":\\\"text/plain\\\"},"
            + "\\\"body\\\":\\\"ok\\\",\\\"isBase64Encoded\\\":false,\\\"waitSeconds\\\":0,"
            + "\\\"error\\\":\\\"\\\",\\\"cause\\\":\\\"\\\"}";
    String arn = "arn:aws:states:us-east-1:123456789012:execution:priming:priming";
    // One start, of the kind this workflow makes: StartSyncExecution (EXPRESS) or StartExecution.
    boolean express = config.workflowType() == WorkflowType.EXPRESS;
    try (Priming loopback =
        new Priming(
            200,
            "Content-Type: application/x-amz-json-1.0\r\n",
            express
                ? "{\"executionArn\":\""
                    + arn
                    + "\",\"startDate\":1767225600,\"stopDate\":1767225601,"
                    + "\"status\":\"SUCCEEDED\",\"output\":\""
                    + result
                    + "\"}"
                : "{\"executionArn\":\"" + arn + "\",\"startDate\":1767225600}")) {
      FunctionUrlEvent event = new FunctionUrlEvent();
      event.setRawPath("/priming");
      event.setRawQueryString("a=1");
      event.setHeaders(Map.of("accept", "application/json", "content-type", "application/json"));
      event.setBody("{}");
      FunctionUrlEvent.Http http = new FunctionUrlEvent.Http();
      http.setMethod("POST");
      http.setPath("/priming");
      FunctionUrlEvent.RequestContext requestContext = new FunctionUrlEvent.RequestContext();
      requestContext.setRequestId("priming");
      requestContext.setHttp(http);
      event.setRequestContext(requestContext);
      // Its metrics are formatted, not printed (a Stream.Builder is a Consumer that keeps them): a
      // line printed here would be published, a request no caller made, once per snapshot.
      answer =
          new OrchestratorHandler(config, URI.create(loopback.uri()))
              .withMetrics(new RequestMetrics("priming", "priming", Stream.<String>builder()))
              .handleRequest(event, null);
    }
    Priming.serializer(
        FunctionUrlEvent.class,
        "{\"version\":\"2.0\",\"rawPath\":\"/a\",\"rawQueryString\":\"b=1\","
            + "\"headers\":{\"accept\":\"*/*\"},\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":"
            + "\"GET\",\"path\":\"/a\"}},\"body\":\"x\",\"isBase64Encoded\":false}");
    Priming.serializer(
        FunctionUrlResponse.class,
        "{\"statusCode\":200,\"headers\":{\"a\":\"b\"},"
            + "\"body\":\"x\",\"isBase64Encoded\":false}");
    return answer;
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // nothing to re-seed: see beforeCheckpoint
  }

  /**
   * For tests and local runs: the given endpoint (e.g. {@code http://127.0.0.1:5000}) and fixed
   * dummy credentials.
   */
  public OrchestratorHandler(OrchestratorConfig config, URI endpointOverride) {
    this(
        config,
        SfnClients.create(
            config,
            endpointOverride,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))));
  }

  OrchestratorHandler(OrchestratorConfig config, SfnClients clients) {
    this(config, clients, StartRetry.standard(), Clock.systemUTC());
  }

  /**
   * With a given Step Functions client for starting and reading executions: the local simulation
   * passes one backed by its own executor, so that callers get exactly the answers this handler
   * gives in AWS.
   *
   * @param clock when answers are given (a vendor's {@code Retry-After} counts down against it)
   */
  public OrchestratorHandler(OrchestratorConfig config, SfnClient sfn, Clock clock) {
    this(config, SfnClients.of(config, sfn, sfn), StartRetry.standard(), clock);
  }

  /**
   * With a given Step Functions client for starting and reading executions: the local simulation
   * passes one backed by its own executor, so that callers get exactly the answers this handler
   * gives in AWS.
   */
  public OrchestratorHandler(OrchestratorConfig config, SfnClient sfn) {
    this(config, SfnClients.of(config, sfn, sfn));
  }

  OrchestratorHandler(OrchestratorConfig config, SfnClients clients, StartRetry startRetry) {
    this(config, clients, startRetry, Clock.systemUTC());
  }

  OrchestratorHandler(
      OrchestratorConfig config, SfnClients clients, StartRetry startRetry, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.startRetry = startRetry;
    this.clock = clock;
  }

  /**
   * Where the request metrics go; null for none. By default from the environment ({@code
   * RATELIMIT_METRICS_NAMESPACE}, {@code RATELIMIT_METRICS_WORKFLOW}) to standard output.
   */
  public OrchestratorHandler withMetrics(RequestMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  @Override
  public FunctionUrlResponse handleRequest(FunctionUrlEvent event, Context context) {
    long started = System.nanoTime();
    String requestId =
        context == null || context.getAwsRequestId() == null ? "" : context.getAwsRequestId();
    Call call = new Call(event, requestId, context);
    FunctionUrlResponse response;
    try {
      response = call.run();
    } catch (StartRetry.Exhausted e) { // nothing started: the caller may simply try again
      call.outcome = "throttled";
      call.detail = e.tries + " tries, last " + describe((RuntimeException) e.getCause());
      response =
          Outcomes.error(
              503,
              "WorkflowThrottled",
              "Step Functions refused to start the workflow; nothing was sent to the vendor",
              requestId);
      response.getHeaders().put("retry-after", String.valueOf(THROTTLED_RETRY_AFTER_SECONDS));
    } catch (ApiCallTimeoutException
        | ApiCallAttemptTimeoutException e) { // ended before the Lambda does
      call.outcome = "timeout";
      call.detail = e.getClass().getSimpleName();
      response =
          Outcomes.error(504, "WorkflowTimedOut", "the workflow did not answer in time", requestId);
    } catch (RuntimeException e) { // our own fault or the SDK's: a JSON error, never a stack trace
      call.outcome = "internal";
      call.detail = describe(e);
      response =
          Outcomes.error(
              500,
              "InternalError",
              e instanceof SdkException
                  ? "Step Functions could not be called"
                  : "the gateway failed",
              requestId);
    }
    if (call.execution != null) {
      response.getHeaders().put(Outcomes.EXECUTION_HEADER, call.execution);
    }
    if (!config.forwardCookies()) {
      response.setCookies(null); // vendor cookies belong to the gateway's identity unless opted in
    }
    long elapsed = (System.nanoTime() - started) / 1_000_000;
    log(context, call, response.getStatusCode(), elapsed);
    RequestMetrics m = metrics;
    // EXPRESS only: a STANDARD caller gets 202 here and the outcome later, from polls that may
    // repeat
    if (m != null && config.workflowType() == WorkflowType.EXPRESS && !isReserved(call.path)) {
      String attempts = response.getHeaders().get(Outcomes.ATTEMPTS_HEADER);
      m.emit(
          System.currentTimeMillis(),
          "succeeded".equals(call.outcome),
          response.getStatusCode(),
          attempts == null ? null : Integer.valueOf(attempts),
          elapsed);
    }
    return response;
  }

  /** One request's state, for the response and the log line. */
  private final class Call {
    final FunctionUrlEvent event;
    final String requestId;
    final Context context;
    String method = "";
    String path = "";
    String execution;
    String outcome = "";
    String detail;

    Call(FunctionUrlEvent event, String requestId, Context context) {
      this.event = event;
      this.requestId = requestId;
      this.context = context;
    }

    /**
     * The start call must end before the Lambda does, so that the caller gets this handler's JSON
     * error rather than Lambda's bare 502: its timeout is the client's, cut to the time left.
     */
    private Duration startTimeout() {
      Duration configured = clients.startTimeout();
      if (context == null || context.getRemainingTimeInMillis() <= 0) {
        return configured;
      }
      long left = Math.max(1, context.getRemainingTimeInMillis() - ANSWER_RESERVE_MILLIS);
      return configured.toMillis() <= left ? configured : Duration.ofMillis(left);
    }

    FunctionUrlResponse run() {
      if (event == null
          || event.getRequestContext() == null
          || event.getRequestContext().getHttp() == null) {
        return reject(400, "InvalidRequest", "not a Function URL request");
      }
      String m = event.getRequestContext().getHttp().getMethod();
      method = m == null ? "" : m.toUpperCase(Locale.ROOT);
      path = event.getRawPath() == null ? "" : event.getRawPath();
      if (method.isEmpty() || method.length() > 32 || !HttpRules.isToken(method)) {
        return reject(400, "InvalidRequest", "method is missing or not an HTTP token");
      }
      if (isReserved(path)) {
        return reserved();
      }
      if (!HttpRules.FORWARDED_METHODS.contains(method)) {
        return methodNotAllowed();
      }
      String query = event.getRawQueryString() == null ? "" : event.getRawQueryString();
      String violation = PathRules.violation(path, query);
      if (violation != null) {
        return reject(400, "InvalidRequest", violation);
      }
      String body = event.getBody() == null ? "" : event.getBody();
      if (event.getIsBase64Encoded() && !isBase64(body)) {
        return reject(400, "InvalidRequest", "body is not valid base64");
      }
      String timeout = header(Deadline.TIMEOUT_HEADER);
      if (timeout != null && Deadline.callerTimeoutSeconds(timeout) < 1) {
        return reject(
            400,
            "InvalidRequest",
            Deadline.TIMEOUT_HEADER
                + " must be whole seconds from 1"
                + " (the gateway's deadline is never lengthened by it), e.g. 20");
      }
      CallerIdentity.Owner owner =
          config.workflowType() == WorkflowType.STANDARD ? CallerIdentity.newOwner(event) : null;
      String input =
          WorkflowInput.of(
              method,
              path,
              query,
              forwardedHeaders(),
              body,
              event.getIsBase64Encoded(),
              owner == null ? null : owner.fingerprint());
      String tooLarge =
          WorkflowInput.tooLarge(WorkflowInput.bytes(input), config.maxRequestBytes());
      if (tooLarge != null) {
        return reject(413, "RequestTooLarge", tooLarge);
      }
      execution = executionName(event);
      return owner == null ? startSync(input) : startAsync(input, owner);
    }

    /** A request header's value (names compared in lower case), or null. */
    private String header(String lowerCaseName) {
      if (event.getHeaders() != null) {
        for (Map.Entry<String, String> h : event.getHeaders().entrySet()) {
          if (h.getKey() != null
              && h.getKey().strip().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
            return h.getValue();
          }
        }
      }
      return null;
    }

    /** TRACE, CONNECT and other methods no API needs (TRACE would echo the vendor key): 405. */
    private FunctionUrlResponse methodNotAllowed() {
      FunctionUrlResponse r =
          reject(405, "MethodNotAllowed", "the gateway forwards only " + ALLOWED_METHODS);
      r.getHeaders().put("allow", ALLOWED_METHODS);
      return r;
    }

    private FunctionUrlResponse reject(int status, String code, String message) {
      outcome = "rejected";
      detail = message;
      return Outcomes.error(status, code, message, requestId);
    }

    /**
     * The allowlisted caller headers; with {@code forwardCookies}, the request's cookies (which
     * Function URLs deliver in {@code event.cookies}, not in the headers) as one {@code cookie}
     * header.
     */
    private Map<String, String> forwardedHeaders() {
      Map<String, String> headers = new TreeMap<>();
      if (event.getHeaders() != null) {
        for (Map.Entry<String, String> h : event.getHeaders().entrySet()) {
          String name = h.getKey() == null ? "" : h.getKey().strip().toLowerCase(Locale.ROOT);
          if (h.getValue() != null
              && !name.equals("cookie")
              && HttpRules.isForwardable(name, config.forwardHeaders())) {
            headers.put(name, h.getValue());
          }
        }
      }
      String timeout = header(Deadline.TIMEOUT_HEADER);
      if (timeout != null) {
        // For the proxies, which shorten the deadline with it; they never send x-ratelimit-*
        // upstream.
        headers.put(
            Deadline.TIMEOUT_HEADER, String.valueOf(Deadline.callerTimeoutSeconds(timeout)));
      }
      if (config.forwardCookies() && event.getCookies() != null && !event.getCookies().isEmpty()) {
        headers.put("cookie", String.join("; ", event.getCookies()));
      }
      return headers;
    }

    private FunctionUrlResponse startSync(String input) {
      StartSyncExecutionResponse r =
          startRetry.call(
              () ->
                  clients
                      .start()
                      .startSyncExecution(
                          b ->
                              b.stateMachineArn(config.stateMachineArn())
                                  .name(execution)
                                  .input(input)
                                  .overrideConfiguration(
                                      o ->
                                          o.apiCallTimeout(startTimeout())
                                              .apiCallAttemptTimeout(startTimeout()))));
      Outcomes.Mapped mapped =
          Outcomes.map(
              r.statusAsString(), r.error(), r.cause(), r.output(), requestId, clock.millis());
      outcome = mapped.outcome();
      return mapped.response();
    }

    private FunctionUrlResponse startAsync(String input, CallerIdentity.Owner owner) {
      startRetry.call(
          () ->
              clients
                  .start()
                  .startExecution(
                      b ->
                          b.stateMachineArn(config.stateMachineArn())
                              .name(execution)
                              .input(input)
                              .overrideConfiguration(
                                  o ->
                                      o.apiCallTimeout(startTimeout())
                                          .apiCallAttemptTimeout(startTimeout()))));
      outcome = "started";
      FunctionUrlResponse r = running(202, execution, "RUNNING", owner.token());
      if (owner.token() != null) {
        r.getHeaders().put(CallerIdentity.TOKEN_HEADER, owner.token());
      }
      return r;
    }

    private FunctionUrlResponse reserved() {
      if (config.workflowType() != WorkflowType.STANDARD || !path.startsWith(STATUS_PREFIX)) {
        return reject(404, "NotFound", "no such route");
      }
      if (!method.equals("GET")) {
        FunctionUrlResponse r =
            reject(405, "MethodNotAllowed", "the status route answers GET only");
        r.getHeaders().put("allow", "GET");
        return r;
      }
      String name = path.substring(STATUS_PREFIX.length());
      if (!EXECUTION_NAME.matcher(name).matches()) {
        return reject(404, "ExecutionNotFound", "no such execution");
      }
      DescribeExecutionResponse d;
      try {
        d = clients.describe().describeExecution(b -> b.executionArn(config.executionArn(name)));
      } catch (ExecutionDoesNotExistException e) {
        return reject(404, "ExecutionNotFound", "no such execution");
      }
      String owner =
          SdkJson.parseObject(d.input())
              .map(i -> SdkJson.string(i, WorkflowInput.CALLER))
              .orElse(null);
      if (!CallerIdentity.matches(owner, CallerIdentity.presented(event))) {
        // The same answer as for an unknown id: a stranger learns nothing, not even that it exists.
        FunctionUrlResponse r = reject(404, "ExecutionNotFound", "no such execution");
        detail = "caller is not the execution's owner";
        return r;
      }
      execution = name;
      String status = d.statusAsString();
      if ("RUNNING".equals(status) || "PENDING_REDRIVE".equals(status)) {
        outcome = "running";
        return running(202, name, status, null);
      }
      Outcomes.Mapped mapped =
          Outcomes.map(status, d.error(), d.cause(), d.output(), requestId, clock.millis());
      outcome = mapped.outcome();
      return mapped.response();
    }
  }

  /**
   * A 202 for a running execution; {@code token} (auth NONE, only when it starts) is what reads it
   * later.
   */
  private static FunctionUrlResponse running(int status, String name, String state, String token) {
    String location = STATUS_PREFIX + name;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("executionId", name);
    body.put("status", state);
    body.put("location", location);
    if (token != null) {
      body.put("token", token);
    }
    FunctionUrlResponse r = FunctionUrlResponse.json(status, SdkJson.write(body));
    r.getHeaders().put("location", location);
    r.getHeaders().put("retry-after", "1");
    return r;
  }

  private static boolean isReserved(String path) {
    String p = percentDecode(path).toLowerCase(Locale.ROOT);
    return p.startsWith(RESERVED_PREFIX) || p.equals("/_ratelimit");
  }

  /**
   * Decodes {@code %XX} escapes byte-wise into chars (enough to spot ASCII names such as a reserved
   * prefix).
   */
  static String percentDecode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        sb.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static boolean isBase64(String body) {
    try {
      Base64.getDecoder().decode(body);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The Function URL request id (unique, unguessable) when it is a valid execution name; else a
   * UUID.
   */
  static String executionName(FunctionUrlEvent event) {
    String id = event.getRequestContext().getRequestId();
    return id != null && EXECUTION_NAME.matcher(id).matches() ? id : UUID.randomUUID().toString();
  }

  /** Class and, for AWS errors, status and code: never a message that could echo request data. */
  private static String describe(RuntimeException e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e instanceof SdkServiceException) {
      SdkServiceException s = (SdkServiceException) e;
      sb.append(' ').append(s.statusCode());
      if (s instanceof AwsServiceException && ((AwsServiceException) s).awsErrorDetails() != null) {
        String code = ((AwsServiceException) s).awsErrorDetails().errorCode();
        if (code != null) {
          sb.append(' ').append(code.length() > 64 ? code.substring(0, 64) : code);
        }
      }
    }
    return sb.toString();
  }

  /** One JSON line per request: never the query, header values or bodies. */
  private static void log(Context context, Call call, int status, long elapsedMillis) {
    String path = call.path.length() > 256 ? call.path.substring(0, 256) : call.path;
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "request");
    line.put("method", call.method.length() > 16 ? call.method.substring(0, 16) : call.method);
    line.put("path", path);
    line.put("status", status);
    line.put("outcome", call.outcome);
    line.put("execution", call.execution == null ? "" : call.execution);
    line.put("elapsedMs", elapsedMillis);
    if (call.detail != null) {
      line.put("detail", call.detail);
    }
    String text = SdkJson.write(line);
    if (context != null && context.getLogger() != null) {
      context.getLogger().log(text);
    } else {
      System.out.println(text);
    }
  }
}
