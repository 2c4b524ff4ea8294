import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda context a cold-init driver passes to a handler, as the runtime would: a request id, a remaining
 * time, and a logger (to stderr here; the Lambda runtime's goes to CloudWatch Logs). Only aws-lambda-java-core,
 * which every deployment jar carries.
 */
final class BenchContext implements Context {
    private final String function;
    private final int remainingMillis;

    BenchContext(String function, int remainingMillis) {
        this.function = function;
        this.remainingMillis = remainingMillis;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override public int getRemainingTimeInMillis() { return remainingMillis; }
    @Override public String getAwsRequestId() { return "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + function; }
    @Override public String getLogStreamName() { return "bench"; }
    @Override public String getFunctionName() { return function; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + function; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return 512; }
}
