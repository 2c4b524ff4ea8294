package dev.ratelimit.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A Lambda context for calling a handler in a test: it keeps the log lines (in {@link #lines}) and
 * reports a given remaining time, live when it is a supplier, as Lambda's is.
 */
public final class TestLambdaContext implements Context {
  /** Every line the handler logged, in order. */
  public final List<String> lines = new ArrayList<>();

  private final IntSupplier remainingMillis;
  private final String requestId;
  private final String functionName;

  /** A proxy's context: request id {@code test-request}, function {@code test-proxy}. */
  public TestLambdaContext(int remainingMillis) {
    this(remainingMillis, "test-request", "test-proxy");
  }

  public TestLambdaContext(int remainingMillis, String requestId, String functionName) {
    this(() -> remainingMillis, requestId, functionName);
  }

  /** A context whose remaining time is read live. */
  public TestLambdaContext(IntSupplier remainingMillis, String requestId, String functionName) {
    this.remainingMillis = remainingMillis;
    this.requestId = requestId;
    this.functionName = functionName;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        lines.add(message);
      }

      @Override
      public void log(byte[] message) {
        lines.add(new String(message, StandardCharsets.UTF_8));
      }
    };
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis.getAsInt();
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/test";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:"
        + MotoServer.REGION
        + ":"
        + MotoServer.ACCOUNT
        + ":function:"
        + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }
}
