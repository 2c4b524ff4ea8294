package dev.ratelimit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.generate.SampleSpecs;
import dev.ratelimit.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The network of each egress mode, read from the template as CloudFormation would wire it. */
class EgressNetworkTest {

  private static ObjectNode template(WorkflowSpec spec) {
    return TemplateGeneratorTest.template(spec);
  }

  /** The logical id a {@code Ref} or {@code Fn::GetAtt} points at. */
  private static String target(JsonNode intrinsic) {
    return intrinsic.has("Ref")
        ? intrinsic.get("Ref").asText()
        : intrinsic.get("Fn::GetAtt").get(0).asText();
  }

  private static List<String> ofType(ObjectNode t, String type) {
    List<String> ids = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = t.get("Resources").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().get("Type").asText().equals(type)) {
        ids.add(e.getKey());
      }
    }
    return ids;
  }

  @ParameterizedTest(name = "{0} proxies")
  @ValueSource(ints = {1, 3, 10})
  void noTwoProxiesShareASubnetRouteTableNatGatewayOrAddress(int proxies) {
    ObjectNode t = template(SampleSpecs.staticIps(proxies));
    JsonNode resources = t.get("Resources");
    Set<String> subnets = new HashSet<>();
    Set<String> tables = new HashSet<>();
    Set<String> nats = new HashSet<>();
    Set<String> eips = new HashSet<>();
    Set<String> zones = new HashSet<>();
    for (int k = 1; k <= proxies; k++) {
      JsonNode vpc = resources.at("/Proxy" + k + "/Properties/VpcConfig");
      assertThat(vpc.get("SubnetIds")).as("proxy %d runs in exactly one subnet", k).hasSize(1);
      String subnet = target(vpc.get("SubnetIds").get(0));
      // the route table associated with that subnet, and its default route
      String table =
          ofType(t, "AWS::EC2::SubnetRouteTableAssociation").stream()
              .map(resources::get)
              .filter(a -> target(a.at("/Properties/SubnetId")).equals(subnet))
              .map(a -> target(a.at("/Properties/RouteTableId")))
              .reduce(
                  (a, b) -> {
                    throw new AssertionError("subnet " + subnet + " has two route tables");
                  })
              .orElseThrow();
      List<JsonNode> defaults =
          ofType(t, "AWS::EC2::Route").stream()
              .map(resources::get)
              .filter(r -> target(r.at("/Properties/RouteTableId")).equals(table))
              .toList();
      assertThat(defaults)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.at("/Properties/DestinationCidrBlock").asText())
                    .isEqualTo("0.0.0.0/0");
                assertThat(r.at("/Properties").has("GatewayId")).isFalse();
              });
      String nat = target(defaults.get(0).at("/Properties/NatGatewayId"));
      JsonNode natGateway = resources.get(nat);
      assertThat(natGateway.get("Type").asText()).isEqualTo("AWS::EC2::NatGateway");
      String eip = target(natGateway.at("/Properties/AllocationId"));
      assertThat(resources.at("/" + eip + "/Type").asText()).isEqualTo("AWS::EC2::EIP");
      // the NAT gateway sits in a public subnet: one whose table routes to the internet gateway
      String publicSubnet = target(natGateway.at("/Properties/SubnetId"));
      assertThat(publicSubnet).startsWith("EgressPublicSubnet");
      assertThat(resources.at("/" + subnet + "/Properties/AvailabilityZone"))
          .as("proxy %d's subnet and its NAT gateway share a zone", k)
          .isEqualTo(resources.at("/" + publicSubnet + "/Properties/AvailabilityZone"));
      zones.add(resources.at("/" + subnet + "/Properties/AvailabilityZone").toString());
      assertThat(resources.at("/Proxy" + k + "/DependsOn").asText())
          .as("proxy %d waits for its way out", k)
          .isEqualTo(EgressNetwork.defaultRoute(k));
      subnets.add(subnet);
      tables.add(table);
      nats.add(nat);
      eips.add(eip);
      // the output names exactly this proxy's address
      assertThat(t.at("/Outputs/Proxy" + k + "EgressIp/Value/Ref").asText()).isEqualTo(eip);
    }
    assertThat(subnets).hasSize(proxies);
    assertThat(tables).hasSize(proxies);
    assertThat(nats).hasSize(proxies);
    assertThat(eips).hasSize(proxies);
    assertThat(zones).hasSize(Math.min(proxies, 2));
    assertThat(ofType(t, "AWS::EC2::EIP")).hasSize(proxies);
    assertThat(ofType(t, "AWS::EC2::NatGateway")).hasSize(proxies);
    JsonNode all = t.at("/Outputs/EgressIps/Value/Fn::Join");
    assertThat(all.get(0).asText()).isEqualTo(",");
    List<String> listed = new ArrayList<>();
    all.get(1).forEach(r -> listed.add(target(r)));
    assertThat(listed)
        .hasSize(proxies)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(eips);
  }

  @ParameterizedTest(name = "{0} proxies")
  @ValueSource(ints = {1, 3, 10})
  void theSecurityGroupAllowsNoIngressAndOnlyTheVendorsPortOut(int proxies) {
    ObjectNode t = template(SampleSpecs.staticIps(proxies));
    assertThat(ofType(t, "AWS::EC2::SecurityGroupIngress")).isEmpty();
    JsonNode group = t.at("/Resources/ProxySecurityGroup/Properties");
    assertThat(group.has("SecurityGroupIngress")).isFalse();
    List<Integer> ports = new ArrayList<>();
    group
        .get("SecurityGroupEgress")
        .forEach(
            rule -> {
              assertThat(rule.get("IpProtocol").asText()).isEqualTo("tcp");
              assertThat(rule.get("FromPort")).isEqualTo(rule.get("ToPort"));
              ports.add(rule.get("FromPort").asInt());
            });
    // the 3-proxy sample calls port 8443 and reads its key from Secrets Manager over 443
    assertThat(ports).isEqualTo(proxies == 3 ? List.of(443, 8443) : List.of(443));
  }

  @Test
  void theProxyRoleCreatesInterfacesOnlyInItsSubnetsWithItsGroup() {
    ObjectNode t = template(SampleSpecs.staticIps(3));
    JsonNode policy = policy(t, "vpc-network-interfaces");
    JsonNode create = statementFor(policy, "ec2:CreateNetworkInterface");
    List<String> resources = new ArrayList<>();
    create.get("Resource").forEach(r -> resources.add(r.get("Fn::Sub").asText()));
    String arn = "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:";
    assertThat(resources)
        .containsExactly(
            arn + "subnet/${Proxy1Subnet}",
            arn + "subnet/${Proxy2Subnet}",
            arn + "subnet/${Proxy3Subnet}",
            arn + "security-group/${ProxySecurityGroup.GroupId}",
            arn + "network-interface/*");
    assertThat(
            statementFor(policy, "ec2:DeleteNetworkInterface")
                .get("Resource")
                .get(0)
                .get("Fn::Sub")
                .asText())
        .isEqualTo(arn + "network-interface/*");
    // the one action EC2 authorises only on "*"
    JsonNode describe = statementFor(policy, "ec2:DescribeNetworkInterfaces");
    assertThat(describe.get("Action")).hasSize(1);
    assertThat(describe.get("Resource").asText()).isEqualTo("*");
  }

  @ParameterizedTest(name = "{0} proxies")
  @ValueSource(ints = {1, 3, 10})
  void subnetsUseTheGivenSubnetsInOrderAndCreateNoNetwork(int proxies) {
    WorkflowSpec spec = SampleSpecs.subnets(proxies);
    ObjectNode t = template(spec);
    t.get("Resources")
        .forEach(r -> assertThat(r.get("Type").asText()).doesNotStartWith("AWS::EC2::"));
    for (int k = 1; k <= proxies; k++) {
      JsonNode vpc = t.at("/Resources/Proxy" + k + "/Properties/VpcConfig");
      assertThat(vpc.get("SubnetIds")).hasSize(1);
      assertThat(vpc.get("SubnetIds").get(0).asText())
          .isEqualTo(spec.egress().subnetIds().get(k - 1));
      assertThat(vpc.get("SecurityGroupIds").toString())
          .isEqualTo("[\"sg-0a1b2c3d4e5f60718\",\"sg-0123456789abcdef0\"]");
    }
    JsonNode create =
        statementFor(policy(t, "vpc-network-interfaces"), "ec2:CreateNetworkInterface");
    assertThat(create.get("Resource").toString())
        .contains("subnet/" + spec.egress().subnetIds().get(proxies - 1))
        .contains("security-group/sg-0123456789abcdef0");
    assertThat(t.get("Outputs").has("EgressIps")).isFalse();
  }

  @Test
  void fiftyProxiesFitCloudFormationsLimits() {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("fifty")
            .targetUrl("https://api.vendor.example")
            .proxies(50)
            .maxAttempts(3)
            .egress("STATIC_IPS")
            .build();
    // GatewayGenerator checks the 500-resource and template-size limits
    List<GeneratedFile> files =
        new GatewayGenerator()
            .generate(spec, new RuntimeBundle(new byte[1], new byte[1], new byte[1]));
    assertThat(files).isNotEmpty();
    ObjectNode t = template(spec);
    assertThat(t.get("Resources").size()).isLessThanOrEqualTo(500);
    assertThat(t.get("Outputs").size()).isLessThanOrEqualTo(200);
    assertThat(t.at("/Resources/Proxy50Subnet/Properties/CidrBlock").asText())
        .isEqualTo("10.0.50.0/24");
  }

  @Test
  void sharedAddsNoNetworkNoVpcConfigAndNoEc2Permission() {
    ObjectNode t = template(SampleSpecs.defaults());
    t.get("Resources")
        .forEach(
            r -> {
              assertThat(r.get("Type").asText()).doesNotStartWith("AWS::EC2::");
              assertThat(r.at("/Properties").has("VpcConfig")).isFalse();
            });
    assertThat(t.toString()).doesNotContain("ec2:");
  }

  @Test
  void generateStatesTheMonthlyCostAndWarnsPastTheDefaultQuotas() {
    EgressNetwork.Notes three = EgressNetwork.notes(SampleSpecs.staticIps(3));
    // 3 × (0.045 + 0.005) $/h × 730 h
    assertThat(three.info())
        .singleElement()
        .asString()
        .contains("$109.50 a month")
        .contains("3 NAT gateways and 3 Elastic IPs")
        .contains("September 2026");
    assertThat(three.warnings()).isEmpty();

    EgressNetwork.Notes ten = EgressNetwork.notes(SampleSpecs.staticIps(10));
    assertThat(ten.warnings())
        .singleElement()
        .asString()
        .contains("10 Elastic IPs")
        .contains("default quota of 5")
        .contains("EC2-VPC Elastic IPs (L-0263D0A3)");

    WorkflowSpec eleven =
        WorkflowSpec.builder()
            .workflowName("eleven")
            .targetUrl("https://api.vendor.example")
            .proxies(11)
            .maxAttempts(3)
            .egress("STATIC_IPS")
            .build();
    assertThat(EgressNetwork.notes(eleven).warnings())
        .hasSize(2)
        .last()
        .asString()
        .contains("6 NAT gateways in one availability zone")
        .contains("NAT gateways per Availability Zone (L-FE5A380F)");

    assertThat(EgressNetwork.notes(SampleSpecs.defaults()).info()).isEmpty();
    assertThat(EgressNetwork.notes(SampleSpecs.subnets(3)).warnings()).isEmpty();
  }

  private static JsonNode policy(ObjectNode t, String name) {
    for (JsonNode p : t.at("/Resources/ProxyRole/Properties/Policies")) {
      if (p.get("PolicyName").asText().equals(name)) {
        return p.get("PolicyDocument");
      }
    }
    throw new AssertionError("ProxyRole has no policy " + name);
  }

  private static JsonNode statementFor(JsonNode policy, String action) {
    for (JsonNode s : policy.get("Statement")) {
      for (JsonNode a : s.get("Action")) {
        if (a.asText().equals(action)) {
          return s;
        }
      }
    }
    throw new AssertionError("no statement allows " + action);
  }
}
