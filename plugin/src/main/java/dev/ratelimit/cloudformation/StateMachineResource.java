package dev.ratelimit.cloudformation;

import static dev.ratelimit.cloudformation.LambdaResources.logGroup;
import static dev.ratelimit.cloudformation.LambdaResources.role;
import static dev.ratelimit.cloudformation.LambdaResources.tags;
import static dev.ratelimit.cloudformation.TemplateGenerator.STATE_MACHINE;
import static dev.ratelimit.cloudformation.TemplateGenerator.STATE_MACHINE_LOG_GROUP;
import static dev.ratelimit.cloudformation.TemplateGenerator.STATE_MACHINE_ROLE;
import static dev.ratelimit.cloudformation.TemplateGenerator.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.WorkflowSpec;
import java.util.List;

/**
 * The state machine, its log group, and a role that may invoke exactly its proxies and deliver its
 * logs.
 */
final class StateMachineResource {
  private StateMachineResource() {}

  static void add(
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
    ArrayNode functions = CanonicalJson.array();
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
}
