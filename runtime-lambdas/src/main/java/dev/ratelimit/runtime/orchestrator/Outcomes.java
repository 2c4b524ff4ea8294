package dev.ratelimit.runtime.orchestrator;

import dev.ratelimit.runtime.contract.HeaderRules;
import dev.ratelimit.runtime.contract.ResultFields;
import dev.ratelimit.runtime.contract.WorkflowErrors;
import dev.ratelimit.runtime.proxy.HttpRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Maps a finished execution (status, error, cause, output, as StartSyncExecution and
 * DescribeExecution report them) to the caller's HTTP response, following the workflow's contract
 * (docs/architecture.md):
 *
 * <ul>
 *   <li>SUCCEEDED: the output is the proxy's result ({@code $.last}) → its status, headers, body,
 *       base64 flag;
 *   <li>FAILED {@code Upstream.<status>} → that status, body and content type from the cause JSON,
 *       with the vendor's headers the cause carries ({@link HttpRules#headersForCaller}) and {@code
 *       Retry-After} counted down to what remains of it;
 *   <li>FAILED {@code Deadline.Exceeded} (no answer before the deadline) → 504;
 *   <li>FAILED {@code Upstream.Unreachable}, {@code Upstream.ResponseTooLarge}, {@code
 *       Proxy.Failed} → 502;
 *   <li>FAILED {@code Proxy.SecretUnavailable} → 503 with {@code Retry-After} (nothing reached the
 *       vendor);
 *   <li>FAILED {@code Proxy.NotInvoked} (Lambda throttled every proxy) → 503 with {@code
 *       Retry-After};
 *   <li>TIMED_OUT or FAILED {@code States.Timeout} → 504;
 *   <li>anything else → 500 with the Lambda request id.
 * </ul>
 */
final class Outcomes {
  static final String ATTEMPTS_HEADER = "x-ratelimit-attempts";
  static final String EXECUTION_HEADER = "x-ratelimit-execution";
  static final String TRUNCATED_HEADER = "x-ratelimit-truncated";

  /**
   * Seconds a caller is told to wait after {@link WorkflowErrors#PROXY_SECRET_UNAVAILABLE}: Secrets
   * Manager throttling and network blips pass within seconds, and every proxy has already tried
   * once.
   */
  static final int SECRET_RETRY_AFTER_SECONDS = 5;

  /**
   * The proxy's result carries vendor cookies (only with forwardCookies) under this name, one per
   * line.
   */
  static final String SET_COOKIE = "set-cookie";

  /**
   * What a throttled gateway asks its caller to wait: Lambda's throttling clears within seconds.
   */
  static final int NOT_INVOKED_RETRY_AFTER_SECONDS = 1;

  private static final Pattern UPSTREAM_STATUS =
      Pattern.compile(Pattern.quote(WorkflowErrors.UPSTREAM_PREFIX) + "([1-5][0-9][0-9])");
  private static final Pattern REDACTED_VALUE = Pattern.compile("[a-z]+(, [a-z]+)*");
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");

  private Outcomes() {}

  /** The response and a short outcome word for the log. */
  record Mapped(FunctionUrlResponse response, String outcome) {}

  /**
   * @param nowMillis the time of answering (epoch milliseconds): a vendor's {@code Retry-After}
   *     counts down from when the proxy received it
   */
  static Mapped map(
      String status, String error, String cause, String output, String requestId, long nowMillis) {
    String s = status == null ? "" : status;
    switch (s) {
      case "SUCCEEDED":
        return succeeded(output, requestId);
      case "FAILED":
        return failed(error == null ? "" : error, cause, requestId, nowMillis);
      case "TIMED_OUT":
        return new Mapped(
            error(504, "WorkflowTimedOut", "the workflow did not finish in time", requestId),
            "timeout");
      default:
        return new Mapped(
            error(
                500,
                "WorkflowEnded",
                "the workflow ended with status " + (s.matches("[A-Z_]{1,32}") ? s : "?"),
                requestId),
            "internal");
    }
  }

  private static Mapped succeeded(String output, String requestId) {
    JsonNode r = SdkJson.parseObject(output).orElse(null);
    Long code = r == null ? null : SdkJson.whole(r, ResultFields.STATUS_CODE);
    boolean bodyOk =
        r != null && r.field(ResultFields.BODY).map(b -> b.isString() || b.isNull()).orElse(true);
    if (code == null || code < 100 || code > 599 || !bodyOk) {
      return new Mapped(
          error(
              500,
              "InvalidWorkflowOutput",
              "the workflow's output is not a proxy result",
              requestId),
          "internal");
    }
    Map<String, String> headers = new TreeMap<>();
    Map<String, JsonNode> upstream =
        r.field(ResultFields.HEADERS)
            .filter(JsonNode::isObject)
            .map(JsonNode::asObject)
            .orElse(Map.of());
    List<String> cookies = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : upstream.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (e.getValue().isString() && name.equals(SET_COOKIE)) {
        // One cookie per line (the proxy's form): payload format 2.0 wants them as a list.
        e.getValue().asString().lines().filter(c -> !c.isBlank()).forEach(cookies::add);
      } else if (e.getValue().isString() && passesBack(name)) {
        headers.put(name, e.getValue().asString());
      }
    }
    String body = SdkJson.string(r, ResultFields.BODY);
    boolean base64 = Boolean.TRUE.equals(SdkJson.bool(r, ResultFields.IS_BASE64_ENCODED));
    FunctionUrlResponse resp =
        new FunctionUrlResponse(code.intValue(), headers, body == null ? "" : body, base64);
    resp.setCookies(cookies.isEmpty() ? null : cookies);
    attempts(resp, r); // $.last.attempt, added by the workflow's ResultSelector
    return new Mapped(resp, "succeeded");
  }

  private static Mapped failed(String error, String cause, String requestId, long nowMillis) {
    JsonNode c = SdkJson.parseObject(cause).orElse(null);
    Matcher m = UPSTREAM_STATUS.matcher(error);
    if (m.matches()) {
      int status = Integer.parseInt(m.group(1));
      FunctionUrlResponse resp;
      if (c == null) {
        resp = error(status, "UpstreamError", "the vendor API answered " + status, requestId);
      } else {
        String contentType = SdkJson.string(c, "contentType");
        String body = Objects.requireNonNullElse(SdkJson.string(c, "body"), "");
        // The proxy's cause says whether its body is base64; a cause without the flag (an older
        // proxy) carried text for text content types and base64 for anything else.
        Boolean flag = SdkJson.bool(c, "isBase64Encoded");
        boolean base64 =
            flag != null ? flag : !body.isEmpty() && !HttpRules.isText(contentType, null);
        if (base64) {
          body = body.substring(0, body.length() - body.length() % 4); // a cut may split a quad
        }
        Map<String, String> headers = vendorHeaders(c, nowMillis);
        if (contentType != null && !contentType.isBlank()) {
          headers.put("content-type", contentType);
        }
        if (Boolean.TRUE.equals(SdkJson.bool(c, "truncated"))) {
          headers.put(TRUNCATED_HEADER, "true");
        }
        redacted(headers, c);
        resp = new FunctionUrlResponse(status, headers, body, base64);
      }
      attempts(resp, c);
      return new Mapped(resp, "upstream-error");
    }
    switch (error) {
      case WorkflowErrors.UPSTREAM_UNREACHABLE:
      case WorkflowErrors.UPSTREAM_RESPONSE_TOO_LARGE:
      case WorkflowErrors.PROXY_FAILED:
        {
          String message =
              error.equals(WorkflowErrors.UPSTREAM_UNREACHABLE)
                  ? "the vendor API could not be reached"
                  : error.equals(WorkflowErrors.PROXY_FAILED)
                      ? "the proxy failed"
                      : "the vendor API's answer was too large to carry";
          Map<String, Object> body = errorFields(error, message, requestId);
          // The proxy's own short code (ConnectFailed, Timeout, ...); never a cause's free text.
          String detail = c == null ? null : SdkJson.string(c, "error");
          if (!error.equals(WorkflowErrors.PROXY_FAILED)
              && detail != null
              && ERROR_CODE.matcher(detail).matches()) {
            body.put("detail", detail);
          }
          FunctionUrlResponse resp = FunctionUrlResponse.json(502, SdkJson.write(body));
          attempts(resp, c);
          return new Mapped(resp, "bad-gateway");
        }
      case WorkflowErrors.DEADLINE_EXCEEDED:
        return new Mapped(
            error(
                504,
                "DeadlineExceeded",
                "the deadline passed before the vendor API" + " answered",
                requestId),
            "deadline");
      case WorkflowErrors
          .PROXY_SECRET_UNAVAILABLE: // nothing reached the vendor: the caller may send it again,
        // even a
        // POST
        return retryLater(
            "SecretUnavailable",
            "the gateway could not read the vendor API's key; the request" + " was not sent",
            SECRET_RETRY_AFTER_SECONDS,
            c,
            requestId,
            "secret-unavailable");
      case WorkflowErrors.PROXY_NOT_INVOKED:
        return notInvoked(c, requestId);
      case "States.Timeout":
        return new Mapped(
            error(504, "WorkflowTimedOut", "the workflow did not finish in time", requestId),
            "timeout");
      default:
        return new Mapped(
            error(
                500,
                "WorkflowFailed",
                "the workflow failed with "
                    + (ERROR_CODE.matcher(error).matches() ? error : "an unexpected error"),
                requestId),
            "internal");
    }
  }

  /**
   * Lambda refused to run the proxies (throttling, not ready): nothing reached the vendor, so the
   * caller may simply try again, whatever its method.
   */
  static Mapped notInvoked(JsonNode cause, String requestId) {
    return retryLater(
        WorkflowErrors.PROXY_NOT_INVOKED,
        "the gateway's proxies are throttled by Lambda; nothing was sent to" + " the vendor",
        NOT_INVOKED_RETRY_AFTER_SECONDS,
        cause,
        requestId,
        "throttled");
  }

  /**
   * 503 with {@code Retry-After}: the gateway could not send the request, so it may simply come
   * again.
   */
  private static Mapped retryLater(
      String code, String message, int seconds, JsonNode cause, String requestId, String outcome) {
    FunctionUrlResponse resp = error(503, code, message, requestId);
    resp.getHeaders().put("retry-after", String.valueOf(seconds));
    attempts(resp, cause);
    return new Mapped(resp, outcome);
  }

  /**
   * Upstream headers the caller gets back: not hop-by-hop, not the length (Lambda sets it), not
   * ours, except the proxy's {@code x-ratelimit-redacted} (the proxy drops an upstream header of
   * that name).
   */
  private static boolean passesBack(String name) {
    return !HeaderRules.HOP_BY_HOP.contains(name)
        && !name.equals("content-length")
        && (!name.startsWith("x-ratelimit-") || name.equals(HttpRules.REDACTED_HEADER))
        && !name.isEmpty()
        && !name.startsWith(":");
  }

  /**
   * The proxy's cause says what it cut the vendor key out of: tell the caller the body was altered.
   */
  private static void redacted(Map<String, String> headers, JsonNode cause) {
    String what = SdkJson.string(cause, "redacted");
    if (what != null && REDACTED_VALUE.matcher(what).matches()) {
      headers.put(HttpRules.REDACTED_HEADER, what);
    }
  }

  /**
   * The headers this gateway sets itself; a vendor's header of the same name never replaces them.
   */
  static final Set<String> OWN_HEADERS =
      Set.of(ATTEMPTS_HEADER, EXECUTION_HEADER, TRUNCATED_HEADER);

  /**
   * The vendor's headers from a failure's cause, allowlisted again, with {@code retry-after}
   * replaced by what remains of the wait the vendor named ({@code retryAfter} seconds from {@code
   * receivedAt}).
   */
  private static Map<String, String> vendorHeaders(JsonNode cause, long nowMillis) {
    Map<String, String> raw = new TreeMap<>();
    cause
        .field("headers")
        .filter(JsonNode::isObject)
        .map(JsonNode::asObject)
        .orElse(Map.of())
        .forEach(
            (name, value) -> {
              if (value.isString()) {
                raw.put(name.toLowerCase(Locale.ROOT), value.asString());
              }
            });
    Map<String, String> headers = new TreeMap<>(HttpRules.headersForCaller(raw, null));
    OWN_HEADERS.forEach(headers::remove);
    Long retryAfter = SdkJson.whole(cause, "retryAfter");
    Long receivedAt = SdkJson.whole(cause, "receivedAt");
    if (retryAfter != null && receivedAt != null && retryAfter >= 0) {
      long elapsedMillis = Math.max(0, nowMillis - receivedAt);
      long remaining = Math.max(0, retryAfter - elapsedMillis / 1000);
      headers.put("retry-after", String.valueOf(remaining));
    }
    return headers;
  }

  /**
   * Sets {@code x-ratelimit-attempts} when {@code result} (the output {@code $.last} on success,
   * the proxy's cause on failure; may be null) reports the attempt that ended the workflow.
   */
  private static void attempts(FunctionUrlResponse resp, JsonNode result) {
    Long attempt = result == null ? null : SdkJson.whole(result, ResultFields.ATTEMPT);
    if (attempt != null && attempt >= 1 && attempt <= 1000) {
      resp.getHeaders().put(ATTEMPTS_HEADER, String.valueOf(attempt));
    }
  }

  static Map<String, Object> errorFields(String code, String message, String requestId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", code);
    m.put("message", message);
    m.put("requestId", requestId == null ? "" : requestId);
    return m;
  }

  /** A JSON error response {@code {"error","message","requestId"}}. */
  static FunctionUrlResponse error(int status, String code, String message, String requestId) {
    return FunctionUrlResponse.json(status, SdkJson.write(errorFields(code, message, requestId)));
  }
}
