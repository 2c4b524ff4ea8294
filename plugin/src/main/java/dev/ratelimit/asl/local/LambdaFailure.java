package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A failed Lambda invocation as Step Functions sees it: an error name (what {@code ErrorEquals}
 * matches) and a cause text.
 */
public final class LambdaFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Lambda's own error names that the generated Task retries. */
  public static final String SERVICE_EXCEPTION = "Lambda.ServiceException";

  public static final String TOO_MANY_REQUESTS = "Lambda.TooManyRequestsException";

  /** What Step Functions reports when a function runs past its timeout. */
  public static final String SANDBOX_TIMEDOUT = "Sandbox.Timedout";

  private final String error;
  private final String cause;

  public LambdaFailure(String error, String cause) {
    super(error + (cause == null || cause.isEmpty() ? "" : ": " + cause), null, false, false);
    if (error == null || error.isEmpty()) {
      throw new IllegalArgumentException("a Lambda failure needs an error name");
    }
    this.error = error;
    this.cause = cause == null ? "" : cause;
  }

  /**
   * A function that threw: the error is the exception's type and the cause the JSON the Lambda Java
   * runtime reports ({@code errorMessage}, {@code errorType}).
   */
  public static LambdaFailure unhandled(Throwable thrown) {
    ObjectNode cause = JSON.createObjectNode();
    cause.put("errorMessage", String.valueOf(thrown.getMessage()));
    cause.put("errorType", thrown.getClass().getName());
    return new LambdaFailure(thrown.getClass().getName(), cause.toString());
  }

  /** A function that ran past its timeout. */
  public static LambdaFailure timedOut(int timeoutSeconds) {
    ObjectNode cause = JSON.createObjectNode();
    cause.put("errorMessage", "Task timed out after " + timeoutSeconds + ".00 seconds");
    cause.put("errorType", SANDBOX_TIMEDOUT);
    return new LambdaFailure(SANDBOX_TIMEDOUT, cause.toString());
  }

  public String error() {
    return error;
  }

  public String cause() {
    return cause;
  }
}
