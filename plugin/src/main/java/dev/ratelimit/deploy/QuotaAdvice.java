package dev.ratelimit.deploy;

import dev.ratelimit.model.AwsLimits;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a resource that failed on a network quota (egress STATIC_IPS) into the quota to raise. The
 * generate step already warns when the default quota is too small; this is for accounts whose real
 * quota or current use it could not know.
 */
final class QuotaAdvice {
  private QuotaAdvice() {}

  /** EC2 error codes and message fragments, each with the Service Quotas entry to raise. */
  private record Quota(List<String> signs, String quota, String what) {}

  private static final List<Quota> QUOTAS =
      List.of(
          new Quota(
              List.of("AddressLimitExceeded", "maximum number of addresses"),
              AwsLimits.ELASTIC_IPS_QUOTA,
              "Elastic IP addresses in this region (one per proxy)"),
          new Quota(
              List.of("NatGatewayLimitExceeded", "maximum number of NAT gateways"),
              AwsLimits.NAT_GATEWAYS_QUOTA,
              "NAT gateways in one availability zone (half the proxies)"),
          new Quota(
              List.of("VpcLimitExceeded", "maximum number of VPCs"),
              "VPCs per Region (L-F678F1CE)",
              "VPCs in this region (the gateway adds one)"),
          new Quota(
              List.of("InternetGatewayLimitExceeded", "maximum number of internet gateways"),
              "Internet gateways per Region (L-A4707A72)",
              "internet gateways (the gateway adds one)"));

  static Optional<String> of(List<StackEvents.Failure> failures) {
    for (StackEvents.Failure f : failures) {
      String reason = f.reason() == null ? "" : f.reason().toLowerCase(Locale.ROOT);
      for (Quota q : QUOTAS) {
        if (q.signs().stream().anyMatch(s -> reason.contains(s.toLowerCase(Locale.ROOT)))) {
          return Optional.of(
              "The account ran out of "
                  + q.what()
                  + " ("
                  + f.logicalId()
                  + "): raise"
                  + " the quota \""
                  + q.quota()
                  + "\" in Service Quotas (console, or aws service-quotas"
                  + " request-service-quota-increase), release unused ones, or use fewer proxies.");
        }
      }
    }
    return Optional.empty();
  }
}
