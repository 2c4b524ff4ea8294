package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.deploy.ChangeSetPlan;
import dev.ratelimit.deploy.DeployException;
import dev.ratelimit.deploy.DeployListener;
import dev.ratelimit.deploy.DeployRequest;
import dev.ratelimit.deploy.DeployResult;
import dev.ratelimit.deploy.StackDeployer;
import dev.ratelimit.deploy.StackEvents;
import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * ratelimit:deploy's happy paths against moto_server, with real SDK calls (SPEC §7, §8): one stack
 * taken through dry run, create, no-op, update, dry-run update and undeploy, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployMotoConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "ratelimit-artifacts";
  private static final String STACK = "deploy-it";

  private static CloudFormationClient cloudFormation;
  private static S3Client s3;

  private final Recorder log = new Recorder();

  @BeforeAll
  static void clients() {
    cloudFormation = MOTO.client(CloudFormationClient.builder());
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void close() {
    cloudFormation.close();
    s3.close();
  }

  @Test
  @Order(1)
  void aMissingBucketIsNamedAndNothingIsCreated() {
    DeployRequest request = request(spec(3), "no-such-bucket", false);
    assertThatThrownBy(() -> deployer().deploy(request))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("The artifact bucket 'no-such-bucket' does not exist")
        .hasMessageContaining("aws s3 mb s3://no-such-bucket");
    assertThat(stackExists()).isFalse();
  }

  @Test
  @Order(2)
  void aDryRunOfTheFirstCreateShowsTheChangesAndLeavesNoStack() {
    DeployResult result = deployer().deploy(request(spec(3), BUCKET, true));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.DRY_RUN);
    assertThat(log.plans)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.rows())
                    .extracting(ChangeSetPlan.Row::logicalId)
                    .contains("Proxy1", "Proxy3", "StateMachine"));
    assertThat(stackExists()).isFalse();
    // The change set needs the jars' keys, so a dry run uploads them (content-addressed, harmless).
    // (with the dashboard and alarms the template is over 51,200 bytes: it goes through S3 too)
    assertThat(log.uploaded)
        .filteredOn(k -> k.endsWith(".jar"))
        .hasSize(2)
        .allMatch(k -> k.startsWith("ratelimit/deploy-it/"));
  }

  @Test
  @Order(3)
  void firstDeployUploadsTheJarsAndCreatesTheStack() {
    DeployResult result = deployer().deploy(request(spec(3), BUCKET, false));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);
    assertThat(log.uploaded).isEmpty();
    assertThat(log.skipped)
        .filteredOn(k -> k.endsWith(".jar"))
        .hasSize(2)
        .allMatch(k -> k.startsWith("ratelimit/deploy-it/"));
    assertThat(s3.headObject(h -> h.bucket(BUCKET).key(log.skipped.get(0))).contentLength())
        .isPositive();
    assertThat(log.events).anyMatch(l -> l.startsWith("CREATE_COMPLETE"));
    assertThat(stackStatus()).isEqualTo("CREATE_COMPLETE");
    assertThat(function("Proxy3")).isEqualTo("deploy-it-proxy-3");
    // SnapStart (the default): a published version per function. (The alias is created too, but
    // moto
    // 5.2.1 lists it without logical id or type, so it cannot be picked out here.)
    assertThat(cloudFormation.describeStackResources(r -> r.stackName(STACK)).stackResources())
        .filteredOn(r -> "AWS::Lambda::Version".equals(r.resourceType()))
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.resourceStatusAsString()).isEqualTo("CREATE_COMPLETE"));
    // the dashboard, as moto's CloudWatch API has it, with the template's Fn::Sub resolved (moto's
    // CloudFormation has no AWS::CloudWatch::Alarm: it skips the alarms)
    String dashboard = dashboard(STACK + "-" + MotoServer.REGION);
    assertThat(dashboard)
        .contains(
            "Throttle rate per proxy (%)",
            STACK + "-proxy-3",
            "arn:aws:states:"
                + MotoServer.REGION
                + ":"
                + MotoServer.ACCOUNT
                + ":stateMachine:"
                + STACK)
        .doesNotContain("${");
    print("create");
  }

  @Test
  @Order(4)
  void aRepeatDeployWithoutChangesSucceedsAndLeavesNoChangeSet() {
    DeployResult result = deployer().deploy(request(spec(3), BUCKET, false));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.NO_CHANGES);
    assertThat(log.uploaded).isEmpty();
    assertThat(log.skipped).filteredOn(k -> k.endsWith(".jar")).hasSize(2);
    assertThat(cloudFormation.listChangeSets(r -> r.stackName(STACK)).summaries())
        .noneMatch(s -> "AVAILABLE".equals(s.executionStatusAsString()));
    print("no-op");
  }

  @Test
  @Order(5)
  void failOnEmptyChangeSetTurnsTheNoOpIntoAFailure() {
    DeployRequest base = request(spec(3), BUCKET, false);
    DeployRequest strict =
        new DeployRequest(
            base.stackName(),
            base.workflowName(),
            base.artifactBucket(),
            base.template(),
            base.proxyJar(),
            base.orchestratorJar(),
            base.parameterOverrides(),
            base.tags(),
            false,
            true,
            base.timeout());
    assertThatThrownBy(() -> deployer().deploy(strict))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("No changes to deploy");
  }

  @Test
  @Order(6)
  void anUpdateAddsTheFourthProxy() {
    DeployResult result = deployer().deploy(request(spec(4), BUCKET, false));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.UPDATED);
    assertThat(log.plans)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.rows())
                    .anyMatch(r -> r.action().equals("Add") && r.logicalId().equals("Proxy4")));
    assertThat(stackStatus()).isEqualTo("UPDATE_COMPLETE");
    assertThat(function("Proxy4")).isEqualTo("deploy-it-proxy-4");
    print("update");
  }

  @Test
  @Order(7)
  void aDryRunUpdateChangesNothing() {
    DeployResult result = deployer().deploy(request(spec(5), BUCKET, true));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.DRY_RUN);
    assertThat(log.plans)
        .singleElement()
        .satisfies(p -> assertThat(p.rows()).anyMatch(r -> r.logicalId().equals("Proxy5")));
    assertThat(cloudFormation.describeStackResources(r -> r.stackName(STACK)).stackResources())
        .extracting(StackResource::logicalResourceId)
        .contains("Proxy4")
        .doesNotContain("Proxy5");
    assertThat(stackStatus()).isEqualTo("UPDATE_COMPLETE");
  }

  @Test
  @Order(8)
  void aTemplateOverTheInlineLimitGoesThroughS3() {
    WorkflowSpec big =
        WorkflowSpec.builder()
            .workflowName("deploy-big")
            .targetUrl("https://api.vendor.example/v1")
            .workflowType("STANDARD")
            .proxies(10)
            .maxAttempts(60)
            .build();
    DeployRequest request = request(big, BUCKET, false);
    assertThat(request.template().content().length)
        .isGreaterThan(StackDeployer.TEMPLATE_BODY_MAX_BYTES);
    DeployResult result = deployer().deploy(request);
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);
    assertThat(log.uploaded).anyMatch(k -> k.endsWith("/deploy-big.template.yaml"));
    assertThat(log.info).anyMatch(l -> l.contains("it goes by https://"));
    deployer().undeploy("deploy-big", Duration.ofMinutes(5));
  }

  @Test
  @Order(9)
  void undeployDeletesTheStack() {
    deployer().undeploy(STACK, Duration.ofMinutes(5));
    assertThat(stackExists()).isFalse();
    assertThat(log.info).anyMatch(l -> l.equals("Stack deploy-it deleted."));
    deployer().undeploy(STACK, Duration.ofMinutes(5));
    assertThat(log.info).anyMatch(l -> l.contains("does not exist: nothing to delete"));
  }

  private StackDeployer deployer() {
    return new StackDeployer(cloudFormation, s3, log).pollInterval(Duration.ofMillis(200));
  }

  private static WorkflowSpec spec(int proxies) {
    return WorkflowSpec.builder()
        .workflowName(STACK)
        .targetUrl("https://api.vendor.example/v1")
        .proxies(proxies)
        .maxAttempts(3)
        .tags(Map.of("team", "it"))
        .alarmTopicArn("arn:aws:sns:us-east-1:123456789012:deploy-it-alarms")
        .build();
  }

  private static DeployRequest request(WorkflowSpec spec, String bucket, boolean dryRun) {
    List<GeneratedFile> files = new GatewayGenerator().generate(spec, RuntimeBundle.load());
    return new DeployRequest(
        spec.workflowName(),
        spec.workflowName(),
        bucket,
        DeployRequest.template(files),
        DeployRequest.pick(files, "-proxy.jar"),
        DeployRequest.pick(files, "-orchestrator.jar"),
        null,
        new TreeMap<>(Map.of("team", "it")),
        dryRun,
        false,
        Duration.ofMinutes(5));
  }

  /**
   * The function behind a logical id, from CloudFormation's API. (moto 5.2.1 keeps the functions
   * its CloudFormation creates out of its Lambda API's listing once "lambda-simple" is configured.)
   */
  private static String function(String logicalId) {
    StackResourceDetail resource =
        cloudFormation
            .describeStackResource(r -> r.stackName(STACK).logicalResourceId(logicalId))
            .stackResourceDetail();
    assertThat(resource.resourceType()).isEqualTo("AWS::Lambda::Function");
    assertThat(resource.resourceStatusAsString()).endsWith("_COMPLETE");
    return resource.physicalResourceId();
  }

  /**
   * GetDashboard's answer from moto (one query-protocol call: this module has no CloudWatch client;
   * moto reads the service and region from the credential scope and does not check the signature).
   */
  private static String dashboard(String name) {
    HttpRequest request =
        HttpRequest.newBuilder(MOTO.endpoint().resolve("/"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20260101/"
                    + MotoServer.REGION
                    + "/monitoring/aws4_request, SignedHeaders=host, Signature=0")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "Action=GetDashboard&Version=2010-08-01&DashboardName=" + name))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean stackExists() {
    try {
      return cloudFormation.describeStacks(r -> r.stackName(STACK)).stacks().stream()
          .anyMatch(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()));
    } catch (CloudFormationException e) {
      return false;
    }
  }

  private static String stackStatus() {
    return cloudFormation
        .describeStacks(r -> r.stackName(STACK))
        .stacks()
        .get(0)
        .stackStatusAsString();
  }

  private void print(String title) {
    System.out.println("---- deploy log against moto_server: " + title + " ----");
    log.all.forEach(System.out::println);
  }

  /** Keeps what a deploy reported. */
  static final class Recorder implements DeployListener {
    final List<String> all = new ArrayList<>();
    final List<String> info = new ArrayList<>();
    final List<String> uploaded = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<ChangeSetPlan> plans = new ArrayList<>();

    @Override
    public void info(String line) {
      info.add(line);
      all.add("[INFO] " + line);
    }

    @Override
    public void warn(String line) {
      all.add("[WARNING] " + line);
    }

    @Override
    public void uploaded(String bucket, String key, long bytes) {
      uploaded.add(key);
      all.add("[INFO] Uploaded  s3://" + bucket + "/" + key + " (" + bytes + " bytes)");
    }

    @Override
    public void uploadSkipped(String bucket, String key) {
      skipped.add(key);
      all.add("[INFO] Unchanged s3://" + bucket + "/" + key + " (already uploaded)");
    }

    @Override
    public void changeSet(ChangeSetPlan plan) {
      plans.add(plan);
      all.add(
          "[INFO] Changes to stack "
              + plan.stackName()
              + " (change set "
              + plan.changeSetName()
              + "):");
      plan.table().forEach(l -> all.add("[INFO]   " + l));
    }

    @Override
    public void event(StackEvents.Event event) {
      events.add(event.line());
      all.add("[INFO] " + event.line());
    }

    @Override
    public void outputs(Map<String, String> outputs) {
      all.add("[INFO] Outputs: " + outputs);
    }
  }
}
