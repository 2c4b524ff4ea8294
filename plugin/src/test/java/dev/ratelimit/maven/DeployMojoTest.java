package dev.ratelimit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.deploy.DeployRequest;
import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.WorkflowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy and undeploy goals as Maven configures them from a pom: parameters map onto the
 * request.
 */
@MojoTest
class DeployMojoTest {
  private static final String POM = "src/test/resources/unit/deploy/pom.xml";

  @TempDir Path out;

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void parametersMapOntoTheDeployRequest(DeployMojo mojo) throws Exception {
    WorkflowSpec spec = mojo.workflowSpec();
    DeployRequest request =
        mojo.request(
            spec, new GatewayGenerator().generate(spec, RuntimeBundle.load()), mojo.timeout());
    assertThat(request.stackName()).isEqualTo("unit-gateway");
    assertThat(request.artifactBucket()).isEqualTo("unit-artifacts");
    assertThat(request.tags())
        .containsExactly(
            Map.entry("env", "prod"),
            Map.entry("owner", "platform"),
            Map.entry("team", "payments"));
    assertThat(request.parameterOverrides())
        .containsExactly(Map.entry("ArtifactBucket", "other-bucket"));
    assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(7));
    assertThat(request.dryRun()).isFalse();
    assertThat(request.failOnEmptyChangeSet()).isFalse();
    assertThat(request.template().name()).isEqualTo("unit-gateway.template.yaml");
    assertThat(request.proxyJar().name()).isEqualTo("unit-gateway-proxy.jar");
    assertThat(request.orchestratorJar().name()).isEqualTo("unit-gateway-orchestrator.jar");
    assertThat(mojo.awsSettings().region()).isEqualTo("eu-west-1");
    assertThat(mojo.awsSettings().endpointUrl()).isEqualTo("http://127.0.0.1:1");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "stackName", value = "custom-stack")
  @MojoParameter(name = "dryRun", value = "true")
  @MojoParameter(name = "failOnEmptyChangeSet", value = "true")
  void stackNameAndFlagsAreTakenFromTheConfiguration(DeployMojo mojo) throws Exception {
    WorkflowSpec spec = mojo.workflowSpec();
    DeployRequest request =
        mojo.request(
            spec, new GatewayGenerator().generate(spec, RuntimeBundle.load()), mojo.timeout());
    assertThat(request.stackName()).isEqualTo("custom-stack");
    assertThat(request.dryRun()).isTrue();
    assertThat(request.failOnEmptyChangeSet()).isTrue();
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aStackTagWithoutValueFailsBeforeAnythingIsWritten(DeployMojo mojo) {
    // CloudFormation's stack tags need a value of 1-256 characters.
    mojo.stackTags = Map.of("cost-center", "");
    mojo.outputDirectory = out.resolve("never").toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("stackTags")
        .hasMessageContaining("1-256");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void aMissingBucketFailsBeforeAnythingIsWritten(DeployMojo mojo) {
    mojo.artifactBucket = null;
    mojo.outputDirectory = out.resolve("never").toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "Invalid <artifactBucket> (not set): ratelimit:deploy uploads the Lambda jars to an S3"
                + " bucket in the stack's region (user property ratelimit.artifactBucket). Example:"
                + " <artifactBucket>my-build-artifacts-eu-west-1</artifactBucket>");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "timeoutMinutes", value = "0")
  void aTimeoutBelowAMinuteIsTheOneConfigurationProblem(DeployMojo mojo) {
    assertThatThrownBy(mojo::timeout)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "Invalid <timeoutMinutes> '0': must be at least 1. Example:"
                + " <timeoutMinutes>30</timeoutMinutes>")
        .hasCauseInstanceOf(InvalidConfigurationException.class);
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "endpointUrl", value = "http//127.0.0.1:5000")
  void aBadEndpointUrlIsTheOneConfigurationProblem(DeployMojo mojo) {
    assertThatThrownBy(mojo::clients)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith(
            "Invalid <endpointUrl> 'http//127.0.0.1:5000': must be the base URL of a local AWS"
                + " emulator")
        .hasMessageEndingWith("Example: <endpointUrl>http://127.0.0.1:5000</endpointUrl>");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "profile", value = "no-such-profile")
  void missingCredentialsAreOneClearFailureAfterGenerating(DeployMojo mojo) throws Exception {
    Path empty = Files.createFile(out.resolve("credentials"));
    String before = System.getProperty("aws.sharedCredentialsFile");
    System.setProperty("aws.sharedCredentialsFile", empty.toString());
    System.setProperty("aws.configFile", empty.toString());
    try {
      mojo.outputDirectory = out.resolve("gateway").toFile();
      assertThatThrownBy(mojo::execute)
          .isInstanceOf(MojoFailureException.class)
          .hasMessageStartingWith("No AWS credentials from profile 'no-such-profile'")
          .hasMessageContaining("Fix: ");
      assertThat(out.resolve("gateway/unit-gateway.template.yaml")).isRegularFile();
    } finally {
      System.clearProperty("aws.configFile");
      if (before == null) {
        System.clearProperty("aws.sharedCredentialsFile");
      } else {
        System.setProperty("aws.sharedCredentialsFile", before);
      }
    }
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipDoesNothing(DeployMojo mojo) throws Exception {
    mojo.outputDirectory = out.resolve("skipped").toFile();
    mojo.execute();
    assertThat(out.resolve("skipped")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "undeploy", pom = POM)
  @MojoParameter(name = "stackName", value = "other")
  void undeployNamesItsStack(UndeployMojo mojo) throws Exception {
    assertThat(mojo.effectiveStackName()).isEqualTo("other");
    assertThat(mojo.timeout()).isEqualTo(Duration.ofMinutes(7));
  }
}
