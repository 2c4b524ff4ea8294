package dev.ratelimit.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.cloudformation.OrchestratorEnvironment;
import dev.ratelimit.cloudformation.ProxyEnvironment;
import dev.ratelimit.cloudformation.TemplateGenerator;
import dev.ratelimit.cloudformation.TemplateWriter;
import dev.ratelimit.diagram.MermaidDiagram;
import dev.ratelimit.diagram.WorkflowSvg;
import dev.ratelimit.model.AwsLimits;
import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Produces every file of one gateway in memory: the workflow, the template and the Lambda jars.
 * Checks the size limits that only the finished output reveals; writing is {@link OutputWriter}'s
 * job.
 */
public final class GatewayGenerator {
  private final StateMachineGenerator stateMachines = new StateMachineGenerator();
  private final TemplateGenerator templates = new TemplateGenerator();

  public List<GeneratedFile> generate(WorkflowSpec spec, RuntimeBundle runtime) {
    CompletableFuture<String> finalDefinition = new CompletableFuture<>();
    CompletableFuture<String> svg = renderSvgAside(finalDefinition);
    try {
      return generate(spec, runtime, finalDefinition, svg);
    } finally {
      finalDefinition.cancel(false); // no-op once completed; otherwise ends the layout thread
    }
  }

  private List<GeneratedFile> generate(
      WorkflowSpec spec,
      RuntimeBundle runtime,
      CompletableFuture<String> finalDefinition,
      CompletableFuture<String> svg) {
    checkEnvironmentSize(spec, "proxy", ProxyEnvironment.of(spec));
    Map<String, String> orchestrator = new LinkedHashMap<>(OrchestratorEnvironment.of(spec));
    orchestrator.put(
        EnvironmentNames.STATE_MACHINE_ARN, "x".repeat(AwsLimits.STATE_MACHINE_ARN_MAX_CHARS));
    checkEnvironmentSize(spec, "orchestrator", orchestrator);
    String definition = CanonicalJson.pretty(stateMachines.generate(spec));
    checkDefinitionSize(spec, definition);
    ObjectNode template = templates.generate(spec, definition, runtime.code(spec.hasApiKey()));
    definition = TemplateGenerator.definition(template); // with SnapStart, names the versions
    finalDefinition.complete(definition);
    String templateText = TemplateWriter.write(template, spec.templateFormat());
    int templateBytes = templateText.getBytes(StandardCharsets.UTF_8).length;
    if (templateBytes > AwsLimits.TEMPLATE_BYTES) {
      throw new InvalidConfigurationException(
          "proxies",
          spec.proxies(),
          "the template would be "
              + templateBytes
              + " bytes, over CloudFormation's 1 MB limit for a template in S3 ("
              + AwsLimits.TEMPLATE_BYTES
              + " bytes); use fewer proxies or attempts",
          "5");
    }
    int resources = template.get("Resources").size();
    if (resources > AwsLimits.TEMPLATE_RESOURCES) {
      throw new InvalidConfigurationException(
          "proxies",
          spec.proxies(),
          "the template would hold "
              + resources
              + " resources, over CloudFormation's limit of "
              + AwsLimits.TEMPLATE_RESOURCES,
          "5");
    }
    String name = spec.workflowName();
    String mermaid = new MermaidDiagram().render(definition);
    return List.of(
        GeneratedFile.text(name + ".asl.json", definition),
        GeneratedFile.text(name + "." + spec.templateFormat().fileSuffix(), templateText),
        GeneratedFile.text(name + ".mmd", mermaid),
        GeneratedFile.text(name + ".svg", join(svg)),
        new GeneratedFile(name + "-proxy.jar", runtime.proxyFor(spec.hasApiKey())),
        new GeneratedFile(name + "-orchestrator.jar", runtime.orchestrator()));
  }

  /**
   * The SVG, rendered on another core: the layout of the final definition runs while this thread
   * writes the template and the Mermaid text.
   */
  private static CompletableFuture<String> renderSvgAside(CompletableFuture<String> definition) {
    return CompletableFuture.supplyAsync(
        () -> new WorkflowSvg().render(definition.join()),
        task -> {
          Thread thread = new Thread(task, "ratelimit-workflow-svg");
          thread.setDaemon(true);
          thread.start();
        });
  }

  private static String join(CompletableFuture<String> svg) {
    try {
      return svg.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * Lambda refuses a function whose environment variables exceed 4 KB in total; the long ones come
   * from {@code targetUrl} and {@code forwardHeaders}. Measured as the variables' JSON text, which
   * is at least what Lambda counts.
   */
  private static void checkEnvironmentSize(
      WorkflowSpec spec, String function, Map<String, String> env) {
    ObjectNode variables = CanonicalJson.object();
    env.forEach(variables::put);
    int bytes = CanonicalJson.compact(variables).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > AwsLimits.LAMBDA_ENVIRONMENT_BYTES) {
      boolean headers =
          String.join(",", spec.forwardHeaders()).length() > spec.targetUrl().toString().length();
      throw new InvalidConfigurationException(
          headers ? "forwardHeaders" : "targetUrl",
          headers ? spec.forwardHeaders().size() + " headers" : spec.targetUrl(),
          "the "
              + function
              + " function's environment variables would take "
              + bytes
              + " bytes, over Lambda's limit of "
              + AwsLimits.LAMBDA_ENVIRONMENT_BYTES
              + " bytes in total; shorten targetUrl or forward fewer headers",
          headers ? "accept,content-type,idempotency-key" : "https://api.vendor.example/v1");
    }
  }

  /** Step Functions measures the definition after CloudFormation has put the real ARNs in. */
  private static void checkDefinitionSize(WorkflowSpec spec, String definition) {
    String widest =
        "x"
            .repeat(
                spec.snapStart()
                    ? AwsLimits.LAMBDA_VERSION_ARN_MAX_CHARS
                    : AwsLimits.LAMBDA_ARN_MAX_CHARS);
    long bytes =
        ProxyPlaceholders.replace(definition, n -> widest).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > AwsLimits.DEFINITION_BYTES) {
      throw new InvalidConfigurationException(
          "maxAttempts",
          spec.maxAttempts(),
          "the workflow definition would reach "
              + bytes
              + " bytes with real ARNs, over Step"
              + " Functions' limit of "
              + AwsLimits.DEFINITION_BYTES,
          "10");
    }
  }
}
