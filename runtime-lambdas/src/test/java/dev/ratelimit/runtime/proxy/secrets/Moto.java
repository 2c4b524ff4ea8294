package dev.ratelimit.runtime.proxy.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A {@code moto_server} on 127.0.0.1 and a free port ({@code MOTO_PORT} set to it), started and
 * stopped by the test. A missing {@code moto_server} fails the test: install it with {@code pip
 * install "moto[server]"}.
 */
final class Moto implements AutoCloseable {
  static final Region REGION = Region.US_EAST_1;
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private final Process process;
  private final int port;
  private final Path log;
  private SecretsManagerClient client;

  private Moto(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static Moto start() {
    int port = freePort();
    Path log;
    Process process;
    try {
      log = Files.createTempFile("moto_server-" + port, ".log");
      ProcessBuilder pb =
          new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("MOTO_PORT", String.valueOf(port));
      process = pb.start();
    } catch (IOException e) {
      throw new AssertionError(
          "moto_server could not be started ("
              + e.getMessage()
              + "); these tests need it on PATH: pip install \"moto[server]\"",
          e);
    }
    Moto moto = new Moto(process, port, log);
    moto.awaitReady();
    return moto;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "moto_server exited with code " + process.exitValue() + ": " + logText());
      }
      try {
        http.send(
            HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    close();
    throw new AssertionError(
        "moto_server did not answer on port " + port + " within 60 s: " + logText());
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A Secrets Manager client for this server, to set up fixtures (closed with the server). */
  synchronized SecretsManagerClient secrets() {
    if (client == null) {
      client =
          SecretsManagerClient.builder()
              .endpointOverride(endpoint())
              .region(REGION)
              .credentialsProvider(CREDENTIALS)
              .httpClient(UrlConnectionHttpClient.create())
              .build();
    }
    return client;
  }

  /** A Secrets Manager client for this server in {@code region}; the caller closes it. */
  SecretsManagerClient secrets(Region region) {
    return SecretsManagerClient.builder()
        .endpointOverride(endpoint())
        .region(region)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Creates a secret and answers its ARN. */
  String createSecret(String name, String value) {
    return secrets().createSecret(r -> r.name(name).secretString(value)).arn();
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
