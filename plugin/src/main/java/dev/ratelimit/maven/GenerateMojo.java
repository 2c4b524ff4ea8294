package dev.ratelimit.maven;

import dev.ratelimit.model.FunctionUrlAuth;
import dev.ratelimit.model.WorkflowSpec;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes the retry gateway: the Step Functions workflow ({@code <workflowName>.asl.json}), the
 * CloudFormation template ({@code <workflowName>.template.yaml}) and the Lambda jars ({@code
 * <workflowName>-proxy.jar}, {@code <workflowName>-orchestrator.jar}) into {@code outputDirectory}.
 * Needs no network and no AWS credentials; the same configuration always gives byte-identical
 * files.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.ratelimit</groupId>
 *   <artifactId>ratelimit-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <configuration>
 *     <workflowName>vendor-gateway</workflowName>
 *     <targetUrl>https://api.vendor.example/v1</targetUrl>
 *     <proxies>3</proxies>
 *     <retryOn>429,500-504</retryOn>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * Run with {@code mvn ratelimit:generate}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class GenerateMojo extends AbstractRatelimitMojo {

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    WorkflowSpec spec = workflowSpec();
    writeGateway(spec);
    getLog()
        .info(
            "Retry gateway "
                + spec.workflowName()
                + ": "
                + spec.proxies()
                + " proxies, up to "
                + spec.maxAttempts()
                + " attempts, "
                + spec.workflowType()
                + " workflow, deadline "
                + spec.deadlineSeconds()
                + " s after the execution starts.");
    if (spec.deadlineCutsLateAttempts()) {
      getLog()
          .info(
              "Worst case "
                  + spec.worstCase().explain()
                  + " exceeds the "
                  + spec.deadlineSeconds()
                  + " s deadline: late attempts are cut by the deadline (the caller then gets the vendor's"
                  + " last answer).");
    }
    logEgress(spec);
    if (spec.functionUrlAuth() == FunctionUrlAuth.NONE) {
      getLog()
          .warn(
              "functionUrlAuth is NONE: anyone who learns the Function URL can call the vendor"
                  + " through this gateway, on your account and your vendor quota. Prefer AWS_IAM.");
    }
    spec.unboundedOrchestratorWarning().ifPresent(getLog()::warn);
  }
}
