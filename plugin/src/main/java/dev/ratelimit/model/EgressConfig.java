package dev.ratelimit.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The egress mode with what it needs: for {@link Egress#SUBNETS} one subnet id per proxy (proxy
 * <i>k</i> runs in the <i>k</i>-th) and the security groups every proxy gets. The other modes take
 * no subnets or groups; giving them is a mistake, not something to ignore.
 */
public record EgressConfig(Egress mode, List<String> subnetIds, List<String> securityGroupIds) {
  /** Lambda: security groups per function's VPC configuration. */
  public static final int MAX_SECURITY_GROUPS = 5;

  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern GROUP = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final String SUBNET_EXAMPLE = "subnet-0a1b2c3d4e5f60718,subnet-0b2c3d4e5f6071829";
  private static final String GROUP_EXAMPLE = "sg-0a1b2c3d4e5f60718";

  public EgressConfig {
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = List.copyOf(securityGroupIds);
  }

  public boolean inVpc() {
    return mode != Egress.SHARED;
  }

  /** Validates the raw values for {@code proxies} proxies; null lists mean "not given". */
  static EgressConfig of(String mode, List<String> subnets, List<String> groups, int proxies) {
    Egress egress = parseMode(mode);
    List<String> subnetIds = clean(subnets);
    List<String> groupIds = clean(groups);
    if (egress != Egress.SUBNETS) {
      if (!subnetIds.isEmpty()) {
        throw new InvalidConfigurationException(
            "subnetIds",
            String.join(",", subnetIds),
            "subnets are given only with <egress>SUBNETS</egress> (egress is " + egress + ")",
            SUBNET_EXAMPLE);
      }
      if (!groupIds.isEmpty()) {
        throw new InvalidConfigurationException(
            "securityGroupIds",
            String.join(",", groupIds),
            "security groups are given only with <egress>SUBNETS</egress> (egress is "
                + egress
                + "; STATIC_IPS creates its own)",
            GROUP_EXAMPLE);
      }
      return new EgressConfig(egress, List.of(), List.of());
    }
    if (subnetIds.size() != proxies) {
      throw new InvalidConfigurationException(
          "subnetIds",
          String.join(",", subnetIds),
          "egress SUBNETS needs exactly one subnet id per proxy, in proxy order: "
              + proxies
              + " proxies, "
              + subnetIds.size()
              + " subnets given",
          SUBNET_EXAMPLE);
    }
    Set<String> seen = new HashSet<>();
    for (String s : subnetIds) {
      if (!SUBNET.matcher(s).matches()) {
        throw new InvalidConfigurationException(
            "subnetIds",
            s,
            "is not a subnet id (subnet- and 8 or 17 lowercase hex digits)",
            SUBNET_EXAMPLE);
      }
      if (!seen.add(s)) {
        throw new InvalidConfigurationException(
            "subnetIds",
            s,
            "appears twice: each proxy needs its own subnet, or two proxies share an address",
            SUBNET_EXAMPLE);
      }
    }
    if (groupIds.isEmpty() || groupIds.size() > MAX_SECURITY_GROUPS) {
      throw new InvalidConfigurationException(
          "securityGroupIds",
          String.join(",", groupIds),
          "egress SUBNETS needs 1 to "
              + MAX_SECURITY_GROUPS
              + " security group ids (Lambda's"
              + " limit per function)",
          GROUP_EXAMPLE);
    }
    for (String g : groupIds) {
      if (!GROUP.matcher(g).matches()) {
        throw new InvalidConfigurationException(
            "securityGroupIds",
            g,
            "is not a security group id (sg- and 8 or 17 lowercase hex digits)",
            GROUP_EXAMPLE);
      }
    }
    return new EgressConfig(egress, subnetIds, groupIds.stream().distinct().toList());
  }

  private static Egress parseMode(String mode) {
    String value =
        mode == null || mode.isBlank() ? Defaults.EGRESS : mode.trim().toUpperCase(Locale.ROOT);
    for (Egress e : Egress.values()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    throw new InvalidConfigurationException(
        "egress", mode, "must be one of SHARED, STATIC_IPS, SUBNETS", "STATIC_IPS");
  }

  private static List<String> clean(List<String> raw) {
    List<String> out = new ArrayList<>();
    if (raw != null) {
      for (String s : raw) {
        // a user property arrives as one comma-separated string
        for (String part : s == null ? new String[0] : s.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      }
    }
    return out;
  }
}
