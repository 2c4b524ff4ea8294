package dev.ratelimit.asl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.model.LambdaServiceRetry;
import dev.ratelimit.model.RouteTable;
import dev.ratelimit.model.StatusRanges;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.ProxyError;
import dev.ratelimit.runtime.contract.ResultFields;
import dev.ratelimit.runtime.contract.WorkflowErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the retry workflow in Amazon States Language. The policy is visible in the definition: per
 * attempt a Task (one proxy), a Choice on the proxy's result (success, retryable, or not), and a
 * Wait whose seconds the proxy computed; failures end in Fail states named after the outcome.
 * Function ARNs are left as {@code ${ProxyN.Arn}} placeholders ({@link ProxyPlaceholders}) for
 * CloudFormation's {@code Fn::Sub}.
 */
public final class StateMachineGenerator {
  public static final String CHOOSE_START = "ChooseStartProxy";
  public static final String SUCCEEDED = "Succeeded";
  public static final String CLASSIFY_FAILURE = "ClassifyFailure";
  public static final String UPSTREAM_ERROR = "UpstreamError";
  public static final String UPSTREAM_UNREACHABLE = "UpstreamUnreachable";
  public static final String RESPONSE_TOO_LARGE = "ResponseTooLarge";
  public static final String PROXY_FAILED = "ProxyFailed";
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String SECRET_UNAVAILABLE = "SecretUnavailable";
  public static final String PROXY_NOT_INVOKED = "ProxyNotInvoked";

  public static String attempt(int i) {
    return "Attempt" + i;
  }

  public static String crashed(int i) {
    return "Attempt" + i + "Crashed";
  }

  public static String notInvoked(int i) {
    return "Attempt" + i + "NotInvoked";
  }

  public static String check(int i) {
    return "Check" + i;
  }

  public static String waitState(int i) {
    return "Wait" + i;
  }

  public ObjectNode generate(WorkflowSpec spec) {
    ObjectNode root = CanonicalJson.object();
    root.put(
        "Comment",
        "Retry gateway "
            + spec.workflowName()
            + ": up to "
            + spec.maxAttempts()
            + " attempts over "
            + spec.proxies()
            + " proxies, starting at a random one.");
    root.put("StartAt", CHOOSE_START);
    root.put("TimeoutSeconds", spec.workflowTimeoutSeconds());
    ObjectNode states = root.putObject("States");

    states.set(CHOOSE_START, chooseStart(spec));
    for (int i = 1; i <= spec.maxAttempts(); i++) {
      states.set(attempt(i), task(spec, i));
      states.set(notInvoked(i), notInvoked(spec, i));
      states.set(crashed(i), crashed(spec, i));
      states.set(check(i), check(spec, i));
      if (i < spec.maxAttempts()) {
        ObjectNode wait = states.putObject(waitState(i));
        wait.put("Type", "Wait");
        wait.put("SecondsPath", ResultFields.LAST_WAIT_SECONDS);
        wait.put("Next", attempt(i + 1));
      }
    }
    ObjectNode succeeded = states.putObject(SUCCEEDED);
    succeeded.put("Type", "Succeed");
    succeeded.put("OutputPath", ResultFields.LAST);

    ObjectNode classify = states.putObject(CLASSIFY_FAILURE);
    classify.put("Type", "Choice");
    classify.put("Comment", "The last attempt failed: name the outcome for the caller.");
    ArrayNode choices = classify.putArray("Choices");
    choices.add(
        stringEquals(ResultFields.LAST_ERROR, ProxyError.PROXY_FAILED).put("Next", PROXY_FAILED));
    choices.add(
        and(List.of(
                numericEquals(ResultFields.LAST_STATUS_CODE, 0),
                stringEquals(ResultFields.LAST_ERROR, ProxyError.DEADLINE_EXCEEDED)))
            .put("Next", DEADLINE_EXCEEDED));
    // Before the statusCode 0 rule: a missing key is the gateway's fault, not the vendor's (503,
    // not 502).
    choices.add(
        stringEquals(ResultFields.LAST_ERROR, ProxyError.SECRET_UNAVAILABLE)
            .put("Next", SECRET_UNAVAILABLE));
    choices.add(
        stringEquals(ResultFields.LAST_ERROR, ProxyError.PROXY_NOT_INVOKED)
            .put("Next", PROXY_NOT_INVOKED));
    choices.add(numericEquals(ResultFields.LAST_STATUS_CODE, 0).put("Next", UPSTREAM_UNREACHABLE));
    choices.add(
        stringEquals(ResultFields.LAST_ERROR, ProxyError.RESPONSE_TOO_LARGE)
            .put("Next", RESPONSE_TOO_LARGE));
    classify.put("Default", UPSTREAM_ERROR);

    ObjectNode upstream = states.putObject(UPSTREAM_ERROR);
    upstream.put("Type", "Fail");
    upstream.put("Comment", "The vendor's last answer, with its status.");
    upstream.put(
        "ErrorPath",
        "States.Format('"
            + WorkflowErrors.UPSTREAM_PREFIX
            + "{}', "
            + ResultFields.LAST_STATUS_CODE
            + ")");
    upstream.put("CausePath", ResultFields.LAST_CAUSE);
    states.set(
        UPSTREAM_UNREACHABLE,
        fail(
            WorkflowErrors.UPSTREAM_UNREACHABLE,
            "The last attempt got no HTTP answer (connect failure, reset or timeout)."));
    states.set(
        RESPONSE_TOO_LARGE,
        fail(
            WorkflowErrors.UPSTREAM_RESPONSE_TOO_LARGE,
            "The vendor's answer does not fit the Step Functions payload limit."));
    states.set(
        PROXY_FAILED,
        fail(WorkflowErrors.PROXY_FAILED, "The last proxy invocation crashed or timed out."));
    states.set(
        DEADLINE_EXCEEDED,
        fail(
            WorkflowErrors.DEADLINE_EXCEEDED,
            "The deadline passed before the vendor answered (the caller's or the gateway's)."));
    states.set(
        SECRET_UNAVAILABLE,
        fail(
            WorkflowErrors.PROXY_SECRET_UNAVAILABLE,
            "The last proxy could not read the vendor's key; nothing was sent upstream."));
    states.set(
        PROXY_NOT_INVOKED,
        fail(
            WorkflowErrors.PROXY_NOT_INVOKED,
            "Lambda did not run the last proxy (throttled or not ready): nothing reached the vendor."));
    return root;
  }

  private static ObjectNode chooseStart(WorkflowSpec spec) {
    ObjectNode pass = CanonicalJson.object();
    pass.put("Type", "Pass");
    pass.put(
        "Comment",
        "Keep only the caller's request; draw the first proxy at random. The"
            + " function table repeats the proxy list so that start + attempt never wraps.");
    ObjectNode params = pass.putObject("Parameters");
    params.put("request.$", "$.request");
    ObjectNode route = params.putObject("route");
    route.put("start.$", "States.MathRandom(0, " + spec.proxies() + ")");
    ArrayNode functions = route.putArray("functions");
    for (int index = 0; index < RouteTable.length(spec.proxies(), spec.maxAttempts()); index++) {
      functions.add(ProxyPlaceholders.function(RouteTable.proxyAt(index, spec.proxies())));
    }
    pass.put("Next", attempt(1));
    return pass;
  }

  private static ObjectNode task(WorkflowSpec spec, int i) {
    ObjectNode task = CanonicalJson.object();
    task.put("Type", "Task");
    task.put("Comment", "Attempt " + i + " of " + spec.maxAttempts() + ".");
    task.put("Resource", "arn:aws:states:::lambda:invoke");
    ObjectNode params = task.putObject("Parameters");
    String index = i == 1 ? "$.route.start" : "States.MathAdd($.route.start, " + (i - 1) + ")";
    params.put("FunctionName.$", "States.ArrayGetItem($.route.functions, " + index + ")");
    ObjectNode payload = params.putObject("Payload");
    payload.put("request.$", "$.request");
    payload.put("attempt", i);
    // The proxy reckons the deadline from the execution's start (SPEC §9 Deadline).
    payload.put("executionStartTime.$", "$$.Execution.StartTime");
    ObjectNode selector = task.putObject("ResultSelector");
    for (String field : ResultFields.PROXY_FIELDS) {
      selector.put(field + ".$", "$.Payload." + field);
    }
    // Which attempt produced $.last: the orchestrator reports it as x-ratelimit-attempts.
    selector.put(ResultFields.ATTEMPT, i);
    task.put("ResultPath", ResultFields.LAST);
    ObjectNode retry = task.putArray("Retry").addObject();
    ArrayNode errors = retry.putArray("ErrorEquals");
    LambdaServiceRetry.ERRORS.forEach(errors::add);
    retry.put("IntervalSeconds", LambdaServiceRetry.INTERVAL_SECONDS);
    retry.put("MaxAttempts", LambdaServiceRetry.MAX_ATTEMPTS);
    retry.put("BackoffRate", LambdaServiceRetry.BACKOFF_RATE);
    retry.put("JitterStrategy", "FULL");
    ArrayNode catchers = task.putArray("Catch");
    catchers.add(notInvokedCatcher(i));
    ObjectNode catcher = catchers.addObject();
    catcher.putArray("ErrorEquals").add("States.ALL");
    // The error lands where the result would have; the Crashed state replaces it with a result,
    // so no crash data lingers in the state's 256 KiB.
    catcher.put("ResultPath", ResultFields.LAST);
    catcher.put("Next", crashed(i));
    task.put("Next", check(i));
    return task;
  }

  /**
   * Lambda errors that prove the proxy never ran, once the Task's Retry gave up: caught before
   * {@code States.ALL}, so the Choice can retry them for every method (nothing reached the vendor).
   */
  private static ObjectNode notInvokedCatcher(int i) {
    ObjectNode catcher = CanonicalJson.object();
    ArrayNode errors = catcher.putArray("ErrorEquals");
    LambdaServiceRetry.NOT_INVOKED_ERRORS.forEach(errors::add);
    catcher.put("ResultPath", ResultFields.LAST);
    catcher.put("Next", notInvoked(i));
    return catcher;
  }

  private static ObjectNode notInvoked(WorkflowSpec spec, int i) {
    return failedInvocation(
        spec,
        i,
        ProxyError.PROXY_NOT_INVOKED,
        "Lambda did not run the proxy of attempt " + i + " (throttled or not ready).");
  }

  /** A crashed or timed-out proxy becomes a result like any other, so the Choice can retry it. */
  private static ObjectNode crashed(WorkflowSpec spec, int i) {
    return failedInvocation(
        spec, i, ProxyError.PROXY_FAILED, "The proxy of attempt " + i + " crashed or timed out.");
  }

  /** A proxy result (statusCode 0, {@code error}) standing for an invocation that gave none. */
  private static ObjectNode failedInvocation(
      WorkflowSpec spec, int i, String error, String comment) {
    ObjectNode pass = CanonicalJson.object();
    pass.put("Type", "Pass");
    pass.put("Comment", comment);
    ObjectNode params = pass.putObject("Parameters");
    params.put(ResultFields.STATUS_CODE, 0);
    params.putObject(ResultFields.HEADERS);
    params.put(ResultFields.BODY, "");
    params.put(ResultFields.IS_BASE64_ENCODED, false);
    params.put(ResultFields.WAIT_SECONDS, spec.backoff().capSeconds(i));
    params.put(ResultFields.ERROR, error);
    // A fixed cause: the invocation's own error and cause stay in the history (TaskFailed), not in
    // the state, where up to 32,768 characters of it would eat into the 256 KiB for every later
    // attempt.
    params.put(ResultFields.CAUSE, invocationCause(error, i));
    params.put(ResultFields.ATTEMPT, i);
    pass.put("ResultPath", ResultFields.LAST);
    pass.put("Next", check(i));
    return pass;
  }

  /** The cause a crashed attempt carries, in the proxy's cause shape (SPEC §9 Outcomes). */
  public static String crashCause(int i) {
    return invocationCause(ProxyError.PROXY_FAILED, i);
  }

  /**
   * The cause of an attempt whose invocation gave no result ({@code error}), in the proxy's cause
   * shape.
   */
  public static String invocationCause(String error, int i) {
    return "{\"status\":0,\"error\":\""
        + error
        + "\",\"contentType\":null,"
        + "\"isBase64Encoded\":false,\"body\":\"\",\"truncated\":false,\"attempt\":"
        + i
        + "}";
  }

  private static ObjectNode check(WorkflowSpec spec, int i) {
    ObjectNode choice = CanonicalJson.object();
    choice.put("Type", "Choice");
    ArrayNode choices = choice.putArray("Choices");
    choices.add(
        and(List.of(
                statuses(spec.successOn()), stringEquals(ResultFields.LAST_ERROR, ProxyError.NONE)))
            .put("Next", SUCCEEDED));
    if (i < spec.maxAttempts()) {
      // The proxy ends the execution when the next attempt would not fit the deadline, or the
      // vendor asks for a wait above maxRetryAfterSeconds: retrying would hit the same wall.
      choices.add(
          or(List.of(
                  stringEquals(ResultFields.LAST_ERROR, ProxyError.DEADLINE_EXCEEDED),
                  stringEquals(ResultFields.LAST_ERROR, ProxyError.RETRY_AFTER_TOO_LONG)))
              .put("Next", CLASSIFY_FAILURE));
      retryRules(spec).forEach(rule -> choices.add(rule.put("Next", waitState(i))));
    }
    choice.put("Default", CLASSIFY_FAILURE);
    return choice;
  }

  /**
   * Retryable results. POST and PATCH are not idempotent: unless {@code retryNonIdempotent}, they
   * are retried only when the vendor cannot have acted (429, the connection never opened, Lambda
   * never ran the proxy, or the proxy could not read the key and sent nothing).
   */
  private static List<ObjectNode> retryRules(WorkflowSpec spec) {
    ObjectNode secretUnavailable =
        stringEquals(ResultFields.LAST_ERROR, ProxyError.SECRET_UNAVAILABLE);
    List<ObjectNode> anyMethod = new ArrayList<>();
    anyMethod.add(statuses(spec.retryOn()));
    if (spec.retryOnNetworkErrors()) {
      anyMethod.add(
          networkError(
              List.of(ProxyError.CONNECT_FAILED, ProxyError.TIMEOUT, ProxyError.CONNECTION_RESET)));
    }
    anyMethod.add(stringEquals(ResultFields.LAST_ERROR, ProxyError.PROXY_FAILED));
    if (spec.retryNonIdempotent()) {
      anyMethod.add(secretUnavailable);
      anyMethod.add(stringEquals(ResultFields.LAST_ERROR, ProxyError.PROXY_NOT_INVOKED));
      return List.of(or(anyMethod));
    }
    List<ObjectNode> rules = new ArrayList<>();
    List<ObjectNode> safeForAll = new ArrayList<>();
    // Lambda refused to run the proxy: the request never left, whatever the method.
    safeForAll.add(stringEquals(ResultFields.LAST_ERROR, ProxyError.PROXY_NOT_INVOKED));
    if (spec.retryOn().contains(429)) {
      safeForAll.add(numericEquals(ResultFields.LAST_STATUS_CODE, 429));
    }
    if (spec.retryOnNetworkErrors()) {
      safeForAll.add(networkError(List.of(ProxyError.CONNECT_FAILED)));
    }
    safeForAll.add(secretUnavailable);
    rules.add(or(safeForAll));
    ObjectNode nonIdempotent =
        or(
            List.of(
                stringEquals("$.request.method", "POST"),
                stringEquals("$.request.method", "PATCH")));
    ObjectNode idempotent = CanonicalJson.object();
    idempotent.set("Not", nonIdempotent);
    rules.add(and(List.of(idempotent, or(anyMethod))));
    return rules;
  }

  private static ObjectNode networkError(List<String> codes) {
    List<ObjectNode> errors = new ArrayList<>();
    codes.forEach(code -> errors.add(stringEquals(ResultFields.LAST_ERROR, code)));
    return and(List.of(numericEquals(ResultFields.LAST_STATUS_CODE, 0), or(errors)));
  }

  private static ObjectNode statuses(StatusRanges ranges) {
    List<ObjectNode> rules = new ArrayList<>();
    for (StatusRanges.Range r : ranges.ranges()) {
      if (r.isSingle()) {
        rules.add(numericEquals(ResultFields.LAST_STATUS_CODE, r.from()));
      } else {
        ObjectNode low = CanonicalJson.object();
        low.put("Variable", ResultFields.LAST_STATUS_CODE);
        low.put("NumericGreaterThanEquals", r.from());
        ObjectNode high = CanonicalJson.object();
        high.put("Variable", ResultFields.LAST_STATUS_CODE);
        high.put("NumericLessThanEquals", r.to());
        rules.add(and(List.of(low, high)));
      }
    }
    return or(rules);
  }

  private static ObjectNode fail(String error, String comment) {
    ObjectNode fail = CanonicalJson.object();
    fail.put("Type", "Fail");
    fail.put("Comment", comment);
    fail.put("Error", error);
    fail.put("CausePath", ResultFields.LAST_CAUSE);
    return fail;
  }

  private static ObjectNode numericEquals(String variable, int value) {
    ObjectNode rule = CanonicalJson.object();
    rule.put("Variable", variable);
    rule.put("NumericEquals", value);
    return rule;
  }

  private static ObjectNode stringEquals(String variable, String value) {
    ObjectNode rule = CanonicalJson.object();
    rule.put("Variable", variable);
    rule.put("StringEquals", value);
    return rule;
  }

  private static ObjectNode and(List<ObjectNode> rules) {
    return combine("And", rules);
  }

  private static ObjectNode or(List<ObjectNode> rules) {
    return combine("Or", rules);
  }

  /** A single rule needs no combinator; ASL wants And/Or to hold at least one. */
  private static ObjectNode combine(String operator, List<ObjectNode> rules) {
    if (rules.size() == 1) {
      return rules.get(0).deepCopy();
    }
    ObjectNode node = CanonicalJson.object();
    ArrayNode list = node.putArray(operator);
    rules.forEach(r -> list.add(r.deepCopy()));
    return node;
  }
}
