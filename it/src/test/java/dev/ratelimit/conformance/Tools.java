package dev.ratelimit.conformance;

import dev.ratelimit.testsupport.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools of SPEC §8. A missing tool fails the test with how to install it. */
public final class Tools {
  public static final String TOOLS_SCRIPT = ".ci/conformance-tools.sh";

  private Tools() {}

  /** Exit code and combined stdout/stderr of one run. */
  public record Result(List<String> command, int exitCode, String output) {
    @Override
    public String toString() {
      return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
    }
  }

  public static Result run(List<String> command, long timeoutSeconds) {
    return run(command, Map.of(), timeoutSeconds);
  }

  /** {@code environment} is added to this JVM's environment for the tool. */
  public static Result run(
      List<String> command, Map<String, String> environment, long timeoutSeconds) {
    Path out;
    Process process;
    try {
      out = Files.createTempFile("conformance-tool", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run "
              + command.get(0)
              + " ("
              + e.getMessage()
              + "). Run "
              + TOOLS_SCRIPT
              + " first; cfn-lint and moto come from: "
              + MotoServer.INSTALL_HINT,
          e);
    }
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      return new Result(List.copyOf(command), process.exitValue(), text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public static Result run(long timeoutSeconds, String... command) {
    return run(new ArrayList<>(List.of(command)), timeoutSeconds);
  }

  /** The first line a tool prints for {@code --version}, for the summary. */
  public static String version(String tool) {
    return run(60, tool, "--version").output().strip().lines().findFirst().orElse("?");
  }
}
