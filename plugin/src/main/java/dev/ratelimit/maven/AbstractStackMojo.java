package dev.ratelimit.maven;

import dev.ratelimit.deploy.AwsClients;
import dev.ratelimit.deploy.DeployException;
import dev.ratelimit.model.InvalidConfigurationException;
import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals that talk to AWS share: which stack, where, as whom, and how long to wait. */
public abstract class AbstractStackMojo extends AbstractRatelimitMojo {

  /** Name of the CloudFormation stack. Default: {@code workflowName}. */
  @Parameter(property = "ratelimit.stackName")
  protected String stackName;

  /**
   * AWS region, e.g. {@code eu-west-1}. Default: the SDK's region chain (AWS_REGION, profile, …).
   */
  @Parameter(property = "ratelimit.region")
  protected String region;

  /**
   * Named profile of {@code ~/.aws/config} and {@code ~/.aws/credentials}. Default: the SDK's
   * default chain.
   */
  @Parameter(property = "ratelimit.profile")
  protected String profile;

  /**
   * Base URL of a local AWS emulator (e.g. {@code http://127.0.0.1:5000} for moto_server) used for
   * CloudFormation and S3 instead of AWS; S3 then uses path-style addressing.
   */
  @Parameter(property = "ratelimit.endpointUrl")
  protected String endpointUrl;

  /**
   * How long to wait for CloudFormation, in minutes. On timeout the build fails but the stack
   * operation goes on; the message says how to check it.
   */
  @Parameter(property = "ratelimit.timeoutMinutes", defaultValue = "30")
  protected int timeoutMinutes;

  /** The stack name actually used. */
  protected final String effectiveStackName() {
    return stackName == null || stackName.isBlank() ? workflowName : stackName.trim();
  }

  protected final AwsClients.Settings awsSettings() {
    return new AwsClients.Settings(region, profile, endpointUrl);
  }

  protected final Duration timeout() throws MojoFailureException {
    if (timeoutMinutes < 1) {
      InvalidConfigurationException problem =
          new InvalidConfigurationException(
              "timeoutMinutes", timeoutMinutes, "must be at least 1", "30");
      throw new MojoFailureException(problem.getMessage(), problem);
    }
    return Duration.ofMinutes(timeoutMinutes);
  }

  /**
   * Builds the clients; missing credentials or region become one build failure that says how to fix
   * it.
   */
  protected final AwsClients clients() throws MojoFailureException {
    try {
      return AwsClients.create(awsSettings());
    } catch (DeployException | InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}
