package dev.ratelimit.generate;

import dev.ratelimit.model.WorkflowSpec;
import java.util.List;
import java.util.Map;

/** Configurations the golden files are made from; the same as the sample projects under it/. */
public final class SampleSpecs {
  private SampleSpecs() {}

  public static WorkflowSpec defaults() {
    return WorkflowSpec.builder().workflowName("vendor-gateway")
        .targetUrl("https://api.vendor.example/v1").build();
  }

  public static WorkflowSpec rotating() {
    return WorkflowSpec.builder().workflowName("rotating").targetUrl("https://api.vendor.example")
        .proxies(2).maxAttempts(5).honorRetryAfter(false).backoffInitialDelaySeconds(0).build();
  }

  public static WorkflowSpec standard() {
    return WorkflowSpec.builder().workflowName("orders-api")
        .targetUrl("https://orders.vendor.example/api").workflowType("STANDARD").proxies(4)
        .maxAttempts(12).retryOn("429,500-599").retryNonIdempotent(true).maxRetryAfterSeconds(600)
        .templateFormat("JSON").architecture("x86_64").lambdaRuntime("java25").memorySize(1024)
        .reservedConcurrency(5).logRetentionDays(30).tracing(true).snapStart(false)
        .permissionsBoundary("arn:aws:iam::123456789012:policy/team-boundary")
        .forwardHeaders(List.of("Accept", "Content-Type", "X-Request-Id"))
        .tags(Map.of("team", "payments", "cost-center", "cc-42")).build();
  }

  public static Map<String, WorkflowSpec> all() {
    return Map.of("defaults", defaults(), "rotating", rotating(), "standard", standard());
  }
}
