package dev.ratelimit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules on the plugin's main sources that a compiler and a formatter do not check. */
class SourceRulesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final int MAX_LINES = 450;

  /** A qualified type name in code, e.g. {@code java.util.List}, outside imports and comments. */
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile(
          "(?<![\\w.@\"])(?:java|javax|com|org|software|dev)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z]\\w*");

  /** A class a newcomer can read in one sitting: past 450 formatted lines, split it by concern. */
  @Test
  void noMainSourceFileIsLongerThanTheLimit() {
    List<String> tooLong =
        sources().stream()
            .filter(file -> lines(file).size() > MAX_LINES)
            .map(file -> SOURCES.relativize(file) + " (" + lines(file).size() + " lines)")
            .toList();
    assertThat(tooLong).as("files over %d lines", MAX_LINES).isEmpty();
  }

  /** Types are imported, so a reader sees a class's dependencies at its top. */
  @Test
  void codeNamesTypesByTheirImportedNames() {
    List<String> qualified = new ArrayList<>();
    for (Path file : sources()) {
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String code = line.strip();
        if (code.startsWith("import ")
            || code.startsWith("package ")
            || code.startsWith("*")
            || code.startsWith("/*")
            || code.startsWith("//")) {
          continue;
        }
        Matcher m = QUALIFIED_NAME.matcher(line);
        while (m.find()) {
          if (line.substring(0, m.start()).chars().filter(c -> c == '"').count() % 2 == 0) {
            qualified.add(SOURCES.relativize(file) + ":" + (i + 1) + " " + m.group());
          }
        }
      }
    }
    assertThat(qualified).as("qualified names in code (import them)").isEmpty();
  }

  private static List<Path> sources() {
    assertThat(SOURCES).isDirectory();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
