package dev.ratelimit.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.ratelimit.deploy.CloudFormationStub.changeSet;
import static dev.ratelimit.deploy.CloudFormationStub.createChangeSet;
import static dev.ratelimit.deploy.CloudFormationStub.error;
import static dev.ratelimit.deploy.CloudFormationStub.events;
import static dev.ratelimit.deploy.CloudFormationStub.noStack;
import static dev.ratelimit.deploy.CloudFormationStub.response;
import static dev.ratelimit.deploy.CloudFormationStub.stack;
import static dev.ratelimit.deploy.CloudFormationStub.stackEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ratelimit.deploy.CloudFormationStub.Ev;
import dev.ratelimit.generate.GeneratedFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What moto 5.2.1 cannot show (outputs of change-set stacks, per-resource events, failures and
 * rollbacks, busy stacks, throttling), against CloudFormation's documented Query-API responses
 * replayed by WireMock. The clients are built by {@link AwsClients}, as the goal builds them.
 */
class StackDeployerStubTest {
  private static final Map<String, String> OUTPUTS =
      Map.of(
          "FunctionUrl", "https://abcdefghij.lambda-url.us-east-1.on.aws/",
          "StateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:gw");

  private static WireMockServer server;
  private CloudFormationStub cf;
  private AwsClients aws;
  private final Recorder log = new Recorder();

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "secret");
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    cf = new CloudFormationStub(server);
    // S3: the bucket exists and the jars are already there (uploads are moto's part).
    server.stubFor(
        head(urlPathMatching("/artifacts(/.*)?"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "0")));
    for (String action : List.of("ExecuteChangeSet", "DeleteChangeSet", "DeleteStack")) {
      cf.sequence(action, response(action, action.equals("DeleteStack") ? null : ""));
    }
    cf.sequence("CreateChangeSet", createChangeSet());
    aws = AwsClients.create(new AwsClients.Settings("us-east-1", null, server.baseUrl()));
  }

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void aCreateStreamsEachResourceEventOnceInOrderAndPrintsTheOutputs() {
    Ev review = stackEvent(0, "REVIEW_IN_PROGRESS", "User Initiated");
    Ev start = stackEvent(1, "CREATE_IN_PROGRESS", "User Initiated");
    Ev roleStart = new Ev(2, "ProxyRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS", null);
    Ev roleInit =
        new Ev(
            3, "ProxyRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS", "Resource creation Initiated");
    Ev roleDone = new Ev(4, "ProxyRole", "AWS::IAM::Role", "CREATE_COMPLETE", null);
    Ev done = stackEvent(5, "CREATE_COMPLETE", null);
    cf.sequence(
        "DescribeStacks",
        noStack(),
        stack("CREATE_IN_PROGRESS"),
        stack("CREATE_IN_PROGRESS"),
        stack("CREATE_COMPLETE", OUTPUTS));
    cf.sequence(
        "DescribeChangeSet",
        changeSet("CREATE_PENDING", null),
        changeSet("CREATE_COMPLETE", null, "Proxy1", "Proxy2"));
    cf.sequence(
        "DescribeStackEvents",
        events(List.of(review), null), // the marker, before executing
        events(List.of(roleStart, start, review), null),
        events(List.of(roleDone, roleInit), "page-2"), // page 1 ...
        events(List.of(done, roleDone, roleInit, roleStart, start, review), null));
    // ... and its overlapping page 2, repeating roleInit
    server.stubFor(
        post(urlPathEqualTo("/"))
            .atPriority(1)
            .withRequestBody(containing("Action=DescribeStackEvents&"))
            .withRequestBody(containing("NextToken=page-2"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/xml")
                    .withBody(events(List.of(roleInit, roleStart, start, review), null))));

    DeployResult result = deployer().deploy(request(false));

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);
    assertThat(log.events)
        .extracting(StackEvents.Event::id)
        .containsExactly(start.id(), roleStart.id(), roleInit.id(), roleDone.id(), done.id());
    assertThat(log.events.get(2).line())
        .isEqualTo(
            String.format(
                "%-28s %-34s %-30s %s",
                "CREATE_IN_PROGRESS",
                "AWS::IAM::Role",
                "ProxyRole",
                "Resource creation Initiated"));
    assertThat(log.outputs)
        .containsEntry("FunctionUrl", OUTPUTS.get("FunctionUrl"))
        .containsEntry("StateMachineArn", OUTPUTS.get("StateMachineArn"));
    assertThat(log.plans)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.table())
                    .containsExactly(
                        "Action  LogicalResourceId  ResourceType                      Replacement",
                        "Add     Proxy1             AWS::Lambda::Function             N/A",
                        "Add     Proxy2             AWS::Lambda::Function             N/A",
                        "Modify  StateMachine       AWS::StepFunctions::StateMachine  False"));
    server.verify(
        postRequestedFor(urlPathEqualTo("/"))
            .withRequestBody(containing("Action=CreateChangeSet&"))
            .withRequestBody(containing("ChangeSetType=CREATE"))
            .withRequestBody(containing("Capabilities.member.1=CAPABILITY_IAM"))
            .withRequestBody(containing("ParameterKey=ProxyCodeKey"))
            .withRequestBody(containing("Tags.member.1.Key=team")));
  }

  @Test
  void aFailedResourceIsPrintedWithItsReasonAndFailsTheDeploy() {
    Ev start = stackEvent(1, "UPDATE_IN_PROGRESS", "User Initiated");
    Ev failed =
        new Ev(
            2,
            "Proxy4",
            "AWS::Lambda::Function",
            "CREATE_FAILED",
            "Resource handler returned message: \"Memory size 20000 is not within the range of 128 to 10240\"");
    Ev rollback =
        stackEvent(
            3,
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "The following resource(s) failed to create: [Proxy4]. ");
    Ev rolledBack = stackEvent(4, "UPDATE_ROLLBACK_COMPLETE", null);
    cf.sequence(
        "DescribeStacks",
        stack("UPDATE_COMPLETE"),
        stack("UPDATE_ROLLBACK_IN_PROGRESS"),
        stack("UPDATE_ROLLBACK_COMPLETE"));
    cf.sequence("DescribeChangeSet", changeSet("CREATE_COMPLETE", null, "Proxy4"));
    cf.sequence(
        "DescribeStackEvents",
        events(List.of(stackEvent(0, "UPDATE_COMPLETE", null)), null),
        events(List.of(rollback, failed, start), null),
        events(List.of(rolledBack, rollback, failed, start), null));

    assertThatThrownBy(() -> deployer().deploy(request(false)))
        .isInstanceOfSatisfying(
            StackFailedException.class,
            e -> {
              assertThat(e.stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
              assertThat(e.failures())
                  .singleElement()
                  .satisfies(
                      f -> {
                        assertThat(f.logicalId()).isEqualTo("Proxy4");
                        assertThat(f.reason()).contains("Memory size 20000");
                      });
            })
        .hasMessageContaining("Stack gw ended in UPDATE_ROLLBACK_COMPLETE. Failed resources:")
        .hasMessageContaining("Proxy4 (AWS::Lambda::Function) CREATE_FAILED: Resource handler")
        .hasMessageContaining("back at its previous version");
    assertThat(log.events).anyMatch(StackEvents.Event::failed);
  }

  @Test
  void anElasticIpQuotaFailureNamesTheQuotaToRaise() {
    Ev start = stackEvent(1, "UPDATE_IN_PROGRESS", "User Initiated");
    Ev failed =
        new Ev(
            2,
            "Proxy6ElasticIp",
            "AWS::EC2::EIP",
            "CREATE_FAILED",
            "Resource handler returned message: \"The maximum number of addresses has been reached."
                + " (Service: Ec2, Status Code: 400, Request ID: 1f2e)\" (HandlerErrorCode:"
                + " ServiceLimitExceeded)");
    Ev rolledBack = stackEvent(3, "UPDATE_ROLLBACK_COMPLETE", null);
    cf.sequence("DescribeStacks", stack("UPDATE_COMPLETE"), stack("UPDATE_ROLLBACK_COMPLETE"));
    cf.sequence("DescribeChangeSet", changeSet("CREATE_COMPLETE", null, "Proxy6ElasticIp"));
    cf.sequence(
        "DescribeStackEvents",
        events(List.of(stackEvent(0, "UPDATE_COMPLETE", null)), null),
        events(List.of(rolledBack, failed, start), null));

    assertThatThrownBy(() -> deployer().deploy(request(false)))
        .isInstanceOfSatisfying(
            StackFailedException.class,
            e ->
                assertThat(e.fix())
                    .startsWith(
                        "The account ran out of Elastic IP addresses in this region (one per proxy)"
                            + " (Proxy6ElasticIp): raise the quota \"EC2-VPC Elastic IPs (L-0263D0A3)\"")
                    .endsWith(
                        "back at its previous version. Fix the cause above and deploy again."));
  }

  @Test
  void aStackLeftInRollbackCompleteIsDeletedAndCreatedAgain() {
    cf.sequence(
        "DescribeStacks",
        stack("ROLLBACK_COMPLETE"),
        stack("DELETE_IN_PROGRESS"),
        noStack(),
        stack("CREATE_COMPLETE", OUTPUTS));
    cf.sequence("DescribeChangeSet", changeSet("CREATE_COMPLETE", null, "Proxy1"));
    cf.sequence(
        "DescribeStackEvents", events(List.of(stackEvent(0, "ROLLBACK_COMPLETE", null)), null));

    DeployResult result = deployer().deploy(request(false));

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);
    assertThat(log.warnings)
        .anyMatch(w -> w.contains("ROLLBACK_COMPLETE") && w.contains("deleting it"));
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteStack&")));
    server.verify(
        postRequestedFor(urlPathEqualTo("/"))
            .withRequestBody(containing("Action=CreateChangeSet&"))
            .withRequestBody(containing("ChangeSetType=CREATE")));
  }

  @Test
  void aStackBusyWithAnotherDeployIsLeftAlone() {
    cf.sequence("DescribeStacks", stack("UPDATE_IN_PROGRESS"));

    assertThatThrownBy(() -> deployer().deploy(request(false)))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining(
            "Stack gw is UPDATE_IN_PROGRESS: another operation is running on it."
                + " Nothing was uploaded or changed.")
        .hasMessageContaining(
            "aws cloudformation describe-stacks --stack-name gw --region us-east-1");
    server.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void anUnexpectedAwsErrorLeavesTheDeployerAsItsOwnTypeWithTheStackNamed() {
    cf.sequence("DescribeStacks", error("UnexpectedServiceError", "Something else went wrong"));

    assertThatThrownBy(() -> deployer().deploy(request(false)))
        .isInstanceOf(AwsCallException.class)
        .hasMessageStartingWith("AWS call failed while deploying stack gw: ")
        .hasMessageContaining("Something else went wrong");
    assertThatThrownBy(() -> deployer().undeploy("gw", Duration.ofMinutes(1)))
        .isInstanceOf(AwsCallException.class)
        .hasMessageStartingWith("AWS call failed while deleting stack gw: ");
  }

  @Test
  void throttlingIsRetriedByTheSdk() {
    cf.sequence(
        "DescribeStacks",
        error("Throttling", "Rate exceeded"),
        error("Throttling", "Rate exceeded"),
        stack("UPDATE_COMPLETE", OUTPUTS));
    cf.sequence(
        "DescribeChangeSet",
        changeSet(
            "FAILED",
            "The submitted information didn't contain changes. Submit different information to create a change set."));

    DeployResult result = deployer().deploy(request(false));

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.NO_CHANGES);
    assertThat(result.outputs()).containsKey("FunctionUrl");
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/"))
            .withRequestBody(containing("Action=DeleteChangeSet&")));
    server.verify(
        0,
        postRequestedFor(urlPathEqualTo("/"))
            .withRequestBody(containing("Action=ExecuteChangeSet&")));
  }

  @Test
  void staticEgressAddressesAreNamedAsTheAllowlist() {
    // moto 5.2.1 reports no outputs for stacks deployed by change sets, so this is checked here
    Map<String, String> outputs = new TreeMap<>(OUTPUTS);
    outputs.put("Proxy1EgressIp", "203.0.113.10");
    outputs.put("Proxy2EgressIp", "203.0.113.11");
    outputs.put("EgressIps", "203.0.113.10,203.0.113.11");
    cf.sequence("DescribeStacks", stack("UPDATE_COMPLETE", outputs));
    cf.sequence(
        "DescribeChangeSet",
        changeSet(
            "FAILED",
            "The submitted information didn't contain changes. Submit different information to create a change set."));

    deployer().deploy(request(false));

    assertThat(log.info)
        .contains(
            "Each proxy calls the vendor from its own Elastic IP; allowlist"
                + " these addresses: 203.0.113.10,203.0.113.11");
  }

  @Test
  void withoutStaticEgressNoAllowlistIsPrinted() {
    cf.sequence("DescribeStacks", stack("UPDATE_COMPLETE", OUTPUTS));
    cf.sequence(
        "DescribeChangeSet",
        changeSet(
            "FAILED",
            "The submitted information didn't contain changes. Submit different information to create a change set."));

    deployer().deploy(request(false));

    assertThat(log.info).noneMatch(l -> l.contains("allowlist"));
  }

  @Test
  void aTimeoutSaysHowToCheckTheStack() {
    cf.sequence("DescribeStacks", stack("UPDATE_COMPLETE"), stack("UPDATE_IN_PROGRESS"));
    cf.sequence("DescribeChangeSet", changeSet("CREATE_COMPLETE", null, "Proxy4"));
    cf.sequence(
        "DescribeStackEvents", events(List.of(stackEvent(0, "UPDATE_COMPLETE", null)), null));
    DeployRequest r = request(false);
    DeployRequest quick =
        new DeployRequest(
            r.stackName(),
            r.workflowName(),
            r.artifactBucket(),
            r.template(),
            r.proxyJar(),
            r.orchestratorJar(),
            null,
            null,
            false,
            false,
            Duration.ofMillis(300));

    assertThatThrownBy(() -> deployer().deploy(quick))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("Stopped waiting for stack gw: it is still UPDATE_IN_PROGRESS")
        .hasMessageContaining(
            "aws cloudformation describe-stacks --stack-name gw --region us-east-1");
  }

  @Test
  void aDryRunDeletesTheChangeSetAndExecutesNothing() {
    cf.sequence("DescribeStacks", stack("UPDATE_COMPLETE"));
    cf.sequence("DescribeChangeSet", changeSet("CREATE_COMPLETE", null, "Proxy4"));

    DeployResult result = deployer().deploy(request(true));

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.DRY_RUN);
    assertThat(log.plans).hasSize(1);
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/"))
            .withRequestBody(containing("Action=DeleteChangeSet&")));
    server.verify(
        0,
        postRequestedFor(urlPathEqualTo("/"))
            .withRequestBody(containing("Action=ExecuteChangeSet&")));
    server.verify(
        0,
        postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteStack&")));
  }

  private StackDeployer deployer() {
    return new StackDeployer(aws.cloudFormation(), aws.s3(), log)
        .pollInterval(Duration.ofMillis(10));
  }

  private static DeployRequest request(boolean dryRun) {
    return new DeployRequest(
        "gw",
        "gw",
        "artifacts",
        GeneratedFile.text("gw.template.yaml", "Resources: {}\n"),
        new GeneratedFile("gw-proxy.jar", new byte[] {1, 2, 3}),
        new GeneratedFile("gw-orchestrator.jar", new byte[] {4, 5, 6}),
        null,
        new TreeMap<>(Map.of("team", "payments")),
        dryRun,
        false,
        Duration.ofMinutes(1));
  }

  static final class Recorder implements DeployListener {
    final List<StackEvents.Event> events = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<ChangeSetPlan> plans = new ArrayList<>();
    final Map<String, String> outputs = new TreeMap<>();
    final List<String> info = new ArrayList<>();

    @Override
    public void info(String line) {
      info.add(line);
    }

    @Override
    public void warn(String line) {
      warnings.add(line);
    }

    @Override
    public void changeSet(ChangeSetPlan plan) {
      plans.add(plan);
    }

    @Override
    public void event(StackEvents.Event event) {
      events.add(event);
    }

    @Override
    public void outputs(Map<String, String> o) {
      outputs.putAll(o);
    }
  }
}
