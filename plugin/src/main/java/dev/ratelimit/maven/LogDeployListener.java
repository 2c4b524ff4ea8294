package dev.ratelimit.maven;

import dev.ratelimit.deploy.ChangeSetPlan;
import dev.ratelimit.deploy.DeployListener;
import dev.ratelimit.deploy.StackEvents;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;

/** Writes what a deploy reports to the build log. */
final class LogDeployListener implements DeployListener {
  private final Log log;

  LogDeployListener(Log log) {
    this.log = log;
  }

  @Override
  public void info(String line) {
    log.info(line);
  }

  @Override
  public void warn(String line) {
    log.warn(line);
  }

  @Override
  public void uploaded(String bucket, String key, long bytes) {
    log.info("Uploaded  s3://" + bucket + "/" + key + " (" + bytes + " bytes)");
  }

  @Override
  public void uploadSkipped(String bucket, String key) {
    log.info("Unchanged s3://" + bucket + "/" + key + " (already uploaded)");
  }

  @Override
  public void changeSet(ChangeSetPlan plan) {
    log.info(
        "Changes to stack " + plan.stackName() + " (change set " + plan.changeSetName() + "):");
    plan.table().forEach(line -> log.info("  " + line));
  }

  @Override
  public void event(StackEvents.Event event) {
    if (event.failed()) {
      log.warn(event.line());
    } else {
      log.info(event.line());
    }
  }

  @Override
  public void outputs(Map<String, String> outputs) {
    if (outputs.isEmpty()) {
      log.info("The stack reports no outputs.");
      return;
    }
    log.info("Outputs:");
    outputs.forEach((k, v) -> log.info("  " + k + " = " + v));
  }
}
