package dev.ratelimit.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.cloudformation.FunctionCode;
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

/**
 * Produces every file of one gateway in memory: the workflow, the template and the Lambda jars.
 * Checks the size limits that only the finished output reveals; writing is {@link OutputWriter}'s
 * job.
 */
public final class GatewayGenerator {
  private final StateMachineGenerator stateMachines = new StateMachineGenerator();
  private final TemplateGenerator templates = new TemplateGenerator();

  public List<GeneratedFile> generate(WorkflowSpec spec, RuntimeBundle runtime) {
    // ELK's class loading overlaps with the digests and the template; a failure there resurfaces in
    // the real render below. Same context class loader: ELK finds its algorithms by ServiceLoader.
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    CompletableFuture<Void> layoutWarm =
        CompletableFuture.runAsync(
            WorkflowSvg::warmUp,
            task -> {
              Thread thread = new Thread(task, "ratelimit-layout-warm-up");
              thread.setContextClassLoader(loader);
              thread.setDaemon(true);
              thread.start();
            });
    checkEnvironmentSize(spec, "proxy", ProxyEnvironment.of(spec));
    Map<String, String> orchestrator = new LinkedHashMap<>(OrchestratorEnvironment.of(spec));
    orchestrator.put(
        EnvironmentNames.STATE_MACHINE_ARN, "x".repeat(AwsLimits.STATE_MACHINE_ARN_MAX_CHARS));
    checkEnvironmentSize(spec, "orchestrator", orchestrator);
    String definition = CanonicalJson.pretty(stateMachines.generate(spec));
    checkDefinitionSize(spec, definition);
    byte[] proxyJar = runtime.proxyFor(spec.hasApiKey());
    ObjectNode template =
        templates.generate(spec, definition, FunctionCode.of(proxyJar, runtime.orchestrator()));
    definition = TemplateGenerator.definition(template); // with SnapStart, names the versions
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
    layoutWarm.exceptionally(e -> null).join();
    return List.of(
        GeneratedFile.text(name + ".asl.json", definition),
        GeneratedFile.text(name + "." + spec.templateFormat().fileSuffix(), templateText),
        GeneratedFile.text(name + ".mmd", new MermaidDiagram().render(definition)),
        GeneratedFile.text(name + ".svg", new WorkflowSvg().render(definition)),
        new GeneratedFile(name + "-proxy.jar", proxyJar),
        new GeneratedFile(name + "-orchestrator.jar", runtime.orchestrator()));
  }

  /**
   * Lambda refuses a function whose environment variables exceed 4 KB in total; the long ones come
   * from {@code targetUrl} and {@code forwardHeaders}. Measured as the variables' JSON text, which
   * is at least what Lambda counts.
   */
  private static void checkEnvironmentSize(
      WorkflowSpec spec, String function, Map<String, String> env) {
    int bytes =
        CanonicalJson.MAPPER.valueToTree(env).toString().getBytes(StandardCharsets.UTF_8).length;
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
