package dev.ratelimit.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A {@code moto_server} on 127.0.0.1 and a free port, for one test class: {@code @RegisterExtension
 * static final MotoServer MOTO = new MotoServer();} (or {@link #start()} and {@link #close()} by
 * hand). A missing {@code moto_server} fails the tests: the conformance profile exists to run them.
 *
 * <p>moto 5.2.1 quirks this class serves: {@code MOTO_PORT} must name the port (its Step Functions
 * interpreter calls its own Lambda there), and a second execution in one server fails with HTTP 500
 * unless the server is {@link #reset()} (which posts the configuration again) in between.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";
  public static final String INSTALL_HINT = "pip install \"moto[server]\" cfn-lint";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final String CONFIG =
      "{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process process;
  private int port;
  private Path log;
  private SfnClient sfn;

  /** Starts a server now; the caller closes it. */
  public static MotoServer start() {
    MotoServer server = new MotoServer();
    server.launch();
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    launch();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void launch() {
    if (process != null) {
      return;
    }
    port = freePort();
    try {
      Path dir = Path.of(System.getProperty("ratelimit.conformance.work", "target/conformance"));
      Files.createDirectories(dir);
      log = dir.resolve("moto_server-" + port + ".log");
      ProcessBuilder builder =
          new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("MOTO_PORT", String.valueOf(port));
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError(
          "moto_server could not be started ("
              + e.getMessage()
              + "). The conformance profile needs it on PATH: "
              + INSTALL_HINT,
          e);
    }
    awaitReady();
    reset();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "moto_server exited with code "
                + process.exitValue()
                + " before answering; its output:\n"
                + logText()
                + "\n(install: "
                + INSTALL_HINT
                + ")");
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(endpoint().resolve("/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() > 0) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for moto_server", e);
      }
      sleep(200);
    }
    close();
    throw new AssertionError(
        "moto_server did not answer on port "
            + port
            + " within "
            + STARTUP.toSeconds()
            + " s; its output:\n"
            + logText());
  }

  public int port() {
    return port;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Forgets every resource and execution, then turns the Step Functions interpreter on again. */
  public void reset() {
    post("/moto-api/reset", "");
    post("/moto-api/config", CONFIG);
  }

  /**
   * Queues results for moto's "lambda-simple" backend: each Lambda invocation, of any function,
   * takes the next one (a FIFO shared by all functions).
   *
   * @param jsonResults each a proxy result as a JSON document (sent as a string)
   */
  public void queueProxyResults(List<String> jsonResults) {
    ObjectNode body = JSON.createObjectNode();
    jsonResults.forEach(body.putArray("results")::add);
    body.put("region", REGION);
    post("/moto-api/static/lambda-simple/response", body.toString());
  }

  /** A Step Functions client for this server (closed with it). */
  public synchronized SfnClient sfn() {
    if (sfn == null) {
      sfn = client(SfnClient.builder());
    }
    return sfn;
  }

  /**
   * Any AWS SDK client for this server: {@code builder} (with its own settings, e.g. S3's path
   * style) gets the endpoint, region, test credentials and URL-connection HTTP client. The caller
   * closes it.
   */
  public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private void post(String path, String body) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint().resolve(path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new AssertionError(
            "moto_server answered POST "
                + path
                + " with HTTP "
                + response.statusCode()
                + ": "
                + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "POST " + path + " to moto_server failed; its output:\n" + logText(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops the server and every process it started. */
  @Override
  public synchronized void close() {
    if (sfn != null) {
      sfn.close();
      sfn = null;
    }
    if (process == null) {
      return;
    }
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
    process = null;
  }

  /** The server's output so far (for failure messages). */
  public String logText() {
    try {
      return log == null || !Files.exists(log) ? "(none)" : Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
