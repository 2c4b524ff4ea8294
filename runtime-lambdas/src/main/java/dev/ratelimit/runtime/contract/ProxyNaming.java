package dev.ratelimit.runtime.contract;

/**
 * How the template names proxy N, and how the local run finds N again: the function {@code
 * <workflowName>-proxy-N} (also the proxy metrics' {@code Proxy} dimension, from Lambda's {@code
 * AWS_LAMBDA_FUNCTION_NAME}), the logical id {@code ProxyN}, and a published version's logical id
 * {@code ProxyNVersion<hash>}.
 */
public final class ProxyNaming {
  private ProxyNaming() {}

  /** The logical id of proxy N is this followed by N. */
  public static final String LOGICAL_ID_PREFIX = "Proxy";

  /** A published version's logical id: the function's, this, then a hash in upper-case hex. */
  public static final String VERSION_INFIX = "Version";

  private static final String FUNCTION_INFIX = "-proxy-";
  private static final String ARN_FUNCTION = ":function:";

  /** {@code ProxyN}: proxy N's logical id in the template. */
  public static String logicalId(int proxy) {
    return LOGICAL_ID_PREFIX + proxy;
  }

  /** {@code <workflowName>-proxy-N}: proxy N's function name. */
  public static String functionName(String workflowName, int proxy) {
    return workflowName + FUNCTION_INFIX + proxy;
  }

  /** The function name in a {@code FunctionName}: a name as it is, or an ARN's name part. */
  public static String functionNameOf(String nameOrArn) {
    int at = nameOrArn.lastIndexOf(ARN_FUNCTION);
    return at < 0 ? nameOrArn : nameOrArn.substring(at + ARN_FUNCTION.length());
  }

  /** N of a {@link #functionName}, or -1 when {@code functionName} names no proxy. */
  public static int proxyNumber(String functionName) {
    int at = functionName.lastIndexOf(FUNCTION_INFIX);
    String digits = at < 0 ? "" : functionName.substring(at + FUNCTION_INFIX.length());
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(digits);
  }
}
