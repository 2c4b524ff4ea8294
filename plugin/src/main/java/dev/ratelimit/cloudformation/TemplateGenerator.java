package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.ProxyNaming;

/**
 * The CloudFormation template of one gateway: N proxy functions with their log groups, the state
 * machine, and a least-privilege role for each side. Roles are unnamed (CloudFormation names them),
 * so {@code CAPABILITY_IAM} suffices and one workflow can live in several regions. Each part is
 * added by its own class: {@link ProxyResources}, {@link StateMachineResource}, {@link
 * OrchestratorResources} (with its Function URL), {@link EgressNetwork}, {@link Dashboard} and
 * {@link Alarms}; what the functions share is in {@link LambdaResources}.
 */
public final class TemplateGenerator {
  public static final String PROXY_HANDLER =
      "dev.ratelimit.runtime.proxy.ProxyHandler::handleRequest";
  public static final String PARAM_BUCKET = "ArtifactBucket";
  public static final String PARAM_PROXY_KEY = "ProxyCodeKey";
  public static final String PARAM_ORCHESTRATOR_KEY = "OrchestratorCodeKey";
  public static final String ORCHESTRATOR_HANDLER =
      "dev.ratelimit.runtime.orchestrator.OrchestratorHandler::handleRequest";
  public static final String ORCHESTRATOR = "Orchestrator";
  public static final String ORCHESTRATOR_ROLE = "OrchestratorRole";
  public static final String ORCHESTRATOR_LOG_GROUP = "OrchestratorLogGroup";
  public static final String ORCHESTRATOR_URL = "OrchestratorUrl";
  public static final String PROXY_ROLE = "ProxyRole";
  public static final String STATE_MACHINE = "StateMachine";
  public static final String STATE_MACHINE_ROLE = "StateMachineRole";
  public static final String STATE_MACHINE_LOG_GROUP = "StateMachineLogGroup";

  public static String proxy(int i) {
    return ProxyNaming.logicalId(i);
  }

  public static String proxyLogGroup(int i) {
    return ProxyNaming.logicalId(i) + "LogGroup";
  }

  /**
   * @param definition the state machine exactly as written to {@code <name>.asl.json}; it enters
   *     the template as the plain-string form of {@code Fn::Sub}, which CloudFormation, cfn-lint
   *     and moto all understand; with SnapStart its placeholders are pointed at the proxies'
   *     versions there, so read the definition to write back from {@link #definition}
   * @param code the jars' digests: a published version must change when its code does
   */
  public ObjectNode generate(WorkflowSpec spec, String definition, FunctionCode code) {
    SnapStartVersions versions = new SnapStartVersions(spec, code);
    ObjectNode t = CanonicalJson.object();
    t.put("AWSTemplateFormatVersion", "2010-09-09");
    t.put(
        "Description",
        "Retry gateway "
            + spec.workflowName()
            + " (ratelimit-maven-plugin): "
            + spec.proxies()
            + " proxies, up to "
            + spec.maxAttempts()
            + " attempts, "
            + spec.workflowType()
            + " workflow.");
    parameters(t.putObject("Parameters"), spec);
    ObjectNode resources = t.putObject("Resources");
    EgressNetwork.resources(resources, spec);
    ProxyResources.add(resources, spec, versions);
    StateMachineResource.add(resources, spec, versions.definition(definition), versions);
    OrchestratorResources.add(resources, spec, versions);
    observability(resources, spec);
    outputs(t.putObject("Outputs"), spec);
    return t;
  }

  /** The state machine's definition exactly as the template holds it (the text of its Fn::Sub). */
  public static String definition(ObjectNode template) {
    return template
        .get("Resources")
        .get(STATE_MACHINE)
        .get("Properties")
        .get("DefinitionString")
        .get("Fn::Sub")
        .asText();
  }

  private static void parameters(ObjectNode parameters, WorkflowSpec spec) {
    ObjectNode bucket = parameters.putObject(PARAM_BUCKET);
    bucket.put("Type", "String");
    bucket.put("MinLength", 3);
    bucket.put(
        "Description", "S3 bucket that holds the Lambda code (ratelimit:deploy uploads it).");
    ObjectNode key = parameters.putObject(PARAM_PROXY_KEY);
    key.put("Type", "String");
    key.put("MinLength", 1);
    key.put(
        "Description",
        "S3 key of "
            + spec.workflowName()
            + "-proxy.jar; content-addressed, so new code means a new key and an update.");
    ObjectNode orchestratorKey = parameters.putObject(PARAM_ORCHESTRATOR_KEY);
    orchestratorKey.put("Type", "String");
    orchestratorKey.put("MinLength", 1);
    orchestratorKey.put(
        "Description",
        "S3 key of "
            + spec.workflowName()
            + "-orchestrator.jar; content-addressed like the proxy's.");
  }

  /** The dashboard over the functions' metrics and, with a topic, the alarms. */
  private static void observability(ObjectNode resources, WorkflowSpec spec) {
    ObjectNode dashboard = Dashboard.resource(spec);
    if (dashboard != null) {
      resources.set(Dashboard.LOGICAL_ID, dashboard);
    }
    Alarms.resources(spec).forEach(resources::set);
  }

  private static void outputs(ObjectNode outputs, WorkflowSpec spec) {
    ObjectNode functionUrl = outputs.putObject("FunctionUrl");
    functionUrl.put(
        "Description", "The gateway's URL (auth " + spec.functionUrlAuth().name() + ").");
    functionUrl.set("Value", Intrinsics.getAtt(ORCHESTRATOR_URL, "FunctionUrl"));
    ObjectNode arn = outputs.putObject("StateMachineArn");
    arn.put("Description", "ARN of the retry workflow.");
    arn.set("Value", Intrinsics.ref(STATE_MACHINE));
    ObjectNode name = outputs.putObject("StateMachineName");
    name.put("Description", "Name of the retry workflow.");
    name.set("Value", Intrinsics.getAtt(STATE_MACHINE, "Name"));
    ObjectNode fns = outputs.putObject("ProxyFunctions");
    fns.put("Description", "The proxy functions, comma separated.");
    ArrayNode refs = CanonicalJson.array();
    for (int i = 1; i <= spec.proxies(); i++) {
      refs.add(Intrinsics.ref(proxy(i)));
    }
    fns.set("Value", Intrinsics.join(",", refs));
    EgressNetwork.outputs(outputs, spec);
  }
}
