package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain proxy jar as Lambda runs it: a class loader over the jar, aws-lambda-java-core (the
 * runtime's own copy serves the handler; the jar does not ship it) and a probe class, nothing of
 * the build's class path. Catches what the minimized, rewritten jar lacks: the org.crac classes
 * behind the SnapStart hooks, a class the key's support was thought to need (the vendor key's
 * classes ship in the proxy-secrets jar only, so no public method or constructor of the handler may
 * name one: the runtime's reflection resolves them), and its size against the budget.
 */
public class ProxyJarIT {
  /**
   * The proxy jar's budget in bytes. docs/benchmarks.md ("Proxy Lambda jar") says where the bytes
   * go.
   */
  static final long BUDGET = 50_000;

  @TempDir static Path probeDir;

  static Path jar() {
    Path secretsJar =
        Path.of(
            System.getProperty(
                "ratelimit.proxySecretsJar",
                "target/runtime-lambdas-0.1.0-SNAPSHOT-proxy-secrets.jar"));
    Path jar =
        secretsJar.resolveSibling(
            secretsJar.getFileName().toString().replace("-proxy-secrets.jar", "-proxy.jar"));
    assertThat(jar).as("run after package").isRegularFile();
    return jar;
  }

  /** aws-lambda-java-core, as the Lambda runtime has it on its own class path. */
  public static Path lambdaCore() throws Exception {
    return Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void theJarAloneServesEveryKindOfAnswerAfterItsSnapStartHooks() throws Exception {
    Path classes =
        Path.of(ProxyJarProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path target = Files.createDirectories(probeDir.resolve("dev/ratelimit/runtime/proxy"));
    try (Stream<Path> files = Files.list(classes.resolve("dev/ratelimit/runtime/proxy"))) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("ProxyJarProbe")).toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    WireMockServer upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
    int refusedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      refusedPort = s.getLocalPort(); // closed again: nothing listens there
    }
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {
              jar().toUri().toURL(), lambdaCore().toUri().toURL(), probeDir.toUri().toURL()
            },
            ClassLoader.getPlatformClassLoader())) {
      upstream.stubFor(get(urlEqualTo("/ok")).willReturn(aResponse().withBody("ok")));
      upstream.stubFor(
          get(urlEqualTo("/limited"))
              .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
      upstream.stubFor(get(urlEqualTo("/unavailable")).willReturn(aResponse().withStatus(503)));
      upstream.stubFor(get(urlEqualTo("/big")).willReturn(aResponse().withBody("x".repeat(5000))));

      String out =
          (String)
              loader
                  .loadClass(ProxyJarProbe.class.getName())
                  .getMethod("run", String.class, String.class)
                  .invoke(
                      null,
                      "http://127.0.0.1:" + upstream.port(),
                      "http://127.0.0.1:" + refusedPort);

      assertThat(out.lines())
          .containsExactly(
              "methods=true constructor=0",
              "primed=429",
              "/ok status=200 error= wait=0 cause=false",
              "/limited status=429 error= wait=2 cause=true",
              "/unavailable status=503 error= wait=1 cause=true",
              "/big status=200 error=ResponseTooLarge wait=0 cause=true",
              "refused status=0 error=ConnectFailed wait=1 cause=true");
      assertThat(upstream.getAllServeEvents()).as("the priming never called the vendor").hasSize(4);
    } finally {
      upstream.stop();
    }
  }

  @Test
  void theJarHoldsTheHandlerOrgCracAndNoLambdaLibraryOrSdk() throws IOException {
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      List<String> names = zip.stream().map(e -> e.getName()).toList();
      assertThat(names)
          .contains("dev/ratelimit/runtime/proxy/ProxyHandler.class", "org/crac/Core.class")
          .noneMatch(n -> n.endsWith("/")) // no directory entries: bytes for nothing
          .noneMatch(n -> n.startsWith("com/amazonaws/"))
          .noneMatch(n -> n.startsWith("software/amazon/"))
          .noneMatch(n -> n.startsWith("dev/ratelimit/runtime/orchestrator/"))
          .noneMatch(n -> n.startsWith("dev/ratelimit/runtime/proxy/secrets/"));
    }
  }

  @Test
  void theJarFitsItsBudget() throws IOException {
    assertThat(Files.size(jar())).isLessThanOrEqualTo(BUDGET);
  }
}
