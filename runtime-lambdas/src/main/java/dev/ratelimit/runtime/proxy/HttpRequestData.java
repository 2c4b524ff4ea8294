package dev.ratelimit.runtime.proxy;

import java.util.Map;

/**
 * The caller's request as the workflow carries it ({@code $.request}). A plain bean because the
 * Lambda runtime's own serializer fills it; every field may arrive null and is checked by the
 * handler.
 */
public class HttpRequestData {
  private String method;
  private String path;
  private String query;
  private Map<String, String> headers;
  private String body;
  private boolean isBase64Encoded;

  public HttpRequestData() {}

  public HttpRequestData(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      String body,
      boolean isBase64Encoded) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.isBase64Encoded = isBase64Encoded;
  }

  public String getMethod() {
    return method;
  }

  public void setMethod(String method) {
    this.method = method;
  }

  /** Raw path, percent-encoded as received, starting with {@code /}. */
  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  /** Raw query string without {@code ?}; null or empty when there is none. */
  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

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

  // get/setIsBase64Encoded, not isBase64Encoded(): bean naming would otherwise call the JSON
  // property
  // "base64Encoded", and the workflow's field is "isBase64Encoded".
  public boolean getIsBase64Encoded() {
    return isBase64Encoded;
  }

  public void setIsBase64Encoded(boolean isBase64Encoded) {
    this.isBase64Encoded = isBase64Encoded;
  }
}
