package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.AwsLimits;
import dev.ratelimit.model.Egress;
import dev.ratelimit.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The network part of the template (SPEC §9 Egress). {@code SHARED}: nothing. {@code STATIC_IPS}: a
 * VPC with an internet gateway, one public subnet per availability zone used, and per proxy
 * <i>k</i> a private subnet whose own route table sends {@code 0.0.0.0/0} to its own NAT gateway
 * with its own Elastic IP, so proxy <i>k</i> always leaves from address <i>k</i>. {@code SUBNETS}:
 * the user's subnets and security groups, nothing created. In both VPC modes the proxy role gets
 * the network-interface actions Lambda needs, narrowed to the proxies' subnets and security groups
 * where IAM allows it.
 */
public final class EgressNetwork {
  public static final String VPC = "EgressVpc";
  public static final String INTERNET_GATEWAY = "EgressInternetGateway";
  public static final String GATEWAY_ATTACHMENT = "EgressGatewayAttachment";
  public static final String PUBLIC_ROUTE_TABLE = "EgressPublicRouteTable";
  public static final String PUBLIC_DEFAULT_ROUTE = "EgressPublicDefaultRoute";
  public static final String SECURITY_GROUP = "ProxySecurityGroup";
  public static final String EGRESS_IPS_OUTPUT = "EgressIps";
  public static final String VPC_CIDR = "10.0.0.0/16";

  /**
   * Availability zones used: indexes 0 and 1 of {@code Fn::GetAZs}. Every commercial region offers
   * every account at least two zones (us-west-1 offers new accounts only two), so these indexes
   * exist everywhere; proxy k goes to zone (k − 1) mod 2.
   */
  public static final int AVAILABILITY_ZONES = 2;

  /**
   * AWS's published us-east-1 prices (VPC pricing page, as of September 2026; see docs/egress.md).
   */
  public static final double NAT_GATEWAY_USD_PER_HOUR = 0.045;

  public static final double PUBLIC_IPV4_USD_PER_HOUR = 0.005;

  /** AWS prices a month as 730 hours. */
  public static final int HOURS_PER_MONTH = 730;

  private static final String ANY_IPV4 = "0.0.0.0/0";
  private static final String EC2_ARN =
      "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:";

  private EgressNetwork() {}

  public static String privateSubnet(int proxy) {
    return "Proxy" + proxy + "Subnet";
  }

  public static String routeTable(int proxy) {
    return "Proxy" + proxy + "RouteTable";
  }

  public static String defaultRoute(int proxy) {
    return "Proxy" + proxy + "DefaultRoute";
  }

  public static String routeTableAssociation(int proxy) {
    return "Proxy" + proxy + "SubnetRouteTableAssociation";
  }

  public static String natGateway(int proxy) {
    return "Proxy" + proxy + "NatGateway";
  }

  public static String elasticIp(int proxy) {
    return "Proxy" + proxy + "ElasticIp";
  }

  public static String egressIpOutput(int proxy) {
    return "Proxy" + proxy + "EgressIp";
  }

  public static String publicSubnet(int zone) {
    return "EgressPublicSubnet" + zone;
  }

  static String publicSubnetAssociation(int zone) {
    return "EgressPublicSubnet" + zone + "RouteTableAssociation";
  }

  /** 1-based zone of proxy {@code k}: the proxies alternate between the zones used. */
  public static int zoneOf(int proxy) {
    return (proxy - 1) % AVAILABILITY_ZONES + 1;
  }

  /** Zones with a proxy: one for one proxy, else two. */
  public static int zonesUsed(WorkflowSpec spec) {
    return Math.min(spec.proxies(), AVAILABILITY_ZONES);
  }

  /** Private subnet k is 10.0.k.0/24; public subnet z is 10.0.(200 + z).0/24. */
  static String privateCidr(int proxy) {
    return "10.0." + proxy + ".0/24";
  }

  static String publicCidr(int zone) {
    return "10.0." + (200 + zone) + ".0/24";
  }

  /** TCP ports the proxies may open: the vendor's, plus 443 when they also call AWS APIs. */
  public static List<Integer> egressPorts(WorkflowSpec spec) {
    int vendor =
        spec.targetUrl().getPort() != -1
            ? spec.targetUrl().getPort()
            : "http".equalsIgnoreCase(spec.targetUrl().getScheme()) ? 80 : 443;
    TreeSet<Integer> ports = new TreeSet<>(List.of(vendor));
    if (spec.hasApiKey() || spec.tracing()) {
      ports.add(443); // Secrets Manager and X-Ray endpoints, reached through the NAT gateway too
    }
    return List.copyOf(ports);
  }

  /** Adds the network resources of {@code STATIC_IPS}; other modes create none. */
  static void resources(ObjectNode resources, WorkflowSpec spec) {
    if (spec.egress().mode() != Egress.STATIC_IPS) {
      return;
    }
    ArrayNode tags = LambdaResources.tags(spec);
    ObjectNode vpc = resource(resources, VPC, "AWS::EC2::VPC");
    vpc.put("CidrBlock", VPC_CIDR);
    vpc.put("EnableDnsSupport", true); // the proxies resolve the vendor through the VPC's resolver
    vpc.put("EnableDnsHostnames", false);
    vpc.set("Tags", tags);

    resource(resources, INTERNET_GATEWAY, "AWS::EC2::InternetGateway").set("Tags", tags);
    ObjectNode attachment =
        resource(resources, GATEWAY_ATTACHMENT, "AWS::EC2::VPCGatewayAttachment");
    attachment.set("VpcId", Intrinsics.ref(VPC));
    attachment.set("InternetGatewayId", Intrinsics.ref(INTERNET_GATEWAY));

    ObjectNode publicTable = resource(resources, PUBLIC_ROUTE_TABLE, "AWS::EC2::RouteTable");
    publicTable.set("VpcId", Intrinsics.ref(VPC));
    publicTable.set("Tags", tags);
    ObjectNode publicRoute = resource(resources, PUBLIC_DEFAULT_ROUTE, "AWS::EC2::Route");
    publicRoute.set("RouteTableId", Intrinsics.ref(PUBLIC_ROUTE_TABLE));
    publicRoute.put("DestinationCidrBlock", ANY_IPV4);
    publicRoute.set("GatewayId", Intrinsics.ref(INTERNET_GATEWAY));
    // A route to an internet gateway needs the gateway attached first.
    dependsOn(resources, PUBLIC_DEFAULT_ROUTE, GATEWAY_ATTACHMENT);

    for (int zone = 1; zone <= zonesUsed(spec); zone++) {
      ObjectNode subnet = resource(resources, publicSubnet(zone), "AWS::EC2::Subnet");
      subnet.set("VpcId", Intrinsics.ref(VPC));
      subnet.put("CidrBlock", publicCidr(zone));
      subnet.set("AvailabilityZone", availabilityZone(zone));
      subnet.put("MapPublicIpOnLaunch", false);
      subnet.set("Tags", tags);
      ObjectNode association =
          resource(
              resources, publicSubnetAssociation(zone), "AWS::EC2::SubnetRouteTableAssociation");
      association.set("SubnetId", Intrinsics.ref(publicSubnet(zone)));
      association.set("RouteTableId", Intrinsics.ref(PUBLIC_ROUTE_TABLE));
    }

    for (int k = 1; k <= spec.proxies(); k++) {
      ObjectNode eip = resource(resources, elasticIp(k), "AWS::EC2::EIP");
      eip.put("Domain", "vpc");
      eip.set("Tags", tags);
      // AWS: an address for a VPC in the same template depends on the gateway attachment.
      dependsOn(resources, elasticIp(k), GATEWAY_ATTACHMENT);

      ObjectNode nat = resource(resources, natGateway(k), "AWS::EC2::NatGateway");
      nat.set("AllocationId", Intrinsics.getAtt(elasticIp(k), "AllocationId"));
      nat.set("SubnetId", Intrinsics.ref(publicSubnet(zoneOf(k))));
      nat.put("ConnectivityType", "public");
      nat.set("Tags", tags);
      // The NAT gateway needs the public subnet's route to the internet to be usable.
      dependsOn(resources, natGateway(k), publicSubnetAssociation(zoneOf(k)));

      ObjectNode subnet = resource(resources, privateSubnet(k), "AWS::EC2::Subnet");
      subnet.set("VpcId", Intrinsics.ref(VPC));
      subnet.put("CidrBlock", privateCidr(k));
      subnet.set("AvailabilityZone", availabilityZone(zoneOf(k)));
      subnet.put("MapPublicIpOnLaunch", false);
      subnet.set("Tags", tags);

      ObjectNode table = resource(resources, routeTable(k), "AWS::EC2::RouteTable");
      table.set("VpcId", Intrinsics.ref(VPC));
      table.set("Tags", tags);
      ObjectNode route = resource(resources, defaultRoute(k), "AWS::EC2::Route");
      route.set("RouteTableId", Intrinsics.ref(routeTable(k)));
      route.put("DestinationCidrBlock", ANY_IPV4);
      route.set("NatGatewayId", Intrinsics.ref(natGateway(k)));
      ObjectNode association =
          resource(resources, routeTableAssociation(k), "AWS::EC2::SubnetRouteTableAssociation");
      association.set("SubnetId", Intrinsics.ref(privateSubnet(k)));
      association.set("RouteTableId", Intrinsics.ref(routeTable(k)));
    }

    ObjectNode group = resource(resources, SECURITY_GROUP, "AWS::EC2::SecurityGroup");
    group.put(
        "GroupDescription",
        "Proxies of " + spec.workflowName() + ": outbound to the vendor only, nothing inbound.");
    group.set("VpcId", Intrinsics.ref(VPC));
    ArrayNode egress = group.putArray("SecurityGroupEgress");
    for (int port : egressPorts(spec)) {
      egress
          .addObject()
          .put("Description", "to the vendor API (and AWS APIs) on TCP " + port)
          .put("IpProtocol", "tcp")
          .put("FromPort", port)
          .put("ToPort", port)
          .put("CidrIp", ANY_IPV4);
    }
    group.set("Tags", tags);
  }

  /**
   * The {@code VpcConfig} of proxy {@code k}, or null outside a VPC. Proxy k runs in subnet k only:
   * a second subnet would give it a second NAT gateway, so a second address.
   */
  static ObjectNode vpcConfig(WorkflowSpec spec, int k) {
    ObjectNode config = CanonicalJson.object();
    switch (spec.egress().mode()) {
      case SHARED -> {
        return null;
      }
      case STATIC_IPS -> {
        config.putArray("SecurityGroupIds").add(Intrinsics.getAtt(SECURITY_GROUP, "GroupId"));
        config.putArray("SubnetIds").add(Intrinsics.ref(privateSubnet(k)));
      }
      case SUBNETS -> {
        ArrayNode groups = config.putArray("SecurityGroupIds");
        spec.egress().securityGroupIds().forEach(groups::add);
        config.putArray("SubnetIds").add(spec.egress().subnetIds().get(k - 1));
      }
    }
    return config;
  }

  /** What proxy {@code k}'s function waits for: its way out, so it is never live without one. */
  static String dependency(WorkflowSpec spec, int k) {
    return spec.egress().mode() == Egress.STATIC_IPS ? defaultRoute(k) : null;
  }

  /**
   * The network-interface permissions of the proxy role in a VPC (AWSLambdaVPCAccessExecutionRole's
   * EC2 actions, narrowed): creating is allowed only in the proxies' subnets with their security
   * groups; describing needs {@code *} (EC2 grants it on no narrower resource); deleting and
   * (un)assigning addresses is narrowed to this account's and region's interfaces, since the ids
   * Lambda creates are unknown in advance. See docs/security.md.
   */
  static ObjectNode networkInterfacePolicy(WorkflowSpec spec) {
    ArrayNode create = CanonicalJson.array();
    for (int k = 1; k <= spec.proxies(); k++) {
      create.add(Intrinsics.sub(EC2_ARN + "subnet/" + subnetRef(spec, k)));
    }
    if (spec.egress().mode() == Egress.STATIC_IPS) {
      create.add(Intrinsics.sub(EC2_ARN + "security-group/${" + SECURITY_GROUP + ".GroupId}"));
    } else {
      spec.egress()
          .securityGroupIds()
          .forEach(g -> create.add(Intrinsics.sub(EC2_ARN + "security-group/" + g)));
    }
    create.add(Intrinsics.sub(EC2_ARN + "network-interface/*"));
    JsonNode interfaces =
        CanonicalJson.array().add(Intrinsics.sub(EC2_ARN + "network-interface/*"));
    return Iam.policy(
        "vpc-network-interfaces",
        Iam.allow(List.of("ec2:CreateNetworkInterface"), create),
        Iam.allow(
            List.of(
                "ec2:AssignPrivateIpAddresses",
                "ec2:DeleteNetworkInterface",
                "ec2:UnassignPrivateIpAddresses"),
            interfaces),
        Iam.allow(List.of("ec2:DescribeNetworkInterfaces"), Iam.anyResource()));
  }

  private static String subnetRef(WorkflowSpec spec, int k) {
    return spec.egress().mode() == Egress.STATIC_IPS
        ? "${" + privateSubnet(k) + "}"
        : spec.egress().subnetIds().get(k - 1);
  }

  /** {@code ProxyNEgressIp} per proxy and {@code EgressIps}, the comma-joined allowlist. */
  static void outputs(ObjectNode outputs, WorkflowSpec spec) {
    if (spec.egress().mode() != Egress.STATIC_IPS) {
      return;
    }
    ArrayNode all = CanonicalJson.array();
    for (int k = 1; k <= spec.proxies(); k++) {
      ObjectNode out = outputs.putObject(egressIpOutput(k));
      out.put("Description", "The Elastic IP proxy " + k + " calls the vendor from.");
      out.set("Value", Intrinsics.ref(elasticIp(k)));
      all.add(Intrinsics.ref(elasticIp(k)));
    }
    ObjectNode list = outputs.putObject(EGRESS_IPS_OUTPUT);
    list.put(
        "Description", "Every proxy's address, comma separated: allowlist these at the vendor.");
    list.set("Value", Intrinsics.join(",", all));
  }

  /** Generate-time notes: the fixed monthly cost, and the default quotas the network goes past. */
  public record Notes(List<String> info, List<String> warnings) {}

  public static Notes notes(WorkflowSpec spec) {
    List<String> info = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int n = spec.proxies();
    switch (spec.egress().mode()) {
      case SHARED -> {} // today's behaviour: nothing to add
      case SUBNETS ->
          info.add(
              "Egress SUBNETS: proxy k runs in subnet k of "
                  + spec.egress().subnetIds()
                  + "; its address is whatever that subnet's route leads to (your NAT).");
      case STATIC_IPS -> {
        double natMonth = NAT_GATEWAY_USD_PER_HOUR * HOURS_PER_MONTH;
        double ipMonth = PUBLIC_IPV4_USD_PER_HOUR * HOURS_PER_MONTH;
        info.add(
            String.format(
                Locale.ROOT,
                "Egress STATIC_IPS: %d NAT gateways and %d Elastic IPs"
                    + " cost about $%.2f a month before traffic (%d × ($%.2f NAT gateway + $%.2f public"
                    + " IPv4) at us-east-1 prices of %s; NAT data processing is extra per GB).",
                n,
                n,
                n * (natMonth + ipMonth),
                n,
                natMonth,
                ipMonth,
                "September 2026"));
        if (n > AwsLimits.DEFAULT_ELASTIC_IPS_PER_REGION) {
          warnings.add(
              "Egress STATIC_IPS needs "
                  + n
                  + " Elastic IPs in the region, over the default"
                  + " quota of "
                  + AwsLimits.DEFAULT_ELASTIC_IPS_PER_REGION
                  + ". Raise the quota \""
                  + AwsLimits.ELASTIC_IPS_QUOTA
                  + "\" in Service Quotas before deploying (the account's"
                  + " real quota is not known offline).");
        }
        int perZone = (n + AVAILABILITY_ZONES - 1) / AVAILABILITY_ZONES;
        if (perZone > AwsLimits.DEFAULT_NAT_GATEWAYS_PER_ZONE) {
          warnings.add(
              "Egress STATIC_IPS puts "
                  + perZone
                  + " NAT gateways in one availability"
                  + " zone, over the default quota of "
                  + AwsLimits.DEFAULT_NAT_GATEWAYS_PER_ZONE
                  + ". Raise the quota \""
                  + AwsLimits.NAT_GATEWAYS_QUOTA
                  + "\" in Service Quotas"
                  + " before deploying.");
        }
      }
    }
    return new Notes(List.copyOf(info), List.copyOf(warnings));
  }

  private static JsonNode availabilityZone(int zone) {
    ObjectNode select = CanonicalJson.object();
    select.putArray("Fn::Select").add(zone - 1).addObject().put("Fn::GetAZs", "");
    return select;
  }

  private static ObjectNode resource(ObjectNode resources, String logicalId, String type) {
    ObjectNode r = resources.putObject(logicalId);
    r.put("Type", type);
    return r.putObject("Properties");
  }

  private static void dependsOn(ObjectNode resources, String logicalId, String dependency) {
    ((ObjectNode) resources.get(logicalId)).put("DependsOn", dependency);
  }
}
