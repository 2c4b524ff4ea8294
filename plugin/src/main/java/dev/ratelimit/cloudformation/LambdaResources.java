package dev.ratelimit.cloudformation;

import static dev.ratelimit.cloudformation.TemplateGenerator.PARAM_BUCKET;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.WorkflowSpec;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the template's parts share: a Lambda function's common properties, log groups, unnamed roles
 * and the tags every resource gets.
 */
final class LambdaResources {
  private LambdaResources() {}

  /** What differs between the gateway's Lambda functions; everything else they share. */
  record LambdaFunction(
      String logicalId,
      String name,
      String description,
      String handler,
      int timeoutSeconds,
      String roleId,
      String codeKeyParameter,
      String logGroupId,
      Integer reservedConcurrency) {}

  static void function(
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

  static ObjectNode logGroup(WorkflowSpec spec, String name) {
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
  static ArrayNode role(
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
    ArrayNode list = CanonicalJson.array();
    all.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    return list;
  }
}
