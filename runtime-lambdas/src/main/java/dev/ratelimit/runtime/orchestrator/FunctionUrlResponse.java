package dev.ratelimit.runtime.orchestrator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A Function URL response (payload format 2.0), serialized by the Lambda runtime. */
public class FunctionUrlResponse {
  private int statusCode;
  private Map<String, String> headers = new TreeMap<>();
  private String body = "";
  private boolean isBase64Encoded;
  private List<String> cookies; // null: none (the runtime's serializer leaves null fields out)

  public FunctionUrlResponse() {}

  public FunctionUrlResponse(
      int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {
    this.statusCode = statusCode;
    this.headers = headers == null ? new TreeMap<>() : headers;
    this.body = body == null ? "" : body;
    this.isBase64Encoded = isBase64Encoded;
  }

  public int getStatusCode() {
    return statusCode;
  }

  public void setStatusCode(int statusCode) {
    this.statusCode = statusCode;
  }

  /** Lower-case names. */
  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }

  public boolean getIsBase64Encoded() {
    return isBase64Encoded;
  }

  public void setIsBase64Encoded(boolean isBase64Encoded) {
    this.isBase64Encoded = isBase64Encoded;
  }

  /** {@code Set-Cookie} values, one per cookie: payload format 2.0 sends each as its own header. */
  public List<String> getCookies() {
    return cookies;
  }

  public void setCookies(List<String> cookies) {
    this.cookies = cookies;
  }

  /** A response with a JSON body. */
  static FunctionUrlResponse json(int status, String json) {
    Map<String, String> h = new TreeMap<>();
    h.put("content-type", "application/json");
    return new FunctionUrlResponse(status, h, json, false);
  }
}
