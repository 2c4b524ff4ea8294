package dev.ratelimit.runtime.proxy;

/** One proxy invocation's payload: the caller's request and the 1-based attempt number. */
public class ProxyRequest {
    private HttpRequestData request;
    private int attempt;

    public ProxyRequest() {
    }

    public ProxyRequest(HttpRequestData request, int attempt) {
        this.request = request;
        this.attempt = attempt;
    }

    public HttpRequestData getRequest() { return request; }
    public void setRequest(HttpRequestData request) { this.request = request; }

    public int getAttempt() { return attempt; }
    public void setAttempt(int attempt) { this.attempt = attempt; }
}
