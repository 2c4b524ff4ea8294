package dev.ratelimit.generate;

import dev.ratelimit.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Configurations the golden files are made from; the same as the sample projects under it/. */
public final class SampleSpecs {
  private SampleSpecs() {}

  public static WorkflowSpec defaults() {
    return WorkflowSpec.builder()
        .workflowName("vendor-gateway")
        .targetUrl("https://api.vendor.example/v1")
        .build();
  }

  public static WorkflowSpec rotating() {
    return WorkflowSpec.builder()
        .workflowName("rotating")
        .targetUrl("https://api.vendor.example")
        .proxies(2)
        .maxAttempts(5)
        .honorRetryAfter(false)
        .backoffInitialDelaySeconds(0)
        .alarmTopicArn("arn:aws:sns:us-east-1:123456789012:gateway-alarms")
        .build();
  }

  public static WorkflowSpec standard() {
    return WorkflowSpec.builder()
        .workflowName("orders-api")
        .targetUrl("https://orders.vendor.example/api")
        .workflowType("STANDARD")
        .proxies(4)
        .maxAttempts(12)
        .retryOn("429,500-599")
        .retryNonIdempotent(true)
        .maxRetryAfterSeconds(600)
        .templateFormat("JSON")
        .architecture("x86_64")
        .lambdaRuntime("java25")
        .memorySize(1024)
        .reservedConcurrency(5)
        .logRetentionDays(30)
        .tracing(true)
        .snapStart(false)
        .permissionsBoundary("arn:aws:iam::123456789012:policy/team-boundary")
        .forwardHeaders(List.of("Accept", "Content-Type", "X-Request-Id"))
        .tags(Map.of("team", "payments", "cost-center", "cc-42"))
        .metricsNamespace("Payments/Gateways")
        .alarmTopicArn("arn:aws:sns:us-east-1:123456789012:payments-oncall")
        .alarmEvaluationMinutes(10)
        .alarmFailureRatePercent(1.5)
        .alarmThrottleRatePercent(80.0)
        .alarmP95LatencyMillis(60_000)
        .build();
  }

  /**
   * Egress STATIC_IPS with {@code proxies} proxies; the 3-proxy one also calls a non-443 port with
   * a key.
   */
  public static WorkflowSpec staticIps(int proxies) {
    WorkflowSpec.Builder b =
        WorkflowSpec.builder()
            .workflowName("static-ips-" + proxies)
            .targetUrl("https://api.vendor.example/v1")
            .proxies(proxies)
            .maxAttempts(3)
            .egress("STATIC_IPS");
    if (proxies == 3) {
      b.targetUrl("https://api.vendor.example:8443/v1")
          .apiKeyHeader("x-api-key")
          .apiKeySecretArn(
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor-key-AbCdEf");
    }
    return b.build();
  }

  /** Egress SUBNETS with {@code proxies} of the user's subnets and two security groups. */
  public static WorkflowSpec subnets(int proxies) {
    List<String> ids = new ArrayList<>();
    for (int k = 1; k <= proxies; k++) {
      ids.add(String.format("subnet-0a1b2c3d4e5f607%02d", k));
    }
    return WorkflowSpec.builder()
        .workflowName("subnets-" + proxies)
        .targetUrl("https://api.vendor.example/v1")
        .proxies(proxies)
        .maxAttempts(3)
        .egress("SUBNETS")
        .subnetIds(ids)
        .securityGroupIds(List.of("sg-0a1b2c3d4e5f60718", "sg-0123456789abcdef0"))
        .build();
  }

  public static Map<String, WorkflowSpec> all() {
    Map<String, WorkflowSpec> all =
        new TreeMap<>(
            Map.of("defaults", defaults(), "rotating", rotating(), "standard", standard()));
    for (int proxies : new int[] {1, 3, 10}) {
      all.put("egress-static-ips-" + proxies, staticIps(proxies));
      all.put("egress-subnets-" + proxies, subnets(proxies));
    }
    return Map.copyOf(all);
  }
}
