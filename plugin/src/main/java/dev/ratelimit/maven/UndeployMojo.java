package dev.ratelimit.maven;

import dev.ratelimit.deploy.AwsCallException;
import dev.ratelimit.deploy.AwsClients;
import dev.ratelimit.deploy.DeployException;
import dev.ratelimit.deploy.StackDeployer;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deletes the gateway's CloudFormation stack, streaming its events until it is gone. A stack that
 * does not exist is no error. The jars in the artifact bucket stay (delete {@code
 * s3://<artifactBucket>/ratelimit/<workflowName>/} yourself when no stack uses them).
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.ratelimit</groupId>
 *   <artifactId>ratelimit-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <configuration>
 *     <workflowName>vendor-gateway</workflowName>
 *     <targetUrl>https://api.vendor.example/v1</targetUrl>
 *     <region>eu-west-1</region>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * Run with {@code mvn ratelimit:undeploy} (add {@code -Dratelimit.stackName=...} for a stack not
 * named after the workflow).
 */
@Mojo(name = "undeploy", threadSafe = true)
public class UndeployMojo extends AbstractStackMojo {

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    String stack = effectiveStackName();
    Duration timeout = timeout();
    try (AwsClients aws = clients()) {
      new StackDeployer(aws.cloudFormation(), aws.s3(), new LogDeployListener(getLog()))
          .undeploy(stack, timeout);
    } catch (DeployException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (AwsCallException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }
}
