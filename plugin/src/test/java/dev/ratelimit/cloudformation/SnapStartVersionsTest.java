package dev.ratelimit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.generate.SampleSpecs;
import dev.ratelimit.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SnapStartVersionsTest {

  /** Logical id of each AWS::Lambda::Version, by the function it publishes. */
  private static Map<String, String> versions(ObjectNode t) {
    Map<String, String> byFunction = new TreeMap<>();
    t.get("Resources")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().get("Type").asText().equals("AWS::Lambda::Version")) {
                byFunction.put(
                    e.getValue().at("/Properties/FunctionName/Ref").asText(), e.getKey());
              }
            });
    return byFunction;
  }

  @Test
  void everyFunctionPublishesAVersionWithSnapStart() {
    ObjectNode t = TemplateGeneratorTest.template(SampleSpecs.defaults());
    Map<String, String> versions = versions(t);
    assertThat(versions).containsOnlyKeys("Orchestrator", "Proxy1", "Proxy2", "Proxy3");
    versions.forEach(
        (function, version) -> {
          assertThat(t.at("/Resources/" + function + "/Properties/SnapStart").toString())
              .isEqualTo("{\"ApplyOn\":\"PublishedVersions\"}");
          assertThat(version).matches(function + "Version[0-9A-F]{10}");
          JsonNode v = t.at("/Resources/" + version);
          assertThat(v.get("DeletionPolicy").asText()).isEqualTo("Retain");
          assertThat(v.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        });
  }

  @Test
  void theStateMachineInvokesAndMayInvokeExactlyTheProxiesVersions() {
    ObjectNode t = TemplateGeneratorTest.template(SampleSpecs.defaults());
    Map<String, String> versions = versions(t);
    String definition = TemplateGenerator.definition(t);
    assertThat(definition).doesNotContain(".Arn}");
    List<String> used = new ArrayList<>();
    ProxyPlaceholders.PATTERN.matcher(definition).results().forEach(m -> used.add(m.group()));
    assertThat(used)
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(
                        List.of(
                            "${" + versions.get("Proxy1") + "}",
                            "${" + versions.get("Proxy2") + "}",
                            "${" + versions.get("Proxy3") + "}"))
                    .contains(p));

    JsonNode invoke =
        t.at("/Resources/StateMachineRole/Properties/Policies").findValues("Statement").stream()
            .flatMap(s -> StreamSupport.stream(s.spliterator(), false))
            .filter(s -> s.get("Action").toString().contains("lambda:InvokeFunction"))
            .findFirst()
            .orElseThrow();
    assertThat(invoke.get("Action").toString()).isEqualTo("[\"lambda:InvokeFunction\"]");
    assertThat(invoke.get("Resource").toString())
        .isEqualTo(
            "[{\"Ref\":\""
                + versions.get("Proxy1")
                + "\"},{\"Ref\":\""
                + versions.get("Proxy2")
                + "\"},{\"Ref\":\""
                + versions.get("Proxy3")
                + "\"}]");
  }

  @Test
  void theFunctionUrlServesTheAliasOfTheOrchestratorsVersion() {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("pub")
            .targetUrl("https://api.vendor.example")
            .functionUrlAuth("NONE")
            .build();
    ObjectNode t = TemplateGeneratorTest.template(spec);
    String version = versions(t).get("Orchestrator");
    JsonNode alias = t.at("/Resources/OrchestratorLiveAlias");
    assertThat(alias.get("Type").asText()).isEqualTo("AWS::Lambda::Alias");
    assertThat(alias.at("/Properties/FunctionVersion").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"" + version + "\",\"Version\"]}");
    assertThat(alias.at("/Properties/Name").asText()).isEqualTo("live");
    JsonNode url = t.at("/Resources/OrchestratorUrl");
    assertThat(url.at("/Properties/Qualifier").asText()).isEqualTo("live");
    assertThat(url.get("DependsOn").asText()).isEqualTo("OrchestratorLiveAlias");
    for (String permission :
        List.of("OrchestratorPublicUrlPermission", "OrchestratorPublicInvokePermission")) {
      assertThat(t.at("/Resources/" + permission + "/Properties/FunctionName").toString())
          .isEqualTo("{\"Ref\":\"OrchestratorLiveAlias\"}");
    }
  }

  @Test
  void aCodeChangePublishesANewVersionOfExactlyTheChangedFunctions() {
    WorkflowSpec spec = SampleSpecs.defaults();
    Map<String, String> before =
        versions(
            TemplateGeneratorTest.template(spec, new FunctionCode("a".repeat(64), "b".repeat(64))));
    ObjectNode after =
        TemplateGeneratorTest.template(spec, new FunctionCode("c".repeat(64), "b".repeat(64)));
    Map<String, String> changed = versions(after);
    for (String proxy : List.of("Proxy1", "Proxy2", "Proxy3")) {
      assertThat(changed.get(proxy)).isNotEqualTo(before.get(proxy));
      assertThat(TemplateGenerator.definition(after))
          .contains("${" + changed.get(proxy) + "}")
          .doesNotContain(before.get(proxy));
    }
    assertThat(changed.get("Orchestrator")).isEqualTo(before.get("Orchestrator"));
  }

  @Test
  void aConfigurationChangePublishesANewVersion() {
    Map<String, String> before = versions(TemplateGeneratorTest.template(SampleSpecs.defaults()));
    Map<String, String> bigger =
        versions(
            TemplateGeneratorTest.template(
                WorkflowSpec.builder()
                    .workflowName("vendor-gateway")
                    .targetUrl("https://api.vendor.example/v1")
                    .memorySize(1024)
                    .build()));
    before.forEach((function, version) -> assertThat(bigger.get(function)).isNotEqualTo(version));
    assertThat(versions(TemplateGeneratorTest.template(SampleSpecs.defaults()))).isEqualTo(before);
  }

  @Test
  void withoutSnapStartNothingIsPublishedAndCallersUseTheFunctions() {
    ObjectNode t = TemplateGeneratorTest.template(SampleSpecs.standard());
    assertThat(versions(t)).isEmpty();
    t.get("Resources")
        .forEach(
            r -> {
              assertThat(r.get("Type").asText())
                  .isNotIn("AWS::Lambda::Version", "AWS::Lambda::Alias");
              assertThat(r.at("/Properties").has("SnapStart")).isFalse();
            });
    assertThat(t.at("/Resources/OrchestratorUrl/Properties").has("Qualifier")).isFalse();
    assertThat(TemplateGenerator.definition(t)).contains("${Proxy1.Arn}");
  }
}
