package dev.ratelimit.deploy;

import dev.ratelimit.cloudformation.EgressNetwork;
import dev.ratelimit.cloudformation.TemplateGenerator;
import dev.ratelimit.generate.GeneratedFile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Utilities;

/**
 * Ships a generated gateway through CloudFormation, the way {@code sam deploy} does: upload the
 * jars, create a change set, print it, execute it, stream the stack's events until it settles,
 * print the outputs. Plain Java over the AWS SDK: the Maven goal builds the clients and adapts the
 * listener.
 */
public final class StackDeployer {
  /** CloudFormation's limit on a template passed inline ({@code TemplateBody}). */
  public static final int TEMPLATE_BODY_MAX_BYTES = 51_200;

  private static final DateTimeFormatter CHANGE_SET_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final CloudFormationClient cloudFormation;
  private final S3Client s3;
  private final DeployListener listener;
  private final ArtifactUploader uploader;
  private final StackWatch watch;
  private Clock clock = Clock.systemUTC();

  public StackDeployer(CloudFormationClient cloudFormation, S3Client s3, DeployListener listener) {
    this.cloudFormation = cloudFormation;
    this.s3 = s3;
    this.listener = listener;
    this.uploader = new ArtifactUploader(s3, listener);
    this.watch = new StackWatch(cloudFormation, listener);
  }

  /** How often stack events and states are polled (5 s, like the AWS CLI's waiters). */
  public StackDeployer pollInterval(Duration interval) {
    watch.pollInterval(interval);
    return this;
  }

  StackDeployer clock(Clock c) {
    this.clock = c;
    return this;
  }

  public DeployResult deploy(DeployRequest request) {
    try {
      return deployStack(request);
    } catch (SdkException e) {
      throw new AwsCallException("deploying stack " + request.stackName(), e);
    }
  }

  private DeployResult deployStack(DeployRequest request) {
    String stackName = request.stackName();
    long deadline = System.nanoTime() + request.timeout().toNanos();
    Optional<Stack> existing = watch.describe(stackName);
    String status = existing.map(Stack::stackStatusAsString).orElse(null);
    StackProblems.checkDeployable(stackName, status, watch.regionArg());
    listener.info(
        existing.isEmpty()
            ? "Stack " + stackName + " does not exist yet: it will be created."
            : "Stack " + stackName + " is " + status + ".");

    uploader.requireBucket(request.artifactBucket());
    String proxyKey =
        uploader.upload(
            request.artifactBucket(),
            request.workflowName(),
            request.proxyJar().name(),
            request.proxyJar().content());
    String orchestratorKey =
        uploader.upload(
            request.artifactBucket(),
            request.workflowName(),
            request.orchestratorJar().name(),
            request.orchestratorJar().content());
    GeneratedFile template = request.template();
    String templateUrl = null;
    if (template.content().length > TEMPLATE_BODY_MAX_BYTES) {
      String key =
          uploader.upload(
              request.artifactBucket(),
              request.workflowName(),
              template.name(),
              template.content());
      templateUrl = templateUrl(request.artifactBucket(), key);
      listener.info(
          "The template is "
              + template.content().length
              + " bytes, over the "
              + TEMPLATE_BODY_MAX_BYTES
              + " CloudFormation accepts inline: it goes by "
              + templateUrl);
    }

    if ("ROLLBACK_COMPLETE".equals(status)) {
      if (request.dryRun()) {
        listener.warn(
            "Stack "
                + stackName
                + " is in ROLLBACK_COMPLETE (its first create failed)."
                + " A deploy would delete it and create it again; dryRun stops here.");
        return new DeployResult(DeployResult.Outcome.DRY_RUN, stackName, Map.of());
      }
      listener.warn(
          "Stack "
              + stackName
              + " is in ROLLBACK_COMPLETE (its first create failed and"
              + " CloudFormation rolled it back); deleting it to create it again.");
      deleteAndWait(existing.get(), deadline);
      existing = Optional.empty();
      status = null;
    }
    boolean create = existing.isEmpty() || "REVIEW_IN_PROGRESS".equals(status);

    Map<String, String> parameters = new TreeMap<>();
    parameters.put(TemplateGenerator.PARAM_BUCKET, request.artifactBucket());
    parameters.put(TemplateGenerator.PARAM_PROXY_KEY, proxyKey);
    parameters.put(TemplateGenerator.PARAM_ORCHESTRATOR_KEY, orchestratorKey);
    parameters.putAll(request.parameterOverrides());

    String changeSetName = "ratelimit-" + CHANGE_SET_TIME.format(clock.instant());
    CreateChangeSetRequest.Builder createRequest =
        CreateChangeSetRequest.builder()
            .stackName(stackName)
            .changeSetName(changeSetName)
            .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
            .description("ratelimit-maven-plugin deploy of " + request.workflowName())
            .capabilities(Capability.CAPABILITY_IAM)
            .parameters(
                parameters.entrySet().stream()
                    .map(
                        e ->
                            Parameter.builder()
                                .parameterKey(e.getKey())
                                .parameterValue(e.getValue())
                                .build())
                    .toList())
            .tags(
                request.tags().entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                    .toList());
    if (templateUrl != null) {
      createRequest.templateURL(templateUrl);
    } else {
      createRequest.templateBody(new String(template.content(), StandardCharsets.UTF_8));
    }
    try {
      cloudFormation.createChangeSet(createRequest.build());
    } catch (CloudFormationException e) {
      if (isNoChanges(StackWatch.message(e))) {
        // The form some emulators use: no change set is created at all.
        return noChanges(request, null);
      }
      throw e;
    }
    listener.info(
        "Created change set "
            + changeSetName
            + " ("
            + (create ? "CREATE" : "UPDATE")
            + "); waiting for CloudFormation to compute it.");
    DescribeChangeSetResponse described =
        watch.waitForChangeSet(stackName, changeSetName, deadline);
    if ("FAILED".equals(described.statusAsString())) {
      String reason = described.statusReason();
      if (isNoChanges(reason)) {
        return noChanges(request, changeSetName);
      }
      deleteChangeSet(stackName, changeSetName);
      throw new DeployException(
          "CloudFormation could not create change set "
              + changeSetName
              + " for stack "
              + stackName
              + ": "
              + reason,
          "Fix what the reason names (template parameters, parameterOverrides, permissions) and deploy again.");
    }
    ChangeSetPlan plan =
        ChangeSetPlan.of(stackName, changeSetName, create, watch.changes(described));
    listener.changeSet(plan);

    if (request.dryRun()) {
      deleteChangeSet(stackName, changeSetName);
      if (create && existing.isEmpty()) {
        // CreateChangeSet made an empty stack in REVIEW_IN_PROGRESS; a dry run leaves no trace.
        cloudFormation.deleteStack(r -> r.stackName(stackName));
      }
      listener.info("dryRun: change set " + changeSetName + " deleted, nothing was changed.");
      return new DeployResult(DeployResult.Outcome.DRY_RUN, stackName, Map.of());
    }

    StackEvents events = new StackEvents(cloudFormation, stackName);
    events.mark();
    cloudFormation.executeChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName));
    listener.info("Executing change set " + changeSetName + "; stack events follow.");
    String finalStatus = watch.waitForStack(stackName, stackName, events, deadline);
    if (!finalStatus.equals(create ? "CREATE_COMPLETE" : "UPDATE_COMPLETE")) {
      throw StackProblems.failed(stackName, finalStatus, events, create, watch.regionArg());
    }
    Map<String, String> outputs = outputs(stackName);
    listener.outputs(outputs);
    allowlist(outputs);
    return new DeployResult(
        create ? DeployResult.Outcome.CREATED : DeployResult.Outcome.UPDATED, stackName, outputs);
  }

  /**
   * Deletes the stack, streaming its events until it is gone. A stack that does not exist is no
   * error.
   */
  public void undeploy(String stackName, Duration timeout) {
    try {
      deleteStack(stackName, timeout);
    } catch (SdkException e) {
      throw new AwsCallException("deleting stack " + stackName, e);
    }
  }

  private void deleteStack(String stackName, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<Stack> existing = watch.describe(stackName);
    if (existing.isEmpty()) {
      listener.info("Stack " + stackName + " does not exist: nothing to delete.");
      return;
    }
    String status = existing.get().stackStatusAsString();
    if (StackProblems.isBusy(status)) {
      throw StackProblems.busy(stackName, status, watch.regionArg());
    }
    listener.info("Deleting stack " + stackName + " (" + status + "); stack events follow.");
    deleteAndWait(existing.get(), deadline);
    listener.info("Stack " + stackName + " deleted.");
  }

  private void deleteAndWait(Stack stack, long deadline) {
    String id = stack.stackId() == null ? stack.stackName() : stack.stackId();
    StackEvents events = new StackEvents(cloudFormation, id);
    events.mark();
    cloudFormation.deleteStack(r -> r.stackName(id));
    String status = watch.waitForStack(stack.stackName(), id, events, deadline);
    if (!"DELETE_COMPLETE".equals(status)) {
      throw StackProblems.failed(stack.stackName(), status, events, false, watch.regionArg());
    }
  }

  private DeployResult noChanges(DeployRequest request, String changeSetName) {
    String stackName = request.stackName();
    if (changeSetName != null) {
      deleteChangeSet(stackName, changeSetName);
    }
    if (request.failOnEmptyChangeSet()) {
      throw new DeployException(
          "No changes to deploy: stack "
              + stackName
              + " is already up to date"
              + " (failOnEmptyChangeSet is true).",
          "Leave failOnEmptyChangeSet at false to treat an unchanged stack as success.");
    }
    listener.info(
        "No changes: stack "
            + stackName
            + " is up to date"
            + (changeSetName == null ? "." : " (empty change set " + changeSetName + " deleted)."));
    if (request.dryRun()) {
      return new DeployResult(DeployResult.Outcome.DRY_RUN, stackName, Map.of());
    }
    Map<String, String> outputs = outputs(stackName);
    listener.outputs(outputs);
    allowlist(outputs);
    return new DeployResult(DeployResult.Outcome.NO_CHANGES, stackName, outputs);
  }

  /** Egress STATIC_IPS: the addresses the vendor must allow, said in so many words. */
  private void allowlist(Map<String, String> outputs) {
    String ips = outputs.get(EgressNetwork.EGRESS_IPS_OUTPUT);
    if (ips != null) {
      listener.info(
          "Each proxy calls the vendor from its own Elastic IP; allowlist these addresses: " + ips);
    }
  }

  private Map<String, String> outputs(String stackName) {
    Map<String, String> outputs = new LinkedHashMap<>();
    watch
        .describe(stackName)
        .ifPresent(
            s ->
                s.outputs().stream()
                    .sorted(Comparator.comparing(Output::outputKey))
                    .forEach(o -> outputs.put(o.outputKey(), o.outputValue())));
    return outputs;
  }

  private void deleteChangeSet(String stackName, String changeSetName) {
    cloudFormation.deleteChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName));
  }

  private String templateUrl(String bucket, String key) {
    Region region = s3.serviceClientConfiguration().region();
    // Always the S3 virtual-hosted URL form: CloudFormation reads the template from S3 itself.
    return S3Utilities.builder()
        .region(region)
        .build()
        .getUrl(b -> b.bucket(bucket).key(key))
        .toExternalForm();
  }

  static boolean isNoChanges(String reason) {
    return reason != null
        && (reason.contains("didn't contain changes")
            || reason.contains("No updates are to be performed"));
  }
}
