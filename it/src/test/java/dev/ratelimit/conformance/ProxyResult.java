package dev.ratelimit.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A proxy Lambda's result (SPEC §6, §9) as the workflow reads it: every field always present.
 * {@code ProxyResult.status(429).waitSeconds(3).json()}.
 */
public final class ProxyResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  private int statusCode;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String body = "";
  private boolean base64;
  private int waitSeconds;
  private String error = "";
  private String cause = "";

  private ProxyResult(int statusCode) {
    this.statusCode = statusCode;
  }

  /** An HTTP answer with this status, a small JSON body, and (if not a success) a cause. */
  public static ProxyResult status(int statusCode) {
    ProxyResult result =
        new ProxyResult(statusCode)
            .header("content-type", "application/json")
            .body("{\"status\":" + statusCode + "}");
    if (statusCode < 200 || statusCode > 299) {
      result.cause(causeOf(statusCode, "application/json", result.body));
    }
    return result;
  }

  /** No HTTP answer ({@code statusCode} 0), with a network error code such as {@code Timeout}. */
  public static ProxyResult noAnswer(String error) {
    return new ProxyResult(0)
        .error(error)
        .cause("{\"status\":0,\"error\":\"" + error + "\",\"truncated\":false}");
  }

  /** The cause the proxy writes for a failed attempt: a JSON string (SPEC §9 Outcomes). */
  public static String causeOf(int status, String contentType, String body) {
    ObjectNode cause = JSON.createObjectNode();
    cause.put("status", status);
    cause.put("contentType", contentType);
    cause.put("body", body);
    cause.put("truncated", false);
    return cause.toString();
  }

  public ProxyResult statusCode(int v) {
    statusCode = v;
    return this;
  }

  public ProxyResult header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public ProxyResult body(String v) {
    body = v;
    return this;
  }

  public ProxyResult base64(boolean v) {
    base64 = v;
    return this;
  }

  public ProxyResult waitSeconds(int v) {
    waitSeconds = v;
    return this;
  }

  public ProxyResult error(String v) {
    error = v;
    return this;
  }

  public ProxyResult cause(String v) {
    cause = v;
    return this;
  }

  public String cause() {
    return cause;
  }

  public ObjectNode node() {
    ObjectNode node = JSON.createObjectNode();
    node.put("statusCode", statusCode);
    ObjectNode h = node.putObject("headers");
    headers.forEach(h::put);
    node.put("body", body);
    node.put("isBase64Encoded", base64);
    node.put("waitSeconds", waitSeconds);
    node.put("error", error);
    node.put("cause", cause);
    return node;
  }

  /** What the workflow keeps in $.last: the result, plus the attempt that produced it. */
  public ObjectNode asLastOf(int attempt) {
    return node().put("attempt", attempt);
  }

  public String json() {
    return node().toString();
  }

  @Override
  public String toString() {
    return json();
  }
}
