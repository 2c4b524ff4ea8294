package dev.ratelimit.deploy;

import java.util.Map;

/**
 * What a deploy reports while it runs. The Maven goal adapts it to the build log; tests record it.
 * Every method has an empty default.
 */
public interface DeployListener {

  /** A progress line (stack state, change set created, waiting…). */
  default void info(String line) {}

  /** Something the user should look at, that does not stop the deploy. */
  default void warn(String line) {}

  /** A file was uploaded to {@code s3://bucket/key}. */
  default void uploaded(String bucket, String key, long bytes) {}

  /** The object was already there (same content, same key), so nothing was sent. */
  default void uploadSkipped(String bucket, String key) {}

  /** The changes CloudFormation will make (or would make, on a dry run). */
  default void changeSet(ChangeSetPlan plan) {}

  /** One new stack event, in the order CloudFormation recorded them. */
  default void event(StackEvents.Event event) {}

  /** The stack's outputs once it is up to date (empty when it has none). */
  default void outputs(Map<String, String> outputs) {}
}
