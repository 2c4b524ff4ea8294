package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;

/** CloudFormation intrinsic functions in their long form, which reads the same in YAML and JSON. */
final class Intrinsics {
  private Intrinsics() {}

  static ObjectNode ref(String logicalId) {
    return CanonicalJson.object().put("Ref", logicalId);
  }

  static ObjectNode getAtt(String logicalId, String attribute) {
    ObjectNode node = CanonicalJson.object();
    node.putArray("Fn::GetAtt").add(logicalId).add(attribute);
    return node;
  }

  static ObjectNode sub(String text) {
    return CanonicalJson.object().put("Fn::Sub", text);
  }

  static ObjectNode join(String delimiter, ArrayNode values) {
    ObjectNode node = CanonicalJson.object();
    node.putArray("Fn::Join").add(delimiter).add(values);
    return node;
  }
}
