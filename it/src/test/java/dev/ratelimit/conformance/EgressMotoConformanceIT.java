package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.cloudformation.EgressNetwork;
import dev.ratelimit.deploy.DeployRequest;
import dev.ratelimit.deploy.DeployResult;
import dev.ratelimit.deploy.StackDeployer;
import dev.ratelimit.generate.GatewayGenerator;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.generate.RuntimeBundle;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.testsupport.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Egress (SPEC §9) deployed by ratelimit:deploy into moto_server, then read back through moto's EC2
 * API: with STATIC_IPS each proxy's subnet routes 0.0.0.0/0 to a NAT gateway of its own with an
 * Elastic IP of its own, and each EIP's Ref (what ProxyNEgressIp outputs) is that NAT gateway's
 * address; SUBNETS builds no network; and a stack moves SHARED → STATIC_IPS → SHARED by change sets
 * moto executes. (moto 5.2.1 reports no stack outputs after a change set, so the printed allowlist
 * is checked in StackDeployerStubTest.)
 */
class EgressMotoConformanceIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final String BUCKET = "ratelimit-egress";

  private static CloudFormationClient cloudFormation;
  private static S3Client s3;
  private static Ec2Client ec2;

  private final DeployMotoConformanceIT.Recorder log = new DeployMotoConformanceIT.Recorder();

  @BeforeAll
  static void clients() {
    cloudFormation = MOTO.client(CloudFormationClient.builder());
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    ec2 = MOTO.client(Ec2Client.builder());
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void close() {
    cloudFormation.close();
    s3.close();
    ec2.close();
  }

  @ParameterizedTest(name = "{0} proxies")
  @ValueSource(ints = {1, 3, 10})
  void staticIpsGiveEachProxyItsOwnRouteNatGatewayAndAddress(int proxies) {
    String stack = "egress-static-" + proxies;
    DeployResult result = deploy(spec(stack, proxies, "STATIC_IPS"));
    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);

    Set<String> subnets = new HashSet<>();
    Set<String> tables = new HashSet<>();
    Set<String> natGateways = new HashSet<>();
    Set<String> allocations = new HashSet<>();
    Set<String> zones = new HashSet<>();
    List<String> addresses = new ArrayList<>();
    for (int proxy = 1; proxy <= proxies; proxy++) {
      int k = proxy;
      String subnetId = physicalId(stack, EgressNetwork.privateSubnet(k));
      Subnet subnet = ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0);
      assertThat(subnet.mapPublicIpOnLaunch()).as("proxy %d's subnet is private", k).isFalse();
      // moto 5.2.1 keeps CloudFormation's SubnetRouteTableAssociation outside the route table's
      // associations (DescribeRouteTables does not list it) and gives it the route table's id as
      // its physical id: the subnet -> table link is read from the stack, the table from EC2.
      String tableId = physicalId(stack, EgressNetwork.routeTable(k));
      assertThat(physicalId(stack, EgressNetwork.routeTableAssociation(k)))
          .as("proxy %d's subnet is associated with its own route table", k)
          .isEqualTo(tableId);
      RouteTable table =
          ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().get(0);
      Route defaultRoute =
          table.routes().stream()
              .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("proxy " + k + "'s route table has no default route"));
      assertThat(defaultRoute.gatewayId()).as("no direct internet gateway route").isNull();
      String natId = defaultRoute.natGatewayId();
      assertThat(natId).as("proxy %d's default route goes to a NAT gateway", k).isNotNull();
      NatGateway nat = ec2.describeNatGateways(r -> r.natGatewayIds(natId)).natGateways().get(0);
      assertThat(nat.stateAsString()).isEqualTo("available");
      Subnet natSubnet = ec2.describeSubnets(r -> r.subnetIds(nat.subnetId())).subnets().get(0);
      assertThat(natSubnet.availabilityZone())
          .as("proxy %d's NAT gateway is in its zone", k)
          .isEqualTo(subnet.availabilityZone());
      assertThat(natSubnet.subnetId()).isNotEqualTo(subnetId);
      zones.add(subnet.availabilityZone());
      assertThat(nat.natGatewayAddresses()).hasSize(1);
      String publicIp = nat.natGatewayAddresses().get(0).publicIp();
      // Ref of the EIP (what ProxykEgressIp outputs) is the address the NAT gateway uses
      assertThat(physicalId(stack, EgressNetwork.elasticIp(k))).isEqualTo(publicIp);
      assertThat(
              ec2.describeAddresses(r -> r.publicIps(publicIp)).addresses().get(0).domainAsString())
          .isEqualTo("vpc");
      subnets.add(subnetId);
      tables.add(table.routeTableId());
      natGateways.add(natId);
      allocations.add(nat.natGatewayAddresses().get(0).allocationId());
      addresses.add(publicIp);
    }
    assertThat(subnets).as("distinct subnets").hasSize(proxies);
    assertThat(tables).as("distinct route tables").hasSize(proxies);
    assertThat(natGateways).as("distinct NAT gateways").hasSize(proxies);
    assertThat(allocations).as("distinct Elastic IP allocations").hasSize(proxies);
    assertThat(new HashSet<>(addresses)).as("distinct addresses").hasSize(proxies);
    assertThat(zones).as("zones used").hasSize(Math.min(proxies, 2));

    String groupId = physicalId(stack, EgressNetwork.SECURITY_GROUP);
    SecurityGroup group =
        ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
    assertThat(group.ipPermissions()).as("no ingress").isEmpty();
    // moto 5.2.1 ignores a CloudFormation security group's SecurityGroupEgress (it keeps EC2's
    // default allow-all rule), so the egress rule is checked on the template (EgressNetworkTest).
    assertThat(group.vpcId()).isEqualTo(physicalId(stack, EgressNetwork.VPC));
    print(stack);
    // not undeployed: moto 5.2.1 cannot delete this network (see releaseWhatMotoCannotDelete)
  }

  @ParameterizedTest(name = "{0} proxies")
  @ValueSource(ints = {1, 3, 10})
  void subnetsDeployIntoTheGivenSubnetsAndCreateNoNetwork(int proxies) {
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
    List<String> subnetIds = new ArrayList<>();
    for (int k = 1; k <= proxies; k++) {
      int third = k;
      subnetIds.add(
          ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.1." + third + ".0/24"))
              .subnet()
              .subnetId());
    }
    String group =
        ec2.createSecurityGroup(
                r -> r.vpcId(vpc).groupName("proxies-" + proxies).description("proxies"))
            .groupId();
    String stack = "egress-subnets-" + proxies;
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName(stack)
            .targetUrl("https://api.vendor.example/v1")
            .proxies(proxies)
            .maxAttempts(3)
            .egress("SUBNETS")
            .subnetIds(subnetIds)
            .securityGroupIds(List.of(group))
            .build();
    int subnetsBefore = ec2.describeSubnets().subnets().size();

    DeployResult result = deploy(spec);

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.CREATED);
    assertThat(resources(stack))
        .extracting(StackResource::resourceType)
        .noneMatch(t -> t.startsWith("AWS::EC2::"));
    assertThat(ec2.describeSubnets().subnets()).hasSize(subnetsBefore);
    deployer().undeploy(stack, Duration.ofMinutes(5));
  }

  @Test
  void aStackSwitchesFromSharedToStaticIpsAndBack() {
    String stack = "egress-switch";
    assertThat(deploy(spec(stack, 2, "SHARED")).outcome()).isEqualTo(DeployResult.Outcome.CREATED);
    assertThat(ec2Resources(stack)).isEmpty();

    log.plans.clear();
    DeployResult toStatic = deploy(spec(stack, 2, "STATIC_IPS"));
    assertThat(toStatic.outcome()).isEqualTo(DeployResult.Outcome.UPDATED);
    assertThat(log.plans)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.rows())
                    .anyMatch(
                        r -> r.action().equals("Add") && r.logicalId().equals("Proxy2NatGateway")));
    assertThat(ec2Resources(stack))
        .contains(
            EgressNetwork.VPC,
            EgressNetwork.natGateway(1),
            EgressNetwork.natGateway(2),
            EgressNetwork.elasticIp(2),
            EgressNetwork.SECURITY_GROUP);
    List<String> addresses = new ArrayList<>();
    for (int k = 1; k <= 2; k++) {
      String natId = physicalId(stack, EgressNetwork.natGateway(k));
      String publicIp =
          ec2.describeNatGateways(r -> r.natGatewayIds(natId))
              .natGateways()
              .get(0)
              .natGatewayAddresses()
              .get(0)
              .publicIp();
      assertThat(physicalId(stack, EgressNetwork.elasticIp(k))).isEqualTo(publicIp);
      addresses.add(publicIp);
    }
    assertThat(addresses).doesNotHaveDuplicates();
    String vpc = physicalId(stack, EgressNetwork.VPC);

    log.plans.clear();
    releaseWhatMotoCannotDelete(stack, 2);
    DeployResult back = deploy(spec(stack, 2, "SHARED"));
    assertThat(back.outcome()).isEqualTo(DeployResult.Outcome.UPDATED);
    assertThat(log.plans)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.rows())
                    .anyMatch(
                        r ->
                            r.action().equals("Remove")
                                && r.logicalId().equals(EgressNetwork.VPC)));
    assertThat(ec2Resources(stack)).isEmpty();
    assertThat(ec2.describeVpcs().vpcs()).noneMatch(v -> v.vpcId().equals(vpc));
    print(stack);
    deployer().undeploy(stack, Duration.ofMinutes(5));
  }

  /**
   * moto 5.2.1 has no CloudFormation delete for AWS::EC2::RouteTable, Route, NatGateway and
   * VPCGatewayAttachment: it leaves them in place and then fails to delete the VPC ("has
   * dependencies"). Real CloudFormation deletes them itself, in reverse dependency order. So before
   * a change set that removes the network, they are deleted here through EC2, in that order; the
   * change set then removes the rest (subnets, security group, VPC, ...) and the test checks it.
   */
  private static void releaseWhatMotoCannotDelete(String stack, int proxies) {
    List<String> tables =
        new ArrayList<>(List.of(physicalId(stack, EgressNetwork.PUBLIC_ROUTE_TABLE)));
    for (int k = 1; k <= proxies; k++) {
      tables.add(physicalId(stack, EgressNetwork.routeTable(k)));
      String nat = physicalId(stack, EgressNetwork.natGateway(k));
      ec2.deleteNatGateway(r -> r.natGatewayId(nat));
    }
    for (String table : tables) {
      ec2.deleteRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0"));
      ec2.deleteRouteTable(r -> r.routeTableId(table));
    }
    String gateway = physicalId(stack, EgressNetwork.INTERNET_GATEWAY);
    String vpc = physicalId(stack, EgressNetwork.VPC);
    ec2.detachInternetGateway(r -> r.internetGatewayId(gateway).vpcId(vpc));
  }

  private DeployResult deploy(WorkflowSpec spec) {
    List<GeneratedFile> files = new GatewayGenerator().generate(spec, RuntimeBundle.load());
    return deployer()
        .deploy(
            new DeployRequest(
                spec.workflowName(),
                spec.workflowName(),
                BUCKET,
                DeployRequest.template(files),
                DeployRequest.pick(files, "-proxy.jar"),
                DeployRequest.pick(files, "-orchestrator.jar"),
                null,
                new TreeMap<>(Map.of("team", "it")),
                false,
                false,
                Duration.ofMinutes(5)));
  }

  private static WorkflowSpec spec(String name, int proxies, String egress) {
    return WorkflowSpec.builder()
        .workflowName(name)
        .targetUrl("https://api.vendor.example/v1")
        .proxies(proxies)
        .maxAttempts(3)
        .egress(egress)
        .build();
  }

  private StackDeployer deployer() {
    return new StackDeployer(cloudFormation, s3, log).pollInterval(Duration.ofMillis(200));
  }

  /**
   * The stack's resources; moto 5.2.1 lists the Function URL without id or type, so it is left out.
   */
  private static List<StackResource> resources(String stack) {
    return cloudFormation.describeStackResources(r -> r.stackName(stack)).stackResources().stream()
        .filter(r -> r.resourceType() != null)
        .toList();
  }

  private static List<String> ec2Resources(String stack) {
    return resources(stack).stream()
        .filter(r -> r.resourceType().startsWith("AWS::EC2::"))
        .map(StackResource::logicalResourceId)
        .toList();
  }

  private static String physicalId(String stack, String logicalId) {
    return cloudFormation
        .describeStackResource(r -> r.stackName(stack).logicalResourceId(logicalId))
        .stackResourceDetail()
        .physicalResourceId();
  }

  private void print(String title) {
    System.out.println("---- egress deploy against moto_server: " + title + " ----");
    log.all.forEach(System.out::println);
  }
}
