package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.FunctionUrlAuth;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.model.WorkflowType;
import dev.ratelimit.runtime.orchestrator.OrchestratorConfig;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The CloudFormation template of one gateway: N proxy functions with their log groups, the state
 * machine, and a least-privilege role for each side. Roles are unnamed (CloudFormation names them),
 * so {@code CAPABILITY_IAM} suffices and one workflow can live in several regions. Each part is
 * added by its own method: proxies, state machine, orchestrator (with its Function URL), outputs.
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
    return "Proxy" + i;
  }

  public static String proxyLogGroup(int i) {
    return "Proxy" + i + "LogGroup";
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
    proxies(resources, spec, versions);
    stateMachine(resources, spec, versions.definition(definition), versions);
    orchestrator(resources, spec, versions);
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

  private static void proxies(ObjectNode resources, WorkflowSpec spec, SnapStartVersions versions) {
    ArrayNode policies =
        role(
            resources,
            spec,
            PROXY_ROLE,
            "Proxies of "
                + spec.workflowName()
                + (spec.egress().inVpc()
                    ? ": write their own logs, manage their network interfaces in"
                        + " their subnets."
                    : ": write their own logs only."),
            "lambda.amazonaws.com",
            false);
    ArrayNode logGroups = CanonicalJson.MAPPER.createArrayNode();
    for (int i = 1; i <= spec.proxies(); i++) {
      logGroups.add(Intrinsics.getAtt(proxyLogGroup(i), "Arn"));
    }
    policies.add(
        Iam.policy(
            "write-logs",
            Iam.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logGroups)));
    if (spec.hasApiKey()) {
      policies.add(
          Iam.policy(
              "read-api-key",
              Iam.allow(
                  List.of("secretsmanager:GetSecretValue"),
                  Iam.secretResources(spec.apiKeySecretArn()))));
    }
    if (spec.tracing()) {
      policies.add(
          Iam.policy(
              "xray",
              Iam.allow(
                  List.of("xray:PutTelemetryRecords", "xray:PutTraceSegments"),
                  Iam.anyResource())));
    }
    if (spec.egress().inVpc()) {
      policies.add(EgressNetwork.networkInterfacePolicy(spec));
    }

    Map<String, String> env = ProxyEnvironment.of(spec);
    for (int i = 1; i <= spec.proxies(); i++) {
      resources.set(proxyLogGroup(i), logGroup(spec, "/aws/lambda/" + spec.proxyFunctionName(i)));
      function(
          resources,
          spec,
          new LambdaFunction(
              proxy(i),
              spec.proxyFunctionName(i),
              "Retry gateway "
                  + spec.workflowName()
                  + ": proxy "
                  + i
                  + " of "
                  + spec.proxies()
                  + ".",
              PROXY_HANDLER,
              spec.proxyTimeoutSeconds(),
              PROXY_ROLE,
              PARAM_PROXY_KEY,
              proxyLogGroup(i),
              spec.reservedConcurrency()),
          versions,
          vars -> env.forEach(vars::put));
      ObjectNode vpcConfig = EgressNetwork.vpcConfig(spec, i);
      if (vpcConfig != null) {
        ObjectNode fn = (ObjectNode) resources.get(proxy(i));
        ((ObjectNode) fn.get("Properties")).set("VpcConfig", vpcConfig);
        String dependency = EgressNetwork.dependency(spec, i);
        if (dependency != null) {
          fn.put("DependsOn", dependency);
        }
      }
      versions.publish(resources, proxy(i), true); // after VpcConfig: the version's hash covers it
    }
  }

  private static void stateMachine(
      ObjectNode resources, WorkflowSpec spec, String definition, SnapStartVersions versions) {
    ArrayNode policies =
        role(
            resources,
            spec,
            STATE_MACHINE_ROLE,
            "State machine of "
                + spec.workflowName()
                + ": invoke exactly its proxies, deliver its logs.",
            "states.amazonaws.com",
            true);
    ArrayNode functions = CanonicalJson.MAPPER.createArrayNode();
    for (int i = 1; i <= spec.proxies(); i++) {
      functions.add(versions.invokeTarget(proxy(i)));
    }
    policies.add(
        Iam.policy("invoke-proxies", Iam.allow(List.of("lambda:InvokeFunction"), functions)));
    // CloudWatch Logs delivery for Step Functions does not support resource-level permissions.
    policies.add(
        Iam.policy(
            "deliver-logs",
            Iam.allow(
                List.of(
                    "logs:CreateLogDelivery",
                    "logs:DeleteLogDelivery",
                    "logs:DescribeLogGroups",
                    "logs:DescribeResourcePolicies",
                    "logs:GetLogDelivery",
                    "logs:ListLogDeliveries",
                    "logs:PutResourcePolicy",
                    "logs:UpdateLogDelivery"),
                Iam.anyResource())));
    if (spec.tracing()) {
      policies.add(
          Iam.policy(
              "xray",
              Iam.allow(
                  List.of(
                      "xray:GetSamplingRules",
                      "xray:GetSamplingTargets",
                      "xray:PutTelemetryRecords",
                      "xray:PutTraceSegments"),
                  Iam.anyResource())));
    }

    resources.set(
        STATE_MACHINE_LOG_GROUP, logGroup(spec, "/aws/vendedlogs/states/" + spec.workflowName()));

    ObjectNode sm = resources.putObject(STATE_MACHINE);
    sm.put("Type", "AWS::StepFunctions::StateMachine");
    ObjectNode p = sm.putObject("Properties");
    p.put("StateMachineName", spec.workflowName());
    p.put("StateMachineType", spec.workflowType().name());
    p.set("RoleArn", Intrinsics.getAtt(STATE_MACHINE_ROLE, "Arn"));
    p.set("DefinitionString", Intrinsics.sub(definition));
    ObjectNode logging = p.putObject("LoggingConfiguration");
    // ERROR without execution data: failures are visible, request and response bodies are not.
    logging.put("Level", "ERROR");
    logging.put("IncludeExecutionData", false);
    logging
        .putArray("Destinations")
        .addObject()
        .putObject("CloudWatchLogsLogGroup")
        .set("LogGroupArn", Intrinsics.getAtt(STATE_MACHINE_LOG_GROUP, "Arn"));
    p.putObject("TracingConfiguration").put("Enabled", spec.tracing());
    p.set("Tags", tags(spec));
  }

  /** The front door: a function behind a Function URL that starts the workflow. */
  private static void orchestrator(
      ObjectNode resources, WorkflowSpec spec, SnapStartVersions versions) {
    ArrayNode policies =
        role(
            resources,
            spec,
            ORCHESTRATOR_ROLE,
            "Orchestrator of "
                + spec.workflowName()
                + ": start (and read) executions of exactly its state machine.",
            "lambda.amazonaws.com",
            false);
    policies.add(
        Iam.policy(
            "write-logs",
            Iam.allow(
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                CanonicalJson.MAPPER
                    .createArrayNode()
                    .add(Intrinsics.getAtt(ORCHESTRATOR_LOG_GROUP, "Arn")))));
    if (spec.workflowType() == WorkflowType.EXPRESS) {
      policies.add(
          Iam.policy(
              "start-workflow",
              Iam.allow(
                  List.of("states:StartSyncExecution"),
                  CanonicalJson.MAPPER.createArrayNode().add(Intrinsics.ref(STATE_MACHINE)))));
    } else {
      policies.add(
          Iam.policy(
              "start-workflow",
              Iam.allow(
                  List.of("states:StartExecution"),
                  CanonicalJson.MAPPER.createArrayNode().add(Intrinsics.ref(STATE_MACHINE)))));
      policies.add(
          Iam.policy(
              "read-executions",
              Iam.allow(
                  List.of("states:DescribeExecution"),
                  CanonicalJson.MAPPER
                      .createArrayNode()
                      .add(
                          Intrinsics.sub(
                              "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:"
                                  + spec.workflowName()
                                  + ":*")))));
    }
    if (spec.tracing()) {
      policies.add(
          Iam.policy(
              "xray",
              Iam.allow(
                  List.of("xray:PutTelemetryRecords", "xray:PutTraceSegments"),
                  Iam.anyResource())));
    }

    resources.set(
        ORCHESTRATOR_LOG_GROUP, logGroup(spec, "/aws/lambda/" + spec.orchestratorFunctionName()));

    function(
        resources,
        spec,
        new LambdaFunction(
            ORCHESTRATOR,
            spec.orchestratorFunctionName(),
            "Retry gateway " + spec.workflowName() + ": the Function URL's handler.",
            ORCHESTRATOR_HANDLER,
            spec.orchestratorTimeoutSeconds(),
            ORCHESTRATOR_ROLE,
            PARAM_ORCHESTRATOR_KEY,
            ORCHESTRATOR_LOG_GROUP,
            spec.orchestratorReservedConcurrency()),
        versions,
        vars -> {
          vars.set(OrchestratorConfig.STATE_MACHINE_ARN, Intrinsics.ref(STATE_MACHINE));
          OrchestratorEnvironment.of(spec).forEach(vars::put);
        });
    versions.publish(resources, ORCHESTRATOR, false);
    versions.orchestratorAlias(resources, ORCHESTRATOR);

    ObjectNode url = resources.putObject(ORCHESTRATOR_URL);
    url.put("Type", "AWS::Lambda::Url");
    ObjectNode u = url.putObject("Properties");
    u.set("TargetFunctionArn", Intrinsics.getAtt(ORCHESTRATOR, "Arn"));
    u.put("AuthType", spec.functionUrlAuth().name());
    versions.serveAlias(url, u);
    if (spec.functionUrlAuth() == FunctionUrlAuth.NONE) {
      // Since October 2025 a public URL needs both statements: the URL, and the invoke behind it.
      ObjectNode urlPermission = resources.putObject("OrchestratorPublicUrlPermission");
      urlPermission.put("Type", "AWS::Lambda::Permission");
      ObjectNode up = urlPermission.putObject("Properties");
      up.set("FunctionName", versions.urlTarget(ORCHESTRATOR));
      up.put("Action", "lambda:InvokeFunctionUrl");
      up.put("Principal", "*");
      up.put("FunctionUrlAuthType", "NONE");
      ObjectNode invokePermission = resources.putObject("OrchestratorPublicInvokePermission");
      invokePermission.put("Type", "AWS::Lambda::Permission");
      ObjectNode ip = invokePermission.putObject("Properties");
      ip.set("FunctionName", versions.urlTarget(ORCHESTRATOR));
      ip.put("Action", "lambda:InvokeFunction");
      ip.put("Principal", "*");
      ip.put("InvokedViaFunctionUrl", true);
    }
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
    ArrayNode refs = CanonicalJson.MAPPER.createArrayNode();
    for (int i = 1; i <= spec.proxies(); i++) {
      refs.add(Intrinsics.ref(proxy(i)));
    }
    fns.set("Value", Intrinsics.join(",", refs));
    EgressNetwork.outputs(outputs, spec);
  }

  /** What differs between the gateway's Lambda functions; everything else they share. */
  private record LambdaFunction(
      String logicalId,
      String name,
      String description,
      String handler,
      int timeoutSeconds,
      String roleId,
      String codeKeyParameter,
      String logGroupId,
      Integer reservedConcurrency) {}

  private static void function(
      ObjectNode resources,
      WorkflowSpec spec,
      LambdaFunction f,
      SnapStartVersions versions,
      Consumer<ObjectNode> environment) {
    ObjectNode fn = resources.putObject(f.logicalId());
    fn.put("Type", "AWS::Lambda::Function");
    ObjectNode p = fn.putObject("Properties");
    p.put("FunctionName", f.name());
    p.put("Description", f.description());
    p.put("Runtime", spec.lambdaRuntime().awsName());
    p.putArray("Architectures").add(spec.architecture().awsName());
    p.put("Handler", f.handler());
    p.put("MemorySize", spec.memorySize());
    p.put("Timeout", f.timeoutSeconds());
    p.set("Role", Intrinsics.getAtt(f.roleId(), "Arn"));
    ObjectNode code = p.putObject("Code");
    code.set("S3Bucket", Intrinsics.ref(PARAM_BUCKET));
    code.set("S3Key", Intrinsics.ref(f.codeKeyParameter()));
    environment.accept(p.putObject("Environment").putObject("Variables"));
    ObjectNode logging = p.putObject("LoggingConfig");
    logging.put("LogFormat", "JSON");
    logging.set("LogGroup", Intrinsics.ref(f.logGroupId()));
    if (f.reservedConcurrency() != null) {
      p.put("ReservedConcurrentExecutions", f.reservedConcurrency());
    }
    p.putObject("TracingConfig").put("Mode", spec.tracing() ? "Active" : "PassThrough");
    versions.configure(p);
    p.set("Tags", tags(spec));
  }

  private static ObjectNode logGroup(WorkflowSpec spec, String name) {
    ObjectNode group = CanonicalJson.object();
    group.put("Type", "AWS::Logs::LogGroup");
    ObjectNode p = group.putObject("Properties");
    p.put("LogGroupName", name);
    p.put("RetentionInDays", spec.logRetentionDays());
    p.set("Tags", tags(spec));
    return group;
  }

  /**
   * An unnamed role for {@code service}, with the boundary and tags every role gets; returns its
   * (still empty) policy list.
   */
  private static ArrayNode role(
      ObjectNode resources,
      WorkflowSpec spec,
      String logicalId,
      String description,
      String service,
      boolean sameAccount) {
    ObjectNode role = resources.putObject(logicalId);
    role.put("Type", "AWS::IAM::Role");
    ObjectNode props = role.putObject("Properties");
    props.put("Description", description);
    props.set("AssumeRolePolicyDocument", Iam.assumeRole(service, sameAccount));
    if (spec.permissionsBoundary() != null) {
      props.put("PermissionsBoundary", spec.permissionsBoundary());
    }
    ArrayNode policies = props.putArray("Policies");
    props.set("Tags", tags(spec)); // set now, filled policies keep their place before it
    return policies;
  }

  /** The user's tags plus the workflow tag, sorted: every resource gets the same list. */
  static ArrayNode tags(WorkflowSpec spec) {
    SortedMap<String, String> all = new TreeMap<>(spec.tags());
    all.put(WorkflowSpec.WORKFLOW_TAG, spec.workflowName());
    ArrayNode list = CanonicalJson.MAPPER.createArrayNode();
    all.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    return list;
  }
}
