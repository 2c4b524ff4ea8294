package dev.ratelimit.asl.local;

/**
 * What a Task state's {@code arn:aws:states:::lambda:invoke} calls: a function, by the name (or
 * ARN) the definition gives, with the payload JSON the Task's {@code Parameters} made.
 */
@FunctionalInterface
public interface LambdaInvoker {
  /**
   * @param functionName the {@code FunctionName} parameter, e.g. {@code vendor-gateway-proxy-2}
   * @param payloadJson the {@code Payload} parameter as JSON text
   * @return the function's result as JSON text (the integration's {@code Payload})
   * @throws LambdaFailure the invocation failed: a crashed or timed-out function, or a Lambda
   *     service error such as {@code Lambda.ServiceException}; the Task's Retry and Catch see it
   */
  String invoke(String functionName, String payloadJson) throws LambdaFailure;
}
