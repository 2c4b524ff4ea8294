package dev.ratelimit.runtime.proxy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Lambda context that records log lines and reports a given remaining time (shared by the
 * handlers' tests).
 */
public final class TestContext implements Context {
  public final List<String> lines = new ArrayList<>();
  private final java.util.function.IntSupplier remainingMillis;
  private final String requestId;
  private final String functionName;

  TestContext(int remainingMillis) {
    this(remainingMillis, "test-request", "test-proxy");
  }

  public TestContext(int remainingMillis, String requestId, String functionName) {
    this(() -> remainingMillis, requestId, functionName);
  }

  /** A context whose remaining time is read live, as Lambda's is. */
  public TestContext(
      java.util.function.IntSupplier remainingMillis, String requestId, String functionName) {
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
    return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
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
