package dev.ratelimit.generate;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes generated files so that a failure never leaves a half-written output: everything is first
 * written to temporary files beside the targets, then each is moved into place atomically. Files
 * whose content is unchanged are not touched, so timestamps (and incremental builds) stay put.
 */
public final class OutputWriter {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a write did to each file. */
  public record Result(List<Path> written, List<Path> unchanged) {}

  public Result write(Path directory, List<GeneratedFile> files) throws IOException {
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    List<Path[]> staged = new ArrayList<>();
    try {
      for (GeneratedFile file : files) {
        Path target = directory.resolve(file.name());
        if (Files.exists(target) && !Files.isRegularFile(target)) {
          throw new IOException(target + " exists and is not a regular file");
        }
      }
      for (GeneratedFile file : files) {
        Path target = directory.resolve(file.name());
        if (Files.isRegularFile(target)
            && Arrays.equals(Files.readAllBytes(target), file.content())) {
          unchanged.add(target);
          continue;
        }
        Path temp = createTemporary(directory, file.name());
        staged.add(new Path[] {temp, target});
        Files.write(temp, file.content());
      }
      for (Path[] move : staged) {
        moveAtomically(move[0], move[1]);
        written.add(move[1]);
      }
    } finally {
      for (Path[] move : staged) {
        Files.deleteIfExists(move[0]);
      }
    }
    return new Result(List.copyOf(written), List.copyOf(unchanged));
  }

  /**
   * A new file beside the target, created like any file a build writes (mode from the umask):
   * {@code Files.createTempFile} would make it private (0600), and the move keeps that mode.
   */
  private static Path createTemporary(Path directory, String name) throws IOException {
    while (true) {
      Path temp =
          directory.resolve(
              "." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        // another name
      }
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
