package dev.ratelimit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ratelimit:simulate as Maven configures it: the gateway's files, the run's JSON, the hook. */
@MojoTest
class SimulateMojoTest {
  private static final String POM = "src/test/resources/unit/simulate/pom.xml";

  @TempDir
  Path out;

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  void simulatesAndWritesTheRunAsJson(SimulateMojo mojo) throws Exception {
    mojo.outputDirectory = out.toFile();
    assertThat(mojo.simulationSettings().requests()).isEqualTo(12);
    assertThat(mojo.simulationSettings().seed()).isEqualTo(42);
    mojo.execute();
    assertThat(out.resolve("sim-gateway.asl.json")).isRegularFile();
    assertThat(out.resolve("sim-gateway.template.yaml")).isRegularFile();
    String json = Files.readString(out.resolve("sim-gateway-simulation.json"));
    assertThat(json).startsWith("{\n  \"workflowName\" : \"sim-gateway\"")
        .contains("\"requests\" : \"12\"").contains("\"succeeded\" : 12");
  }

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  void theReportHookGetsTheRun(SimulateMojo mojo) throws Exception {
    mojo.outputDirectory = out.toFile();
    java.util.concurrent.atomic.AtomicBoolean called = new java.util.concurrent.atomic.AtomicBoolean();
    SimulateMojo hooked = new SimulateMojo() {
      @Override
      protected void writeReport(dev.ratelimit.simulate.SimulationRun run, Path dir) {
        called.set(true);
        assertThat(run.requests()).hasSize(12);
        assertThat(dir).isEqualTo(out);
      }
    };
    hooked.workflowName = mojo.workflowName;
    hooked.targetUrl = mojo.targetUrl;
    hooked.proxies = mojo.proxies;
    hooked.retryOn = mojo.retryOn;
    hooked.successOn = mojo.successOn;
    hooked.retryOnNetworkErrors = true;
    hooked.honorRetryAfter = true;
    hooked.maxRetryAfterSeconds = 60;
    hooked.workflowType = "EXPRESS";
    hooked.requestTimeoutSeconds = 10;
    hooked.maxResponseBytes = 200000;
    hooked.lambdaRuntime = "java21";
    hooked.architecture = "arm64";
    hooked.memorySize = 512;
    hooked.logRetentionDays = 14;
    hooked.templateFormat = "YAML";
    hooked.functionUrlAuth = "AWS_IAM";
    hooked.simulation = mojo.simulation;
    hooked.outputDirectory = out.toFile();
    hooked.execute();
    assertThat(called).isTrue();
    assertThat(out.resolve("sim-gateway-simulation.json")).isRegularFile();
  }

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  @MojoParameter(name = "apiKeySecretArn",
      value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor-AbCdEf")
  @MojoParameter(name = "apiKeyHeader", value = "x-api-key")
  void aGatewayWithASecretKeyCannotBeSimulated(SimulateMojo mojo) {
    mojo.outputDirectory = out.resolve("never").toFile();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Cannot simulate sim-gateway").hasMessageContaining("apiKeySecretArn");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  void badSettingsAreOneMessage(SimulateMojo mojo) {
    mojo.outputDirectory = out.resolve("never").toFile();
    mojo.simulation.setConcurrency(0);
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("Invalid <simulation><concurrency> '0'");
    assertThat(out.resolve("never")).doesNotExist();
  }
}
