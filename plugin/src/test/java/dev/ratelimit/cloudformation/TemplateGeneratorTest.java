package dev.ratelimit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.generate.SampleSpecs;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateGeneratorTest {
  static final FunctionCode CODE = new FunctionCode("a".repeat(64), "b".repeat(64));

  static ObjectNode template(WorkflowSpec spec) {
    return template(spec, CODE);
  }

  static ObjectNode template(WorkflowSpec spec, FunctionCode code) {
    String definition = CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
    return new TemplateGenerator().generate(spec, definition, code);
  }

  private static List<JsonNode> statements(JsonNode role) {
    List<JsonNode> out = new ArrayList<>();
    role.at("/Properties/Policies")
        .forEach(p -> p.at("/PolicyDocument/Statement").forEach(out::add));
    return out;
  }

  @Test
  void withoutSnapStartTheStateMachineMayInvokeExactlyItsProxies() {
    ObjectNode t =
        template(
            WorkflowSpec.builder()
                .workflowName("rotating")
                .targetUrl("https://api.vendor.example")
                .proxies(2)
                .snapStart(false)
                .build());
    JsonNode invoke =
        statements(t.at("/Resources/StateMachineRole")).stream()
            .filter(s -> s.get("Action").toString().contains("lambda:InvokeFunction"))
            .findFirst()
            .orElseThrow();
    assertThat(invoke.get("Action")).hasSize(1);
    assertThat(invoke.get("Resource").toString())
        .isEqualTo("[{\"Fn::GetAtt\":[\"Proxy1\",\"Arn\"]},{\"Fn::GetAtt\":[\"Proxy2\",\"Arn\"]}]");
  }

  @Test
  void noWildcardActionsAndWildcardResourcesOnlyWhereAwsRequiresThem() {
    ObjectNode t = template(SampleSpecs.standard()); // tracing on: the widest policy set
    for (String role : List.of("ProxyRole", "StateMachineRole")) {
      for (JsonNode s : statements(t.at("/Resources/" + role))) {
        s.get("Action").forEach(a -> assertThat(a.asText()).doesNotContain("*"));
        if (s.get("Resource").isTextual()) {
          assertThat(s.get("Resource").asText()).isEqualTo("*");
          s.get("Action")
              .forEach(
                  a ->
                      assertThat(a.asText())
                          .matches(
                              "logs:(Create|Delete|Get|Update)LogDelivery|logs:ListLogDeliveries"
                                  + "|logs:(DescribeLogGroups|DescribeResourcePolicies|PutResourcePolicy)"
                                  + "|xray:.*"));
        }
      }
    }
  }

  @Test
  void proxiesMayWriteOnlyTheirOwnLogGroups() {
    ObjectNode t = template(SampleSpecs.rotating());
    List<JsonNode> s = statements(t.at("/Resources/ProxyRole"));
    assertThat(s).hasSize(1);
    assertThat(s.get(0).get("Resource").toString())
        .isEqualTo(
            "[{\"Fn::GetAtt\":[\"Proxy1LogGroup\",\"Arn\"]},{\"Fn::GetAtt\":[\"Proxy2LogGroup\",\"Arn\"]}]");
  }

  @Test
  void orchestratorReservedConcurrencyCapsOnlyTheOrchestrator() {
    WorkflowSpec capped =
        WorkflowSpec.builder()
            .workflowName("public-gateway")
            .targetUrl("https://api.vendor.example")
            .functionUrlAuth("NONE")
            .orchestratorReservedConcurrency(50)
            .build();
    ObjectNode t = template(capped);
    assertThat(t.at("/Resources/Orchestrator/Properties/ReservedConcurrentExecutions").asInt())
        .isEqualTo(50);
    assertThat(t.at("/Resources/Proxy1/Properties").has("ReservedConcurrentExecutions")).isFalse();
    assertThat(
            template(SampleSpecs.standard())
                .at("/Resources/Orchestrator/Properties")
                .has("ReservedConcurrentExecutions"))
        .isFalse();
  }

  @Test
  void rolesAreUnnamedAndCarryTheBoundary() {
    ObjectNode t = template(SampleSpecs.standard());
    for (String role : List.of("ProxyRole", "StateMachineRole")) {
      JsonNode props = t.at("/Resources/" + role + "/Properties");
      assertThat(props.has("RoleName")).isFalse();
      assertThat(props.get("PermissionsBoundary").asText())
          .isEqualTo("arn:aws:iam::123456789012:policy/team-boundary");
    }
    assertThat(
            t.at(
                    "/Resources/StateMachineRole/Properties/AssumeRolePolicyDocument/Statement/0"
                        + "/Condition/StringEquals/aws:SourceAccount/Ref")
                .asText())
        .isEqualTo("AWS::AccountId");
  }

  @Test
  void loggingKeepsExecutionDataOutAndLogGroupsExpire() {
    ObjectNode t = template(SampleSpecs.defaults());
    JsonNode logging = t.at("/Resources/StateMachine/Properties/LoggingConfiguration");
    assertThat(logging.get("IncludeExecutionData").asBoolean()).isFalse();
    assertThat(t.at("/Resources/StateMachineLogGroup/Properties/LogGroupName").asText())
        .isEqualTo("/aws/vendedlogs/states/vendor-gateway");
    t.get("Resources")
        .forEach(
            r -> {
              if (r.get("Type").asText().equals("AWS::Logs::LogGroup")) {
                assertThat(r.at("/Properties/RetentionInDays").asInt()).isEqualTo(14);
              }
            });
  }

  @Test
  void definitionEntersAsPlainStringSub() {
    WorkflowSpec spec = SampleSpecs.standard(); // without SnapStart: the text goes in unchanged
    String definition = CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
    ObjectNode t = new TemplateGenerator().generate(spec, definition, CODE);
    assertThat(t.at("/Resources/StateMachine/Properties/DefinitionString/Fn::Sub").asText())
        .isEqualTo(definition)
        .isEqualTo(TemplateGenerator.definition(t));
    assertThat(t.at("/Resources/StateMachine/Properties").has("Definition")).isFalse();
    assertThat(t.at("/Resources/StateMachine/Properties").has("DefinitionSubstitutions")).isFalse();
  }

  @Test
  void withMetricsOffThereIsNoDashboardAndNoMetricsVariable() {
    ObjectNode on = template(SampleSpecs.defaults());
    assertThat(on.at("/Resources/Dashboard/Type").asText()).isEqualTo("AWS::CloudWatch::Dashboard");
    assertThat(
            on.at("/Resources/Proxy1/Properties/Environment/Variables")
                .has("RATELIMIT_METRICS_NAMESPACE"))
        .isTrue();
    assertThat(
            on.at("/Resources/Orchestrator/Properties/Environment/Variables")
                .has("RATELIMIT_METRICS_WORKFLOW"))
        .isTrue();
    assertThat(on.at("/Resources").has("FailureRateAlarm")).isFalse();

    ObjectNode off =
        template(
            WorkflowSpec.builder()
                .workflowName("vendor-gateway")
                .targetUrl("https://api.vendor.example/v1")
                .metrics(false)
                .build());
    assertThat(off.at("/Resources").has("Dashboard")).isFalse();
    assertThat(off.toString()).doesNotContain("RATELIMIT_METRICS", "AWS::CloudWatch");
  }

  @Test
  void aStandardOrchestratorEmitsNoRequestMetrics() {
    ObjectNode t = template(SampleSpecs.standard());
    assertThat(
            t.at("/Resources/Orchestrator/Properties/Environment/Variables")
                .has("RATELIMIT_METRICS_NAMESPACE"))
        .isFalse();
    assertThat(
            t.at("/Resources/Proxy4/Properties/Environment/Variables/RATELIMIT_METRICS_NAMESPACE")
                .asText())
        .isEqualTo("Payments/Gateways");
    assertThat(t.at("/Resources/LatencyAlarm/Properties/Namespace").asText())
        .isEqualTo("AWS/States");
  }

  @Test
  void everyResourceIsTaggedAndCodeComesFromParameters() {
    ObjectNode t = template(SampleSpecs.standard());
    // Function URLs and permissions take no tags, the dashboard is generated without; all else has
    // them.
    t.get("Resources")
        .forEach(
            r -> {
              if (!List.of(
                      "AWS::Lambda::Url", "AWS::Lambda::Permission", "AWS::CloudWatch::Dashboard")
                  .contains(r.get("Type").asText())) {
                assertThat(r.at("/Properties/Tags").toString())
                    .contains("{\"Key\":\"ratelimit:workflow\",\"Value\":\"orders-api\"}")
                    .contains("{\"Key\":\"team\",\"Value\":\"payments\"}");
              }
            });
    assertThat(t.at("/Resources/Proxy1/Properties/Code").toString())
        .isEqualTo(
            "{\"S3Bucket\":{\"Ref\":\"ArtifactBucket\"},\"S3Key\":{\"Ref\":\"ProxyCodeKey\"}}");
    assertThat(t.get("Outputs").fieldNames())
        .toIterable()
        .containsExactly("FunctionUrl", "StateMachineArn", "StateMachineName", "ProxyFunctions");
  }

  @Test
  void proxyEnvironmentIsUnderstoodByTheProxyItself() {
    Map<String, String> env = ProxyEnvironment.of(SampleSpecs.standard());
    // The proxy's own parser accepts every value the template sets.
    ProxyConfig config = ProxyConfig.fromEnvironment(env);
    assertThat(config).isNotNull();
    assertThat(env)
        .containsEntry("RATELIMIT_RETRY_ON", "429,500-599")
        .containsEntry("RATELIMIT_BACKOFF_MULTIPLIER", "2.0")
        .containsEntry("RATELIMIT_MAX_RETRY_AFTER_SECONDS", "600")
        .containsEntry("RATELIMIT_FORWARD_HEADERS", "accept,content-type,x-request-id");
  }

  @Test
  void expressOrchestratorMayOnlyStartSyncExecutionsOfItsStateMachine() {
    ObjectNode t = template(SampleSpecs.defaults());
    List<JsonNode> s = statements(t.at("/Resources/OrchestratorRole"));
    assertThat(s)
        .extracting(st -> st.get("Action").toString())
        .containsExactly(
            "[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]", "[\"states:StartSyncExecution\"]");
    assertThat(s.get(1).get("Resource").toString()).isEqualTo("[{\"Ref\":\"StateMachine\"}]");
    assertThat(t.at("/Resources/Orchestrator/Properties/Timeout").asInt())
        .isEqualTo(SampleSpecs.defaults().worstCase().totalSeconds() + 10);
  }

  @Test
  void standardOrchestratorStartsAndReadsOnlyThisStateMachinesExecutions() {
    ObjectNode t = template(SampleSpecs.standard());
    String policies = t.at("/Resources/OrchestratorRole/Properties/Policies").toString();
    assertThat(policies)
        .contains("\"states:StartExecution\"")
        .contains("\"states:DescribeExecution\"")
        .doesNotContain("StartSyncExecution")
        .contains(
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:orders-api:*");
    assertThat(t.at("/Resources/Orchestrator/Properties/Timeout").asInt()).isEqualTo(30);
  }

  @Test
  void urlIsIamAuthenticatedByDefaultWithNoPublicPermission() {
    ObjectNode t = template(SampleSpecs.defaults());
    assertThat(t.at("/Resources/OrchestratorUrl/Properties/AuthType").asText())
        .isEqualTo("AWS_IAM");
    t.get("Resources")
        .forEach(r -> assertThat(r.get("Type").asText()).isNotEqualTo("AWS::Lambda::Permission"));
    assertThat(t.at("/Outputs/FunctionUrl/Value").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"OrchestratorUrl\",\"FunctionUrl\"]}");
  }

  @Test
  void publicUrlGetsBothPermissionsAwsRequires() {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("pub")
            .targetUrl("https://api.vendor.example")
            .functionUrlAuth("NONE")
            .build();
    ObjectNode t = template(spec);
    assertThat(t.at("/Resources/OrchestratorUrl/Properties/AuthType").asText()).isEqualTo("NONE");
    JsonNode url = t.at("/Resources/OrchestratorPublicUrlPermission/Properties");
    assertThat(url.get("Action").asText()).isEqualTo("lambda:InvokeFunctionUrl");
    assertThat(url.get("FunctionUrlAuthType").asText()).isEqualTo("NONE");
    JsonNode invoke = t.at("/Resources/OrchestratorPublicInvokePermission/Properties");
    assertThat(invoke.get("Action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(invoke.get("InvokedViaFunctionUrl").asBoolean()).isTrue();
  }

  @Test
  void proxiesMayReadExactlyTheApiKeySecretAndTheKeyNeverEntersTheTemplate() {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("keyed")
            .targetUrl("https://api.vendor.example")
            .apiKeySecretArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor/key")
            .apiKeyHeader("X-Api-Key")
            .build();
    ObjectNode t = template(spec);
    JsonNode read =
        statements(t.at("/Resources/ProxyRole")).stream()
            .filter(s -> s.get("Action").toString().contains("secretsmanager"))
            .findFirst()
            .orElseThrow();
    assertThat(read.get("Action").toString()).isEqualTo("[\"secretsmanager:GetSecretValue\"]");
    assertThat(read.get("Resource").toString())
        .isEqualTo("[\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor/key-??????\"]");
    assertThat(t.at("/Resources/Proxy1/Properties/Environment/Variables").toString())
        .contains("\"RATELIMIT_API_KEY_HEADER\":\"x-api-key\"");
    assertThat(t.at("/Resources/StateMachine/Properties/DefinitionString").toString())
        .doesNotContain("secretsmanager")
        .doesNotContain("x-api-key");
    assertThat(t.at("/Resources/Orchestrator/Properties/Environment").toString())
        .doesNotContain("secretsmanager");
  }

  @Test
  void aSecretArnEndingLikeACompleteOneIsGrantedAsCompleteAndAsAName() {
    // "stripe-secret" and "vendor-apikey" end in a hyphen and six characters: the real ARN of such
    // a
    // secret is ...:secret:stripe-secret-AbC123, which the ARN alone does not match.
    for (String name : List.of("key-AbC123", "stripe-secret", "vendor-apikey")) {
      String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + name;
      assertThat(Iam.secretResources(arn).toString())
          .isEqualTo("[\"" + arn + "\",\"" + arn + "-??????\"]");
    }
  }

  @Test
  void orchestratorKnowsTheRequestBudget() {
    WorkflowSpec spec = SampleSpecs.defaults();
    assertThat(
            t(spec)
                .at(
                    "/Resources/Orchestrator/Properties/Environment/Variables/"
                        + "RATELIMIT_MAX_REQUEST_BYTES")
                .asText())
        .isEqualTo(Integer.toString(spec.maxRequestBytes()));
    assertThat(spec.maxRequestBytes()).isEqualTo(262_144 - 200_000 - 880 - 4_096);
    // Below the longest crash cause, that cause (JSON-escaped) is what the state must hold room
    // for.
    WorkflowSpec small =
        WorkflowSpec.builder()
            .workflowName("w")
            .targetUrl("https://api.example")
            .maxResponseBytes(10_000)
            .build();
    assertThat(small.maxRequestBytes())
        .isEqualTo(262_144 - WorkflowSpec.CRASH_RESERVE_BYTES - 880 - 4_096);
  }

  @Test
  void cookiesTravelOnlyWhenBothFunctionsAreToldSo() {
    WorkflowSpec off = SampleSpecs.defaults();
    WorkflowSpec on =
        WorkflowSpec.builder()
            .workflowName("w")
            .targetUrl("https://api.example")
            .forwardCookies(true)
            .build();
    assertThat(ProxyEnvironment.of(off)).doesNotContainKey("RATELIMIT_FORWARD_COOKIES");
    assertThat(OrchestratorEnvironment.of(off)).doesNotContainKey("RATELIMIT_FORWARD_COOKIES");
    assertThat(
            t(on)
                .at(
                    "/Resources/Orchestrator/Properties/Environment/Variables/"
                        + "RATELIMIT_FORWARD_COOKIES")
                .asText())
        .isEqualTo("true");
    assertThat(ProxyConfig.fromEnvironment(ProxyEnvironment.of(on)).forwardCookies()).isTrue();
    assertThat(
            t(on)
                .at(
                    "/Resources/Proxy1/Properties/Environment/Variables/"
                        + "RATELIMIT_FORWARD_COOKIES")
                .asText())
        .isEqualTo("true");
  }

  private static ObjectNode t(WorkflowSpec spec) {
    return template(spec);
  }
}
