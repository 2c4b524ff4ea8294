package dev.ratelimit.cloudformation;

import static dev.ratelimit.cloudformation.LambdaResources.function;
import static dev.ratelimit.cloudformation.LambdaResources.logGroup;
import static dev.ratelimit.cloudformation.LambdaResources.role;
import static dev.ratelimit.cloudformation.TemplateGenerator.PARAM_PROXY_KEY;
import static dev.ratelimit.cloudformation.TemplateGenerator.PROXY_HANDLER;
import static dev.ratelimit.cloudformation.TemplateGenerator.PROXY_ROLE;
import static dev.ratelimit.cloudformation.TemplateGenerator.proxy;
import static dev.ratelimit.cloudformation.TemplateGenerator.proxyLogGroup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.cloudformation.LambdaResources.LambdaFunction;
import dev.ratelimit.model.WorkflowSpec;
import java.util.List;
import java.util.Map;

/**
 * The proxies: N functions with their log groups (and, with SnapStart, their versions), and the
 * role they share, which may write exactly their logs.
 */
final class ProxyResources {
  private ProxyResources() {}

  static void add(ObjectNode resources, WorkflowSpec spec, SnapStartVersions versions) {
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
    ArrayNode logGroups = CanonicalJson.array();
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
}
