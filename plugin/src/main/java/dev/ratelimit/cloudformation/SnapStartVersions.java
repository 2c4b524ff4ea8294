package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.ProxyNaming;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lambda SnapStart (the {@code snapStart} parameter): each function gets {@code SnapStart:
 * {ApplyOn: PublishedVersions}} and an {@code AWS::Lambda::Version} whose logical id ends in a hash
 * of the function's properties and its jar's sha256. A change of code or configuration therefore
 * changes the id, and CloudFormation publishes a new version (a version is immutable; an unchanged
 * resource would keep serving the old snapshot). Callers use the versions: the definition's
 * placeholders become the proxies' versions, the state machine's role may invoke exactly those
 * qualified ARNs, and the Function URL serves the alias {@value #ALIAS_NAME} of the orchestrator's
 * version. Old versions are retained on replacement so that executions in flight keep their target;
 * deleting the stack deletes the functions and all their versions with them.
 *
 * <p>Without SnapStart every method leaves the template as it was: callers use the functions.
 */
final class SnapStartVersions {
  static final String ALIAS_NAME = "live";
  static final String ORCHESTRATOR_ALIAS = "OrchestratorLiveAlias";

  /**
   * Hex digits of the hash in a version's logical id: enough that two configurations never meet.
   */
  private static final int HASH_CHARS = 10;

  private final boolean enabled;
  private final FunctionCode code;
  private final Map<String, String> versionIds = new HashMap<>();

  SnapStartVersions(WorkflowSpec spec, FunctionCode code) {
    this.enabled = spec.snapStart();
    this.code = code;
  }

  boolean enabled() {
    return enabled;
  }

  /** Switches SnapStart on in a function's properties. */
  void configure(ObjectNode functionProperties) {
    if (enabled) {
      functionProperties.putObject("SnapStart").put("ApplyOn", "PublishedVersions");
    }
  }

  /**
   * Publishes the version of the function {@code functionId} already in {@code resources}; call it
   * once the function's properties are final.
   */
  void publish(ObjectNode resources, String functionId, boolean proxy) {
    if (!enabled) {
      return;
    }
    JsonNode properties = resources.get(functionId).get("Properties");
    String jarSha256 = proxy ? code.proxySha256() : code.orchestratorSha256();
    String id = versionId(functionId, properties, jarSha256);
    versionIds.put(functionId, id);
    ObjectNode version = resources.putObject(id);
    version.put("Type", "AWS::Lambda::Version");
    version.put("DeletionPolicy", "Retain");
    version.put("UpdateReplacePolicy", "Retain");
    ObjectNode p = version.putObject("Properties");
    p.set("FunctionName", Intrinsics.ref(functionId));
    p.put("Description", "Code sha256 " + jarSha256 + "; restored by SnapStart.");
  }

  /**
   * {@code <functionId>Version<hash>}: the hash covers the function's properties as written (code
   * key parameter, runtime, memory, environment, SnapStart...) and the jar's content.
   */
  static String versionId(String functionId, JsonNode functionProperties, String jarSha256) {
    String input = CanonicalJson.pretty(functionProperties) + "\ncode sha256 " + jarSha256;
    return functionId
        + ProxyNaming.VERSION_INFIX
        + FunctionCode.sha256(input.getBytes(StandardCharsets.UTF_8))
            .substring(0, HASH_CHARS)
            .toUpperCase(Locale.ROOT);
  }

  /** What invokes proxy {@code functionId}: its version's ARN, or the function's. */
  JsonNode invokeTarget(String functionId) {
    return enabled
        ? Intrinsics.ref(versionIds.get(functionId))
        : Intrinsics.getAtt(functionId, "Arn");
  }

  /** The definition with each {@code ${ProxyN.Arn}} pointing at proxy N's version. */
  String definition(String definition) {
    if (!enabled) {
      return definition;
    }
    return ProxyPlaceholders.replace(
        definition, n -> ProxyPlaceholders.version(versionIds.get(TemplateGenerator.proxy(n))));
  }

  /** The alias the Function URL serves, pointing at the orchestrator's version. */
  void orchestratorAlias(ObjectNode resources, String orchestratorId) {
    if (!enabled) {
      return;
    }
    ObjectNode alias = resources.putObject(ORCHESTRATOR_ALIAS);
    alias.put("Type", "AWS::Lambda::Alias");
    ObjectNode p = alias.putObject("Properties");
    p.set("FunctionName", Intrinsics.ref(orchestratorId));
    p.set("FunctionVersion", Intrinsics.getAtt(versionIds.get(orchestratorId), "Version"));
    p.put("Name", ALIAS_NAME);
    p.put("Description", "What the Function URL serves: the orchestrator's current version.");
  }

  /** Points a Function URL at the alias. */
  void serveAlias(ObjectNode url, ObjectNode urlProperties) {
    if (enabled) {
      urlProperties.put("Qualifier", ALIAS_NAME);
      url.put("DependsOn", ORCHESTRATOR_ALIAS);
    }
  }

  /** What a permission for the URL's invocations names: the alias, or the function. */
  JsonNode urlTarget(String orchestratorId) {
    return enabled ? Intrinsics.ref(ORCHESTRATOR_ALIAS) : Intrinsics.ref(orchestratorId);
  }
}
