package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import java.util.List;
import java.util.regex.Pattern;

/** IAM policy documents, built the same way for every role. */
final class Iam {
  private Iam() {}

  static final String VERSION = "2012-10-17";

  /**
   * Trust policy for an AWS service. With {@code sameAccount}, the service may assume the role only
   * on behalf of this account (guards against the confused-deputy problem).
   */
  static ObjectNode assumeRole(String service, boolean sameAccount) {
    ObjectNode doc = CanonicalJson.object();
    doc.put("Version", VERSION);
    ObjectNode statement = doc.putArray("Statement").addObject();
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("Service", service);
    statement.put("Action", "sts:AssumeRole");
    if (sameAccount) {
      statement
          .putObject("Condition")
          .putObject("StringEquals")
          .set("aws:SourceAccount", Intrinsics.ref("AWS::AccountId"));
    }
    return doc;
  }

  static ObjectNode allow(List<String> actions, JsonNode resources) {
    ObjectNode statement = CanonicalJson.object();
    statement.put("Effect", "Allow");
    ArrayNode list = statement.putArray("Action");
    actions.forEach(list::add);
    statement.set("Resource", resources);
    return statement;
  }

  static JsonNode anyResource() {
    return CanonicalJson.NODES.textNode("*");
  }

  /** The six random characters Secrets Manager appends to a secret's name in its ARN. */
  private static final Pattern SUFFIX = Pattern.compile(".*-[A-Za-z0-9]{6}");

  /**
   * What IAM must match for a secret given by {@code arn}: the secret's real ARN is always {@code
   * <name>-<six random characters>}. A partial ARN (the name only) needs the {@code -??????}
   * wildcard. An ARN ending in a hyphen and six characters is either complete or the partial ARN of
   * a name that happens to end so ({@code stripe-secret}, {@code vendor-apikey}); AWS says it
   * cannot tell these apart either, so both are granted: the ARN itself and the ARN plus {@code
   * -??????}.
   */
  static ArrayNode secretResources(String arn) {
    ArrayNode resources = CanonicalJson.array();
    if (SUFFIX.matcher(arn).matches()) {
      resources.add(arn);
    }
    resources.add(arn + "-??????");
    return resources;
  }

  static ObjectNode policy(String name, ObjectNode... statements) {
    ObjectNode policy = CanonicalJson.object();
    policy.put("PolicyName", name);
    ObjectNode doc = policy.putObject("PolicyDocument");
    doc.put("Version", VERSION);
    ArrayNode list = doc.putArray("Statement");
    for (ObjectNode statement : statements) {
      list.add(statement);
    }
    return policy;
  }
}
