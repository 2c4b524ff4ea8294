package dev.ratelimit.maven;

import dev.ratelimit.deploy.AwsCallException;
import dev.ratelimit.deploy.AwsClients;
import dev.ratelimit.deploy.DeployException;
import dev.ratelimit.deploy.DeployRequest;
import dev.ratelimit.deploy.DeployResult;
import dev.ratelimit.deploy.StackDeployer;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.Tags;
import dev.ratelimit.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys the retry gateway with CloudFormation, like {@code sam deploy}: generates it (same
 * configuration, same files), uploads the Lambda jars to {@code artifactBucket} under
 * content-addressed keys, creates a change set and prints it, executes it, streams the stack's
 * events and prints the outputs (Function URL, state machine ARN). An unchanged stack is success.
 * Credentials and region come from the AWS SDK's default chains, or {@code profile} and {@code
 * region}.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.ratelimit</groupId>
 *   <artifactId>ratelimit-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <configuration>
 *     <workflowName>vendor-gateway</workflowName>
 *     <targetUrl>https://api.vendor.example/v1</targetUrl>
 *     <artifactBucket>my-build-artifacts-eu-west-1</artifactBucket>
 *     <region>eu-west-1</region>
 *     <stackTags>
 *       <team>payments</team>
 *     </stackTags>
 *   </configuration>
 *   <executions>
 *     <execution>
 *       <goals><goal>deploy</goal></goals>   <!-- runs in the deploy phase -->
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * Run with {@code mvn ratelimit:deploy} (the plugin-level configuration) or {@code mvn
 * ratelimit:deploy@<executionId>} (one execution's); {@code -Dratelimit.dryRun} shows the change
 * set without executing it. Bound to the {@code deploy} phase, {@code mvn deploy} also runs
 * maven-deploy-plugin, which needs {@code <distributionManagement>} or {@code
 * -Dmaven.deploy.skip=true}.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class DeployMojo extends AbstractStackMojo {

  /**
   * S3 bucket, in the stack's region, for the Lambda jars (and a template over 51,200 bytes).
   * Required.
   */
  @Parameter(property = "ratelimit.artifactBucket")
  protected String artifactBucket;

  /** Show the change set, then delete it without executing: nothing changes. */
  @Parameter(property = "ratelimit.dryRun", defaultValue = "false")
  protected boolean dryRun;

  /**
   * Tags on the stack (added to {@code tags}, which every resource gets too; these win on a clash).
   */
  @Parameter protected Map<String, String> stackTags;

  /**
   * Template parameters to set, added to (or replacing) ArtifactBucket, ProxyCodeKey and
   * OrchestratorCodeKey.
   */
  @Parameter protected Map<String, String> parameterOverrides;

  /** Fail the build when the stack is already up to date (no changes). */
  @Parameter(property = "ratelimit.failOnEmptyChangeSet", defaultValue = "false")
  protected boolean failOnEmptyChangeSet;

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    try {
      DeployRequest.requireArtifactBucket(artifactBucket);
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    WorkflowSpec spec = workflowSpec();
    Duration timeout = timeout();
    try {
      Tags.check("stackTags", stackTags);
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    List<GeneratedFile> files = writeGateway(spec);
    logEgress(spec);
    DeployRequest request = request(spec, files, timeout);
    getLog()
        .info(
            "Deploying "
                + spec.workflowName()
                + " as stack "
                + request.stackName()
                + (dryRun ? " (dryRun)" : "")
                + ".");
    // Ctrl-C stops Maven, not CloudFormation: say where the stack can be followed.
    Thread interrupted =
        new Thread(
            () ->
                System.err.println(
                    "[WARNING] ratelimit:deploy was stopped;"
                        + " CloudFormation goes on with stack "
                        + request.stackName()
                        + ". Check it with: aws"
                        + " cloudformation describe-stacks --stack-name "
                        + request.stackName()));
    Runtime.getRuntime().addShutdownHook(interrupted);
    try (AwsClients aws = clients()) {
      getLog()
          .info(
              "Region "
                  + aws.regionId()
                  + (endpointUrl == null || endpointUrl.isBlank()
                      ? ""
                      : ", endpoint " + endpointUrl)
                  + ".");
      DeployResult result =
          new StackDeployer(aws.cloudFormation(), aws.s3(), new LogDeployListener(getLog()))
              .deploy(request);
      getLog()
          .info(
              "Stack "
                  + result.stackName()
                  + ": "
                  + switch (result.outcome()) {
                    case CREATED -> "created.";
                    case UPDATED -> "updated.";
                    case NO_CHANGES -> "no changes.";
                    case DRY_RUN -> "dry run, nothing changed.";
                  });
    } catch (DeployException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (AwsCallException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting: the hook runs
      }
    }
  }

  /** The deploy this configuration describes (package-private for tests). */
  DeployRequest request(WorkflowSpec spec, List<GeneratedFile> files, Duration timeout) {
    Map<String, String> allTags = new TreeMap<>(spec.tags());
    if (stackTags != null) {
      allTags.putAll(stackTags);
    }
    return new DeployRequest(
        effectiveStackName(),
        spec.workflowName(),
        artifactBucket.trim(),
        DeployRequest.template(files),
        DeployRequest.pick(files, "-proxy.jar"),
        DeployRequest.pick(files, "-orchestrator.jar"),
        parameterOverrides == null ? null : new TreeMap<>(parameterOverrides),
        new TreeMap<>(allTags),
        dryRun,
        failOnEmptyChangeSet,
        timeout);
  }
}
