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

  @TempDir Path out;

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
    assertThat(json)
        .startsWith("{\n  \"workflowName\" : \"sim-gateway\"")
        .contains("\"requests\" : \"12\"")
        .contains("\"succeeded\" : 12");
    String html = Files.readString(out.resolve("sim-gateway-simulation.html"));
    assertThat(html)
        .contains("12 requests: 12 succeeded")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .contains("<svg");
  }

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  @MojoParameter(
      name = "apiKeySecretArn",
      value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor-AbCdEf")
  @MojoParameter(name = "apiKeyHeader", value = "x-api-key")
  void aGatewayWithASecretKeyCannotBeSimulated(SimulateMojo mojo) {
    mojo.outputDirectory = out.resolve("never").toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Cannot simulate sim-gateway")
        .hasMessageContaining("apiKeySecretArn");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  void badSettingsAreOneMessage(SimulateMojo mojo) {
    mojo.outputDirectory = out.resolve("never").toFile();
    mojo.simulation.setConcurrency(0);
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "Invalid <simulation><concurrency> '0': must be from 1 to 256. Example:"
                + " <simulation><concurrency>8</concurrency></simulation>");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "simulate", pom = POM)
  void theArrivalRateIsASetting(SimulateMojo mojo) throws Exception {
    mojo.simulation.setArrivalRatePerSecond(7.5);
    assertThat(mojo.simulationSettings().arrivalRatePerSecond()).isEqualTo(7.5);
    mojo.simulation.setArrivalRatePerSecond(-2.0);
    assertThatThrownBy(mojo::simulationSettings)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("Invalid <simulation><arrivalRatePerSecond> '-2.0'");
  }
}
