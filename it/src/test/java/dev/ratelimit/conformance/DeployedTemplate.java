package dev.ratelimit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated template as CloudFormation would deploy it in {@link MotoServer#REGION} of account
 * {@link MotoServer#ACCOUNT}, as stack {@code stackName}: every {@code Ref}, {@code Fn::GetAtt} and
 * {@code Fn::Sub} the IAM policies and the definition use is resolved to the physical ARN AWS
 * documents for that resource type. A reference this class does not know fails with the type and
 * attribute to add, so a new resource type in the generator cannot slip past the IAM checks.
 */
public final class DeployedTemplate {
  public static final String PARTITION = "aws";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUB =
      Pattern.compile("\\$\\{([A-Za-z0-9:]+)(?:\\.([A-Za-z0-9.]+))?}");

  private final GeneratedWorkflow workflow;
  private final JsonNode resources;
  private final String stackName;

  public DeployedTemplate(GeneratedWorkflow workflow, String stackName) {
    this.workflow = workflow;
    this.resources = workflow.templateTree().path("Resources");
    this.stackName = stackName;
  }

  public GeneratedWorkflow workflow() {
    return workflow;
  }

  public String type(String logicalId) {
    return resource(logicalId).path("Type").asText();
  }

  public JsonNode properties(String logicalId) {
    return resource(logicalId).path("Properties");
  }

  private JsonNode resource(String logicalId) {
    JsonNode r = resources.path(logicalId);
    if (r.isMissingNode()) {
      throw new AssertionError(workflow.id() + ": no resource " + logicalId);
    }
    return r;
  }

  /** The logical ids of the resources of {@code type}, in template order. */
  public List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    resources
        .properties()
        .forEach(
            e -> {
              if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
              }
            });
    return ids;
  }

  /** The inline policy documents of an {@code AWS::IAM::Role}, resolved. */
  public List<JsonNode> rolePolicies(String roleId) {
    List<JsonNode> docs = new ArrayList<>();
    for (JsonNode p : properties(roleId).path("Policies")) {
      docs.add(resolve(p.path("PolicyDocument")));
    }
    return docs;
  }

  /** The logical id of the role a function runs as ({@code Role: !GetAtt <role>.Arn}). */
  public String roleOf(String functionId) {
    JsonNode role = properties(functionId).path("Role").path("Fn::GetAtt");
    if (!role.isArray() || role.size() != 2 || !"Arn".equals(role.get(1).asText())) {
      throw new AssertionError(
          workflow.id() + ": " + functionId + ".Role is not !GetAtt <role>.Arn");
    }
    return role.get(0).asText();
  }

  /** The state machine's definition with every placeholder substituted as {@code Fn::Sub} would. */
  public String definition() {
    return sub(workflow.templateDefinition());
  }

  /** {@code node} with every intrinsic function replaced by its value. */
  public JsonNode resolve(JsonNode node) {
    if (node.isObject()) {
      if (node.size() == 1) {
        String fn = node.fieldNames().next();
        JsonNode arg = node.get(fn);
        switch (fn) {
          case "Ref":
            return JSON.getNodeFactory().textNode(ref(arg.asText()));
          case "Fn::GetAtt":
            return JSON.getNodeFactory().textNode(getAtt(arg.get(0).asText(), arg.get(1).asText()));
          case "Fn::Sub":
            if (!arg.isTextual()) {
              throw new AssertionError(
                  workflow.id() + ": Fn::Sub with variables is not resolved here: " + node);
            }
            return JSON.getNodeFactory().textNode(sub(arg.asText()));
          default:
            if (fn.startsWith("Fn::")) {
              throw new AssertionError(
                  workflow.id() + ": " + fn + " is not resolved by DeployedTemplate");
            }
        }
      }
      ObjectNode out = JSON.createObjectNode();
      node.properties().forEach(e -> out.set(e.getKey(), resolve(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(resolve(n)));
      return out;
    }
    return node;
  }

  private String sub(String text) {
    Matcher m = SUB.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group(2) == null ? ref(m.group(1)) : getAtt(m.group(1), m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String ref(String name) {
    switch (name) {
      case "AWS::Partition":
        return PARTITION;
      case "AWS::Region":
        return MotoServer.REGION;
      case "AWS::AccountId":
        return MotoServer.ACCOUNT;
      case "AWS::StackName":
        return stackName;
      default:
        break;
    }
    if (workflow.templateTree().path("Parameters").has(name)) {
      return "parameter-" + name;
    }
    String type = type(name);
    JsonNode p = properties(name);
    switch (type) {
      case "AWS::Lambda::Function":
        return p.path("FunctionName").asText();
      case "AWS::StepFunctions::StateMachine":
        return arn("states", "stateMachine:" + p.path("StateMachineName").asText());
      case "AWS::Lambda::Version":
        // The version's ARN: the function's, qualified by the number CloudFormation publishes.
        return functionArn(p.path("FunctionName")) + ":1";
      case "AWS::Lambda::Alias":
        return functionArn(p.path("FunctionName")) + ":" + p.path("Name").asText();
      case "AWS::EC2::Subnet":
        return "subnet-" + ec2Id(name);
      default:
        throw new AssertionError(
            workflow.id()
                + ": Ref "
                + name
                + " ("
                + type
                + ") is not resolved by DeployedTemplate; add what CloudFormation returns for it");
    }
  }

  private String getAtt(String logicalId, String attribute) {
    String type = type(logicalId);
    JsonNode p = properties(logicalId);
    switch (type + "." + attribute) {
      case "AWS::Lambda::Function.Arn":
        return arn("lambda", "function:" + p.path("FunctionName").asText());
      case "AWS::Logs::LogGroup.Arn":
        return arn("logs", "log-group:" + p.path("LogGroupName").asText() + ":*");
      case "AWS::IAM::Role.Arn":
        return "arn:"
            + PARTITION
            + ":iam::"
            + MotoServer.ACCOUNT
            + ":role/"
            + stackName
            + "-"
            + logicalId
            + "-AbCdEfGhIjKl";
      case "AWS::StepFunctions::StateMachine.Name":
        return p.path("StateMachineName").asText();
      case "AWS::EC2::SecurityGroup.GroupId":
        return "sg-" + ec2Id(logicalId);
      case "AWS::Lambda::Url.FunctionUrl":
        return "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url."
            + MotoServer.REGION
            + ".on.aws/";
      default:
        throw new AssertionError(
            workflow.id()
                + ": Fn::GetAtt "
                + logicalId
                + "."
                + attribute
                + " ("
                + type
                + ") is not resolved by DeployedTemplate; add what CloudFormation returns for it");
    }
  }

  /** A 17-hex-digit EC2 id, the same for the same logical id (EC2 assigns random ones). */
  private static String ec2Id(String logicalId) {
    return String.format("0%016x", (long) logicalId.hashCode() & 0xffffffffL);
  }

  private String functionArn(JsonNode functionName) {
    String name = resolve(functionName).asText();
    return name.startsWith("arn:") ? name : arn("lambda", "function:" + name);
  }

  public static String arn(String service, String resource) {
    return "arn:"
        + PARTITION
        + ":"
        + service
        + ":"
        + MotoServer.REGION
        + ":"
        + MotoServer.ACCOUNT
        + ":"
        + resource;
  }

  /** Environment variables of a function, resolved. */
  public Map<String, String> environment(String functionId) {
    Map<String, String> env = new LinkedHashMap<>();
    resolve(properties(functionId).path("Environment").path("Variables"))
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }
}
