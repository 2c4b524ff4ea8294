package dev.ratelimit.runtime.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code moto_server} on 127.0.0.1 and a free port (env {@code MOTO_PORT} set to it, which its Step
 * Functions interpreter needs). Missing {@code moto_server} fails the test: it is not optional.
 */
final class Moto implements AutoCloseable {
  static final String CONFIG =
      "{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Process process;
  private final int port;
  private final Path log;

  Moto() {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path dir = Path.of("target", "moto");
      Files.createDirectories(dir);
      log = dir.resolve("moto_server-" + port + ".log");
      ProcessBuilder b =
          new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      b.environment().put("MOTO_PORT", String.valueOf(port));
      process = b.start();
    } catch (IOException e) {
      throw new AssertionError(
          "moto_server could not be started ("
              + e.getMessage()
              + "); install it with: pip install \"moto[server]\"",
          e);
    }
    long deadline =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a safety net, not an assertion
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "moto_server exited with " + process.exitValue() + ": " + logText());
      }
      try {
        http.send(
            HttpRequest.newBuilder(endpoint().resolve("/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          close();
          throw new AssertionError("moto_server did not answer: " + logText());
        }
        sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    reset();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Forgets everything and turns the interpreter on again (moto runs one execution per reset). */
  void reset() {
    post("/moto-api/reset", "");
    post("/moto-api/config", CONFIG);
  }

  /**
   * Queues proxy results (JSON documents) for moto's lambda-simple backend, a FIFO of all
   * functions.
   */
  void queueProxyResults(List<String> results) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("results", results);
    body.put("region", "us-east-1");
    post("/moto-api/static/lambda-simple/response", SdkJson.write(body));
  }

  void post(String path, String body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoint().resolve(path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new AssertionError("POST " + path + " → " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no output)";
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
