package dev.ratelimit.runtime.proxy.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.proxy.ProxyJarIT;
import dev.ratelimit.testsupport.MotoServer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The shaded deployment jars as Lambda would run them: a fresh JVM with only the jar (and a tiny
 * probe class) on the class path. This catches minimizeJar dropping SDK classes loaded by
 * reflection or ServiceLoader, which no in-process test can see.
 */
@Tag("moto") // needs moto_server: runs with -Pconformance
class ProxySecretsJarIT {
  static final String KEY = "it-key-Zx9Yw8Vu7Ts6Rq5P";
  static MotoServer moto;
  static WireMockServer upstream;
  static String arn;
  @TempDir static Path probeDir;

  @BeforeAll
  static void start() throws IOException, URISyntaxException {
    moto = MotoServer.start();
    try (SecretsManagerClient secrets = moto.client(SecretsManagerClient.builder())) {
      arn = secrets.createSecret(r -> r.name("vendor-key").secretString(KEY)).arn();
    }
    upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
    // Only the probe's own class files, not the rest of test-classes or target/classes.
    Path classes =
        Path.of(SecretsJarProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = classes.resolve("dev/ratelimit/runtime/proxy/secrets");
    Path target = Files.createDirectories(probeDir.resolve("dev/ratelimit/runtime/proxy/secrets"));
    try (Stream<Path> files = Files.list(pkg)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("SecretsJarProbe")).toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.stop();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static Path jar(String classifier) {
    Path secretsJar =
        Path.of(
            System.getProperty(
                "ratelimit.proxySecretsJar",
                "target/runtime-lambdas-0.1.0-SNAPSHOT-proxy-secrets.jar"));
    Path jar =
        classifier.equals("proxy-secrets")
            ? secretsJar
            : secretsJar.resolveSibling(
                secretsJar
                    .getFileName()
                    .toString()
                    .replace("-proxy-secrets.jar", "-" + classifier + ".jar"));
    assertThat(jar).as("run after package").isRegularFile();
    return jar;
  }

  record Run(int exit, String output) {}

  static Run run(Path jar, String mode, Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                // aws-lambda-java-core as Lambda's runtime provides it: the plain jar does not ship
                // it
                jar + File.pathSeparator + ProxyJarIT.lambdaCore() + File.pathSeparator + probeDir,
                SecretsJarProbe.class.getName(),
                mode)
            .redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("RATELIMIT_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
    Path none = probeDir.resolve("no-such-aws-config");
    e.put("AWS_CONFIG_FILE", none.toString());
    e.put("AWS_SHARED_CREDENTIALS_FILE", none.toString());
    e.put("AWS_REGION", "us-east-1");
    e.put("AWS_ACCESS_KEY_ID", "testing");
    e.put("AWS_SECRET_ACCESS_KEY", "testing");
    e.put("AWS_SESSION_TOKEN", "testing");
    e.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    e.putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void theSecretsJarFetchesTheSecretInAFreshJvm() throws Exception {
    Run r = run(jar("proxy-secrets"), "fetch", Map.of(EnvironmentNames.API_KEY_SECRET_ARN, arn));

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("keyLength=" + KEY.length() + " ").doesNotContain(KEY);
  }

  @Test
  void theSecretsJarsHandlerSendsTheKeyUpstream() throws Exception {
    upstream.resetAll();
    upstream.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));

    Run r =
        run(
            jar("proxy-secrets"),
            "proxy",
            Map.of(
                EnvironmentNames.TARGET_URL,
                "http://127.0.0.1:" + upstream.port(),
                EnvironmentNames.API_KEY_SECRET_ARN,
                arn,
                EnvironmentNames.API_KEY_HEADER,
                "X-Api-Key"));

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("statusCode=200 error=").doesNotContain(KEY);
    assertThat(upstream.getAllServeEvents())
        .singleElement()
        .satisfies(ev -> assertThat(ev.getRequest().getHeader("X-Api-Key")).isEqualTo(KEY));
  }

  @Test
  void theSecretsJarAnswersSecretUnavailableForAMissingSecret() throws Exception {
    upstream.resetAll();

    Run r =
        run(
            jar("proxy-secrets"),
            "proxy",
            Map.of(
                EnvironmentNames.TARGET_URL,
                "http://127.0.0.1:" + upstream.port(),
                EnvironmentNames.API_KEY_SECRET_ARN,
                arn.replace("vendor-key", "no-such-key"),
                EnvironmentNames.API_KEY_HEADER,
                "X-Api-Key"));

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("statusCode=0 error=SecretUnavailable", "ResourceNotFoundException");
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void thePlainProxyJarWithoutASecretStillWorks() throws Exception {
    upstream.resetAll();
    upstream.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));

    Run r =
        run(
            jar("proxy"),
            "proxy",
            Map.of(EnvironmentNames.TARGET_URL, "http://127.0.0.1:" + upstream.port()));

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("statusCode=200 error=");
    assertThat(upstream.getAllServeEvents())
        .singleElement()
        .satisfies(ev -> assertThat(ev.getRequest().containsHeader("X-Api-Key")).isFalse());
  }

  @Test
  void thePlainProxyJarRefusesASecretWithAClearMessage() throws Exception {
    Run r =
        run(
            jar("proxy"),
            "proxy",
            Map.of(
                EnvironmentNames.TARGET_URL,
                "http://127.0.0.1:" + upstream.port(),
                EnvironmentNames.API_KEY_SECRET_ARN,
                arn,
                EnvironmentNames.API_KEY_HEADER,
                "X-Api-Key"));

    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("no Secrets Manager support", "proxy-secrets jar");
  }
}
