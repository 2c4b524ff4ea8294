package dev.ratelimit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A class a newcomer can read in one sitting: past 450 formatted lines, split it by concern. */
class ClassSizeTest {

  private static final int MAX_LINES = 450;

  @Test
  void noMainSourceFileIsLongerThanTheLimit() throws IOException {
    Path sources = Path.of("src/main/java");
    assertThat(sources).isDirectory();
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(sources)) {
      tooLong =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .sorted()
              .filter(file -> lineCount(file) > MAX_LINES)
              .map(file -> sources.relativize(file) + " (" + lineCount(file) + " lines)")
              .toList();
    }
    assertThat(tooLong).as("files over %d lines", MAX_LINES).isEmpty();
  }

  private static long lineCount(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
