package dev.ratelimit.cloudformation;

import static dev.ratelimit.cloudformation.LambdaResources.function;
import static dev.ratelimit.cloudformation.LambdaResources.logGroup;
import static dev.ratelimit.cloudformation.LambdaResources.role;
import static dev.ratelimit.cloudformation.TemplateGenerator.ORCHESTRATOR;
import static dev.ratelimit.cloudformation.TemplateGenerator.ORCHESTRATOR_HANDLER;
import static dev.ratelimit.cloudformation.TemplateGenerator.ORCHESTRATOR_LOG_GROUP;
import static dev.ratelimit.cloudformation.TemplateGenerator.ORCHESTRATOR_ROLE;
import static dev.ratelimit.cloudformation.TemplateGenerator.ORCHESTRATOR_URL;
import static dev.ratelimit.cloudformation.TemplateGenerator.PARAM_ORCHESTRATOR_KEY;
import static dev.ratelimit.cloudformation.TemplateGenerator.STATE_MACHINE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.cloudformation.LambdaResources.LambdaFunction;
import dev.ratelimit.model.FunctionUrlAuth;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.WorkflowType;
import java.util.List;

/**
 * The front door: the orchestrator function, which starts the workflow, its role and log group, and
 * the Function URL in front of it.
 */
final class OrchestratorResources {
  private OrchestratorResources() {}

  static void add(ObjectNode resources, WorkflowSpec spec, SnapStartVersions versions) {
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
                CanonicalJson.array().add(Intrinsics.getAtt(ORCHESTRATOR_LOG_GROUP, "Arn")))));
    if (spec.workflowType() == WorkflowType.EXPRESS) {
      policies.add(
          Iam.policy(
              "start-workflow",
              Iam.allow(
                  List.of("states:StartSyncExecution"),
                  CanonicalJson.array().add(Intrinsics.ref(STATE_MACHINE)))));
    } else {
      policies.add(
          Iam.policy(
              "start-workflow",
              Iam.allow(
                  List.of("states:StartExecution"),
                  CanonicalJson.array().add(Intrinsics.ref(STATE_MACHINE)))));
      policies.add(
          Iam.policy(
              "read-executions",
              Iam.allow(
                  List.of("states:DescribeExecution"),
                  CanonicalJson.array()
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
          vars.set(EnvironmentNames.STATE_MACHINE_ARN, Intrinsics.ref(STATE_MACHINE));
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
}
