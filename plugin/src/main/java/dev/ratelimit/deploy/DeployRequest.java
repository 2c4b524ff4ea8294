package dev.ratelimit.deploy;

import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.model.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One deploy: the generated files, where they go and how. {@code tags} go on the stack
 * (CloudFormation passes stack tags on to the resources that support them); {@code
 * parameterOverrides} are added to, and may replace, the template parameters the deploy sets
 * itself.
 */
public record DeployRequest(
    String stackName,
    String workflowName,
    String artifactBucket,
    GeneratedFile template,
    GeneratedFile proxyJar,
    GeneratedFile orchestratorJar,
    SortedMap<String, String> parameterOverrides,
    SortedMap<String, String> tags,
    boolean dryRun,
    boolean failOnEmptyChangeSet,
    Duration timeout) {

  public DeployRequest {
    Objects.requireNonNull(stackName, "stackName");
    Objects.requireNonNull(workflowName, "workflowName");
    requireArtifactBucket(artifactBucket);
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(proxyJar, "proxyJar");
    Objects.requireNonNull(orchestratorJar, "orchestratorJar");
    parameterOverrides = new TreeMap<>(parameterOverrides == null ? Map.of() : parameterOverrides);
    tags = new TreeMap<>(tags == null ? Map.of() : tags);
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * {@code <artifactBucket>} is required: the jars go there.
   *
   * @throws InvalidConfigurationException when it is missing
   */
  public static void requireArtifactBucket(String artifactBucket) {
    if (artifactBucket == null || artifactBucket.isBlank()) {
      throw new InvalidConfigurationException(
          "artifactBucket",
          null,
          "ratelimit:deploy uploads the Lambda jars to an S3 bucket in the stack's region (user"
              + " property ratelimit.artifactBucket)",
          "my-build-artifacts-eu-west-1");
    }
  }

  /**
   * Picks the template and the jars out of what {@code GatewayGenerator} produced ({@code
   * <name>.template.yaml|json}, {@code <name>-proxy.jar}, {@code <name>-orchestrator.jar}).
   */
  public static GeneratedFile pick(List<GeneratedFile> files, String suffix) {
    return files.stream()
        .filter(f -> f.name().endsWith(suffix))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("The generator produced no *" + suffix + " file"));
  }

  /** The template among the generated files. */
  public static GeneratedFile template(List<GeneratedFile> files) {
    return files.stream()
        .filter(f -> f.name().contains(".template."))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("The generator produced no template"));
  }
}
