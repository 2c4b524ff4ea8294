package dev.ratelimit.runtime.contract;

import java.util.List;

/**
 * The fields of the proxy's result ({@code ProxyResult}'s JSON properties), which the workflow's
 * Task copies to {@link #LAST} and its Choice and Wait states read, plus {@link #ATTEMPT}, which
 * the Task adds. The paths are compile-time constants; only the plugin uses {@link #PROXY_FIELDS}.
 */
public final class ResultFields {
  private ResultFields() {}

  public static final String STATUS_CODE = "statusCode";
  public static final String HEADERS = "headers";
  public static final String BODY = "body";
  public static final String IS_BASE64_ENCODED = "isBase64Encoded";
  public static final String WAIT_SECONDS = "waitSeconds";
  public static final String ERROR = "error";
  public static final String CAUSE = "cause";

  /** Added by the Task's ResultSelector: which attempt produced the result. */
  public static final String ATTEMPT = "attempt";

  /** Where the workflow keeps the latest result. */
  public static final String LAST = "$.last";

  public static final String LAST_STATUS_CODE = LAST + "." + STATUS_CODE;
  public static final String LAST_WAIT_SECONDS = LAST + "." + WAIT_SECONDS;
  public static final String LAST_ERROR = LAST + "." + ERROR;
  public static final String LAST_CAUSE = LAST + "." + CAUSE;

  /** Every field the proxy returns (all always present), in the order the Task copies them. */
  public static final List<String> PROXY_FIELDS =
      List.of(STATUS_CODE, HEADERS, BODY, IS_BASE64_ENCODED, WAIT_SECONDS, ERROR, CAUSE);
}
