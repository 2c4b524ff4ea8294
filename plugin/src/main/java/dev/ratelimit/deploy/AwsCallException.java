package dev.ratelimit.deploy;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS call failed for a reason the deploy cannot name as the user's mistake (a network failure,
 * a service error, an unexpected answer). Carries the SDK's exception as its cause, so that only
 * this package knows the SDK's types.
 */
public class AwsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AwsCallException(String whileDoing, SdkException cause) {
    super("AWS call failed while " + whileDoing + ": " + cause.getMessage(), cause);
  }
}
