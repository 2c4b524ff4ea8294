package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ratelimit.deploy.DeployRequest;
import dev.ratelimit.deploy.DeployResult;
import dev.ratelimit.deploy.StackDeployer;
import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.OutputWriter;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.testsupport.MotoServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The vendor key end to end in moto (SPEC §7, §8): a secret named without suffix (one that ends
 * like a complete ARN), one given by its complete ARN, and one in another region than the stack.
 * Each gateway is generated, deployed to moto's CloudFormation, its proxy role's grant is evaluated
 * by iam-simulate against the secret's real ARN, and the generated proxy jar, in a fresh JVM
 * configured exactly as the template configures the function (in the stack's region), reads the key
 * from moto and sends it.
 */
class ApiKeyMotoConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  static final String BUCKET = "ratelimit-key-artifacts";

  static CloudFormationClient cloudFormation;
  static S3Client s3;
  static HttpServer upstream;
  static final List<String> KEYS_SEEN = new CopyOnWriteArrayList<>();

  @TempDir Path work;

  @BeforeAll
  static void start() throws Exception {
    cloudFormation = MOTO.client(CloudFormationClient.builder());
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    s3.createBucket(b -> b.bucket(BUCKET));
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          KEYS_SEEN.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")));
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
  }

  @AfterAll
  static void stop() {
    cloudFormation.close();
    s3.close();
    upstream.stop(0);
  }

  /**
   * @param form how apiKeySecretArn is given: {@code name} (the ARN without Secrets Manager's
   *     suffix) or {@code complete}
   */
  @ParameterizedTest(name = "secret {1} in {2}, given as {3}")
  @CsvSource({
    "key-name,     stripe-secret,  us-east-1, name",
    "key-complete, vendor/api-key, us-east-1, complete",
    "key-region,   vendor-key,     eu-west-2, name"
  })
  void theDeployedProxyReadsItsKey(
      String workflow, String secretName, String secretRegion, String form) throws Exception {
    String key = "moto-key-" + workflow;
    String realArn;
    try (SecretsManagerClient secrets =
        MOTO.client(SecretsManagerClient.builder(), Region.of(secretRegion))) {
      realArn = secrets.createSecret(r -> r.name(secretName).secretString(key)).arn();
    }
    assertThat(realArn)
        .matches(
            ".*:secretsmanager:"
                + secretRegion
                + ":\\d{12}:secret:"
                + secretName
                + "-[A-Za-z0-9]{6}");
    String configured =
        form.equals("complete") ? realArn : realArn.substring(0, realArn.length() - 7);

    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName(workflow)
            .targetUrl("http://127.0.0.1:" + upstream.getAddress().getPort())
            .allowInsecureHttp(true)
            .proxies(1)
            .maxAttempts(1)
            .apiKeySecretArn(configured)
            .apiKeyHeader("X-Api-Key")
            .build();
    List<GeneratedFile> files = new GatewayGenerator().generate(spec, RuntimeBundle.load());
    new OutputWriter().write(work, files);

    // 1. It deploys.
    DeployResult result =
        new StackDeployer(cloudFormation, s3, new DeployMotoConformanceIT.Recorder())
            .pollInterval(Duration.ofMillis(200))
            .deploy(
                new DeployRequest(
                    workflow,
                    workflow,
                    BUCKET,
                    DeployRequest.template(files),
                    DeployRequest.pick(files, "-proxy.jar"),
                    DeployRequest.pick(files, "-orchestrator.jar"),
                    null,
                    new TreeMap<>(),
                    false,
                    false,
                    Duration.ofMinutes(5)));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);

    // 2. Its proxy role may read the secret as it really is named, and iam-simulate says so.
    DeployedTemplate template =
        new DeployedTemplate(
            GeneratedWorkflow.inDirectory("moto " + workflow, work).get(0), workflow);
    IamSimulator.Case read =
        new IamSimulator.Case(
            "read",
            template.rolePolicies(template.roleOf("Proxy1")),
            "secretsmanager:GetSecretValue",
            realArn,
            true);
    assertThat(IamSimulator.evaluate(List.of(read)))
        .as(read.toString())
        .containsEntry("read", "Allowed");

    // 3. The generated proxy jar, configured as the template configures Proxy1, reads it and sends
    // it.
    KEYS_SEEN.clear();
    Map<String, String> environment = template.environment("Proxy1");
    String output =
        probe(work.resolve(workflow + "-proxy.jar"), environment, workflow + "-proxy-1");
    assertThat(output)
        .as("the proxy's answer")
        .contains("statusCode=200 error=")
        .doesNotContain(key);
    assertThat(KEYS_SEEN).containsExactly(key);
  }

  /**
   * The proxy in a fresh JVM, in the stack's region, with AWS's endpoints pointing at moto and the
   * variables Lambda itself sets (the region, the function's name).
   */
  private static String probe(Path jar, Map<String, String> environment, String functionName)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path probeClasses =
        Path.of(ProxyKeyProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ProcessBuilder pb =
        new ProcessBuilder(
                java, "-cp", jar + File.pathSeparator + probeClasses, ProxyKeyProbe.class.getName())
            .redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("RATELIMIT_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
    e.putAll(environment);
    e.remove("JAVA_TOOL_OPTIONS");
    Path none = Files.createTempFile("no-aws-config", "");
    e.put("AWS_CONFIG_FILE", none.toString());
    e.put("AWS_SHARED_CREDENTIALS_FILE", none.toString());
    e.put("AWS_REGION", MotoServer.REGION);
    e.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
    e.put("AWS_ACCESS_KEY_ID", "testing");
    e.put("AWS_SECRET_ACCESS_KEY", "testing");
    e.put("AWS_ENDPOINT_URL", MOTO.endpoint().toString());
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }
}
