package dev.ratelimit.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.model.WorkflowSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated files compared byte for byte with reviewed copies under src/test/resources/golden.
 * After an intended change, regenerate them with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final RuntimeBundle JAR =
      new RuntimeBundle(
          "proxy".getBytes(StandardCharsets.UTF_8),
          "proxy-secrets".getBytes(StandardCharsets.UTF_8),
          "orchestrator".getBytes(StandardCharsets.UTF_8));

  static Stream<Arguments> samples() {
    return SampleSpecs.all().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void generatedFilesMatchTheGoldenCopies(String sample, WorkflowSpec spec) throws IOException {
    List<GeneratedFile> files = new GatewayGenerator().generate(spec, JAR);
    for (GeneratedFile file : files) {
      if (file.name().endsWith(".jar")) {
        continue;
      }
      Path golden = GOLDEN.resolve(sample).resolve(file.name());
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(golden.getParent());
        Files.write(golden, file.content());
      }
      assertThat(new String(file.content(), StandardCharsets.UTF_8))
          .as("%s (regenerate with -Dgolden.update=true after an intended change)", golden)
          .isEqualTo(Files.readString(golden));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sameConfigurationGivesByteIdenticalFiles(String sample, WorkflowSpec spec) {
    List<GeneratedFile> first = new GatewayGenerator().generate(spec, JAR);
    List<GeneratedFile> second =
        new GatewayGenerator().generate(SampleSpecs.all().get(sample), JAR);
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).name()).isEqualTo(first.get(i).name());
      assertThat(second.get(i).content()).isEqualTo(first.get(i).content());
    }
  }
}
