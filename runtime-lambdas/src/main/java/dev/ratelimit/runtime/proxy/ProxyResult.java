package dev.ratelimit.runtime.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxy's answer, read field by field by the workflow's ResultSelector. The Lambda serializer
 * drops null properties and a missing field fails the state, so no field is ever null: setters turn
 * null into the empty value.
 */
public class ProxyResult {
  private int statusCode;
  private Map<String, String> headers = new LinkedHashMap<>();
  private String body = "";
  private boolean isBase64Encoded;
  private int waitSeconds;
  private String error = "";
  private String cause = "";

  public ProxyResult() {}

  ProxyResult(
      int statusCode,
      Map<String, String> headers,
      String body,
      boolean isBase64Encoded,
      int waitSeconds,
      String error,
      String cause) {
    this.statusCode = statusCode;
    setHeaders(headers);
    setBody(body);
    this.isBase64Encoded = isBase64Encoded;
    this.waitSeconds = waitSeconds;
    setError(error);
    setCause(cause);
  }

  /** Upstream HTTP status; 0 when no HTTP answer was obtained. */
  public int getStatusCode() {
    return statusCode;
  }

  public void setStatusCode(int statusCode) {
    this.statusCode = statusCode;
  }

  /** Upstream response headers, lower-case names, repeated values joined with ", ". */
  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers == null ? new LinkedHashMap<>() : headers;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body == null ? "" : body;
  }

  // See HttpRequestData: keeps the JSON property name "isBase64Encoded".
  public boolean getIsBase64Encoded() {
    return isBase64Encoded;
  }

  public void setIsBase64Encoded(boolean isBase64Encoded) {
    this.isBase64Encoded = isBase64Encoded;
  }

  /** Seconds the workflow waits before the next attempt. */
  public int getWaitSeconds() {
    return waitSeconds;
  }

  public void setWaitSeconds(int waitSeconds) {
    this.waitSeconds = waitSeconds;
  }

  /** "" or one of the contract's {@code ProxyError} codes. */
  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error == null ? "" : error;
  }

  /** "" on success, else the compact JSON a Fail state carries as its cause. */
  public String getCause() {
    return cause;
  }

  public void setCause(String cause) {
    this.cause = cause == null ? "" : cause;
  }

  @Override
  public String toString() {
    return "ProxyResult{statusCode="
        + statusCode
        + ", error="
        + error
        + ", waitSeconds="
        + waitSeconds
        + ", isBase64Encoded="
        + isBase64Encoded
        + ", bodyLength="
        + body.length()
        + "}";
  }
}
