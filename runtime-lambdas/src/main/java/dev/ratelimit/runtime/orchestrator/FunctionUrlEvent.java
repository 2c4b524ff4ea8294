package dev.ratelimit.runtime.orchestrator;

import java.util.List;
import java.util.Map;

/**
 * The part of a Lambda Function URL request (payload format 2.0) the orchestrator reads. A plain
 * bean filled by the Lambda runtime's own serializer, which ignores the fields not declared here;
 * every field may arrive null.
 */
public class FunctionUrlEvent {
  private String version;
  private String rawPath;
  private String rawQueryString;
  private List<String> cookies;
  private Map<String, String> headers;
  private String body;
  private boolean isBase64Encoded;
  private RequestContext requestContext;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getRawPath() {
    return rawPath;
  }

  public void setRawPath(String rawPath) {
    this.rawPath = rawPath;
  }

  public String getRawQueryString() {
    return rawQueryString;
  }

  public void setRawQueryString(String rawQueryString) {
    this.rawQueryString = rawQueryString;
  }

  /**
   * The request's cookies ({@code name=value} each); Function URLs take them out of {@code
   * headers}.
   */
  public List<String> getCookies() {
    return cookies;
  }

  public void setCookies(List<String> cookies) {
    this.cookies = cookies;
  }

  /** Lower-case names; repeated headers arrive comma-joined. */
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

  // get/setIsBase64Encoded: bean naming would otherwise map the JSON property "base64Encoded".
  public boolean getIsBase64Encoded() {
    return isBase64Encoded;
  }

  public void setIsBase64Encoded(boolean isBase64Encoded) {
    this.isBase64Encoded = isBase64Encoded;
  }

  public RequestContext getRequestContext() {
    return requestContext;
  }

  public void setRequestContext(RequestContext requestContext) {
    this.requestContext = requestContext;
  }

  /** {@code requestContext}: the request id, the HTTP method and, with auth AWS_IAM, the caller. */
  public static class RequestContext {
    private String requestId;
    private Http http;
    private Authorizer authorizer;

    public String getRequestId() {
      return requestId;
    }

    public void setRequestId(String requestId) {
      this.requestId = requestId;
    }

    public Http getHttp() {
      return http;
    }

    public void setHttp(Http http) {
      this.http = http;
    }

    public Authorizer getAuthorizer() {
      return authorizer;
    }

    public void setAuthorizer(Authorizer authorizer) {
      this.authorizer = authorizer;
    }
  }

  /**
   * {@code requestContext.authorizer}: present only when Lambda verified a SigV4 signature
   * (AWS_IAM).
   */
  public static class Authorizer {
    private Iam iam;

    public Iam getIam() {
      return iam;
    }

    public void setIam(Iam iam) {
      this.iam = iam;
    }
  }

  /** {@code requestContext.authorizer.iam}: the verified principal. */
  public static class Iam {
    private String accountId;
    private String callerId;
    private String userArn;
    private String userId;

    public String getAccountId() {
      return accountId;
    }

    public void setAccountId(String accountId) {
      this.accountId = accountId;
    }

    public String getCallerId() {
      return callerId;
    }

    public void setCallerId(String callerId) {
      this.callerId = callerId;
    }

    public String getUserArn() {
      return userArn;
    }

    public void setUserArn(String userArn) {
      this.userArn = userArn;
    }

    public String getUserId() {
      return userId;
    }

    public void setUserId(String userId) {
      this.userId = userId;
    }
  }

  /** {@code requestContext.http}. */
  public static class Http {
    private String method;
    private String path;

    public String getMethod() {
      return method;
    }

    public void setMethod(String method) {
      this.method = method;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }
  }
}
