package dev.ratelimit.model;

/**
 * Which proxy serves which attempt. The workflow draws a random start index and reads attempt
 * {@code i}'s function at {@code start + i − 1} of a constant table that repeats the proxy list.
 * Intrinsics have no modulo, so the table is long enough that no index wraps: with {@code
 * States.MathRandom(0, proxies)} the start is below {@code proxies} if the end is exclusive (AWS's
 * documented behaviour) and at most {@code proxies} if inclusive (moto's interpreter); both fit in
 * {@code proxies + maxAttempts} entries, and index {@code proxies} is proxy 1 again.
 */
public final class RouteTable {
  private RouteTable() {}

  public static int length(int proxies, int maxAttempts) {
    return proxies + maxAttempts;
  }

  /** 1-based proxy number at table {@code index}. */
  public static int proxyAt(int index, int proxies) {
    return index % proxies + 1;
  }

  /**
   * Bytes the table adds to the state once CloudFormation has put real ARNs in (quotes, commas);
   * counted with version qualifiers (SnapStart), whether or not the gateway publishes versions.
   */
  public static int estimatedStateBytes(int proxies, int maxAttempts) {
    return length(proxies, maxAttempts) * (AwsLimits.LAMBDA_VERSION_ARN_MAX_CHARS + 3) + 64;
  }
}
