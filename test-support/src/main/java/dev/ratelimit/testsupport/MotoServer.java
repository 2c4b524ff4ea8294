package dev.ratelimit.testsupport;

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
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A {@code moto_server} on 127.0.0.1 and a free port, for one test class: {@code @RegisterExtension
 * static final MotoServer MOTO = new MotoServer();} (or {@link #start()} and {@link #close()} by
 * hand). A missing {@code moto_server} fails the tests: the conformance profile exists to run them.
 * When a test of a registered class fails, the server's output is printed with the failure.
 *
 * <p>moto 5.2.1 quirks this class serves: {@code MOTO_PORT} must name the port (its Step Functions
 * interpreter calls its own Lambda there), and a second execution in one server fails with HTTP 500
 * unless the server is {@link #reset()} (which posts the configuration again) in between.
 */
public final class MotoServer
    implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback, AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";
  public static final String INSTALL_HINT = "pip install \"moto[server]\" cfn-lint";
  public static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  /** Where the server's output goes: the ITs name their work directory, others use target/moto. */
  private static final String LOG_DIR_PROPERTY = "ratelimit.conformance.work";

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

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      System.err.println(
          "[moto] " + context.getDisplayName() + " failed; moto_server's output:\n" + logText());
    }
  }

  private synchronized void launch() {
    if (process != null) {
      return;
    }
    port = freePort();
    try {
      Path dir = Path.of(System.getProperty(LOG_DIR_PROPERTY, "target/moto"));
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
              + "). These tests need it on PATH: "
              + INSTALL_HINT,
          e);
    }
    awaitReady();
    reset();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos(); // a safety net, not an assertion
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
    JsonWriter body = JsonWriter.create().writeStartObject().writeFieldName("results");
    body.writeStartArray();
    jsonResults.forEach(body::writeValue);
    body.writeEndArray().writeFieldName("region").writeValue(REGION).writeEndObject();
    post(
        "/moto-api/static/lambda-simple/response",
        new String(body.getBytes(), StandardCharsets.UTF_8));
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
   * style or another region) gets the endpoint, the region unless it has one, test credentials and
   * the URL-connection HTTP client. The caller closes it.
   */
  public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder) {
    return client(builder, Region.of(REGION));
  }

  /** {@link #client(AwsSyncClientBuilder)} in {@code region}. */
  public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(
      B builder, Region region) {
    return builder
        .endpointOverride(endpoint())
        .region(region)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** POSTs {@code body} (JSON) to {@code path} of this server; anything but 2xx fails the test. */
  public void post(String path, String body) {
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

  /** A port nothing listens on at the moment. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sleeps, turning an interrupt into a test failure (for polling loops). */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
