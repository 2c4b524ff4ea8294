package dev.ratelimit.runtime.proxy;

/**
 * One proxy invocation's payload: the caller's request, the 1-based attempt number and the
 * execution's start ({@code $$.Execution.StartTime}, ISO 8601), from which the proxy reckons the
 * deadline.
 */
public class ProxyRequest {
  private HttpRequestData request;
  private int attempt;
  private String executionStartTime;

  public ProxyRequest() {}

  public ProxyRequest(HttpRequestData request, int attempt) {
    this.request = request;
    this.attempt = attempt;
  }

  public HttpRequestData getRequest() {
    return request;
  }

  public void setRequest(HttpRequestData request) {
    this.request = request;
  }

  public int getAttempt() {
    return attempt;
  }

  public void setAttempt(int attempt) {
    this.attempt = attempt;
  }

  /** Null when the workflow does not pass it: the deadline then counts from this invocation. */
  public String getExecutionStartTime() {
    return executionStartTime;
  }

  public void setExecutionStartTime(String executionStartTime) {
    this.executionStartTime = executionStartTime;
  }
}
