package dev.ratelimit.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWriterTest {
  @TempDir Path dir;

  @Test
  void writesNewFilesAndSkipsUnchangedOnes() throws IOException {
    OutputWriter writer = new OutputWriter();
    List<GeneratedFile> files =
        List.of(GeneratedFile.text("a.json", "{}\n"), GeneratedFile.text("b.yaml", "x: 1\n"));
    assertThat(writer.write(dir, files).written()).hasSize(2);
    OutputWriter.Result again =
        writer.write(
            dir,
            List.of(GeneratedFile.text("a.json", "{}\n"), GeneratedFile.text("b.yaml", "x: 2\n")));
    assertThat(again.unchanged()).containsExactly(dir.resolve("a.json"));
    assertThat(again.written()).containsExactly(dir.resolve("b.yaml"));
    assertThat(Files.readString(dir.resolve("b.yaml"))).isEqualTo("x: 2\n");
  }

  @Test
  void aFailureLeavesEarlierOutputsAndNoTemporaryFiles() throws IOException {
    Files.writeString(dir.resolve("a.json"), "earlier\n");
    Files.createDirectories(dir.resolve("b.yaml")); // cannot be replaced by a file
    assertThatThrownBy(
            () ->
                new OutputWriter()
                    .write(
                        dir,
                        List.of(
                            GeneratedFile.text("a.json", "new\n"),
                            GeneratedFile.text("b.yaml", "new\n"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file");
    assertThat(Files.readString(dir.resolve("a.json"))).isEqualTo("earlier\n");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.json", "b.yaml");
    }
  }

  @Test
  void writtenFilesGetTheModeOfAnyFileTheBuildWritesNotTheTemporaryFilesPrivateOne()
      throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path reference = Files.writeString(dir.resolve("reference.txt"), "x"); // mode from the umask
    Set<PosixFilePermission> ordinary = Files.getPosixFilePermissions(reference);
    new OutputWriter().write(dir, List.of(GeneratedFile.text("a.json", "{}\n")));
    assertThat(Files.getPosixFilePermissions(dir.resolve("a.json")))
        .isEqualTo(ordinary)
        .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    new OutputWriter().write(dir, List.of(GeneratedFile.text("a.json", "{\"changed\":1}\n")));
    assertThat(Files.getPosixFilePermissions(dir.resolve("a.json"))).isEqualTo(ordinary);
  }
}
