package dev.ratelimit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mojo as Maven configures it from a pom: parameters map onto the spec, files land. */
@MojoTest
class GenerateMojoTest {
  private static final String POM = "src/test/resources/unit/generate/pom.xml";

  @TempDir Path out;

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  void writesTheGatewayFromThePomConfiguration(GenerateMojo mojo) throws Exception {
    mojo.outputDirectory = out.toFile();
    mojo.execute();
    assertThat(out.resolve("unit-gateway.asl.json")).isRegularFile();
    assertThat(out.resolve("unit-gateway-proxy.jar")).isRegularFile();
    String template = Files.readString(out.resolve("unit-gateway.template.yaml"));
    assertThat(template)
        .contains("FunctionName: unit-gateway-proxy-2")
        .doesNotContain("unit-gateway-proxy-3")
        .contains("RATELIMIT_BACKOFF_INITIAL_DELAY_SECONDS: \"0\"")
        .contains("RATELIMIT_BACKOFF_JITTER: NONE")
        .contains("Key: team");
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "lambdaRuntime", value = "java17")
  void aBrokenRuleIsOneFailureMessageAndNothingIsWritten(GenerateMojo mojo) {
    mojo.outputDirectory = out.resolve("never").toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("Invalid <lambdaRuntime> 'java17': java17 is rejected");
    assertThat(out.resolve("never")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipWritesNothing(GenerateMojo mojo) throws Exception {
    File target = out.resolve("skipped").toFile();
    mojo.outputDirectory = target;
    mojo.execute();
    assertThat(target).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  void aSecondRunLeavesIdenticalFilesUntouched(GenerateMojo mojo) throws Exception {
    mojo.outputDirectory = out.toFile();
    mojo.execute();
    Path asl = out.resolve("unit-gateway.asl.json");
    Files.setLastModifiedTime(asl, FileTime.fromMillis(0));
    mojo.execute();
    assertThat(Files.getLastModifiedTime(asl).toMillis()).isZero();
  }
}
