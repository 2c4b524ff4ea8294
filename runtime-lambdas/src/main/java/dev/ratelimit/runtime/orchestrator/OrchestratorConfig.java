package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.contract.EnvironmentNames.AWS_REGION;
import static dev.ratelimit.runtime.contract.EnvironmentNames.FORWARD_COOKIES;
import static dev.ratelimit.runtime.contract.EnvironmentNames.FORWARD_HEADERS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.MAX_REQUEST_BYTES;
import static dev.ratelimit.runtime.contract.EnvironmentNames.STATE_MACHINE_ARN;
import static dev.ratelimit.runtime.contract.EnvironmentNames.WORKFLOW_TIMEOUT_SECONDS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.WORKFLOW_TYPE;
import static dev.ratelimit.runtime.proxy.ProxyConfig.booleanValue;
import static dev.ratelimit.runtime.proxy.ProxyConfig.intValue;
import static dev.ratelimit.runtime.proxy.ProxyConfig.invalid;
import static dev.ratelimit.runtime.proxy.ProxyConfig.value;

import dev.ratelimit.runtime.contract.HeaderRules;
import dev.ratelimit.runtime.contract.WorkflowType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The orchestrator's configuration. It comes only from the function's environment (written by the
 * generated template; the names are in the contract's {@code EnvironmentNames}), never from the
 * request.
 */
public final class OrchestratorConfig {
  /** Step Functions' limit on an execution's input (and on any state's data), in bytes. */
  public static final int STEP_FUNCTIONS_PAYLOAD_LIMIT = 262_144;

  public static final int DEFAULT_MAX_REQUEST_BYTES = 32_768;

  /** Express workflows end after 5 minutes. */
  public static final int DEFAULT_WORKFLOW_TIMEOUT_SECONDS = 300;

  /**
   * Seconds an EXPRESS orchestrator's Lambda timeout exceeds the workflow's worst case (the plugin
   * sets it): the start's retries and the SDK's margins fit inside it (SfnClientsTest).
   */
  public static final int EXPRESS_TIMEOUT_MARGIN_SECONDS = 10;

  /** A year: Standard workflows may run that long; the value only sizes the SDK's timeouts. */
  public static final int MAX_WORKFLOW_TIMEOUT_SECONDS = 31_536_000;

  private static final Pattern STATE_MACHINE =
      Pattern.compile(
          "arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}");

  private final String stateMachineArn;
  private final WorkflowType workflowType;
  private final Set<String> forwardHeaders;
  private final int maxRequestBytes;
  private final boolean forwardCookies;
  private final int workflowTimeoutSeconds;
  private final String region;

  private OrchestratorConfig(Map<String, String> env) {
    String arn = value(env, STATE_MACHINE_ARN, null);
    if (arn == null || !STATE_MACHINE.matcher(arn).matches()) {
      throw invalid(
          STATE_MACHINE_ARN,
          arn,
          "a state machine ARN",
          "arn:aws:states:us-east-1:123456789012:stateMachine:vendor-gateway");
    }
    this.stateMachineArn = arn;
    String type = value(env, WORKFLOW_TYPE, "EXPRESS").toUpperCase(Locale.ROOT);
    if (!type.equals("EXPRESS") && !type.equals("STANDARD")) {
      throw invalid(WORKFLOW_TYPE, type, "EXPRESS or STANDARD", "EXPRESS");
    }
    this.workflowType = WorkflowType.valueOf(type);
    String forward = env.get(FORWARD_HEADERS); // set but empty means: forward none
    Set<String> names = new LinkedHashSet<>();
    for (String name :
        forward == null ? HeaderRules.DEFAULT_FORWARD : Arrays.asList(forward.split(","))) {
      if (!name.isBlank()) {
        names.add(name.strip().toLowerCase(Locale.ROOT));
      }
    }
    this.forwardHeaders = Collections.unmodifiableSet(names);
    this.maxRequestBytes =
        intValue(
            env, MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES, 0, STEP_FUNCTIONS_PAYLOAD_LIMIT);
    this.forwardCookies = booleanValue(env, FORWARD_COOKIES, false);
    this.workflowTimeoutSeconds =
        intValue(
            env,
            WORKFLOW_TIMEOUT_SECONDS,
            DEFAULT_WORKFLOW_TIMEOUT_SECONDS,
            1,
            MAX_WORKFLOW_TIMEOUT_SECONDS);
    String r = value(env, AWS_REGION, null);
    if (r == null || !r.matches("[a-z0-9-]{1,32}")) {
      throw invalid(AWS_REGION, r, "an AWS region (Lambda sets it)", "us-east-1");
    }
    this.region = r;
  }

  /**
   * Reads the configuration from an environment map ({@code System.getenv()} in Lambda).
   *
   * @throws IllegalStateException naming the variable when one is missing or invalid, so that the
   *     function fails at init with a readable message rather than misbehaving per request
   */
  public static OrchestratorConfig fromEnvironment(Map<String, String> env) {
    return new OrchestratorConfig(env);
  }

  public String stateMachineArn() {
    return stateMachineArn;
  }

  public WorkflowType workflowType() {
    return workflowType;
  }

  /** Lower-case header names callers may send upstream (restricted ones are still dropped). */
  public Set<String> forwardHeaders() {
    return forwardHeaders;
  }

  /**
   * The largest workflow input, in UTF-8 bytes of its JSON (the request JSON-escaped, headers,
   * query).
   */
  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  /**
   * Whether request cookies go upstream and vendor cookies come back (in the response's cookies
   * list).
   */
  public boolean forwardCookies() {
    return forwardCookies;
  }

  /**
   * The workflow's worst-case duration; the SDK's timeouts for starting a workflow lie above it.
   */
  public int workflowTimeoutSeconds() {
    return workflowTimeoutSeconds;
  }

  public String region() {
    return region;
  }

  /**
   * The ARN of this state machine's execution {@code name} (the name must already be validated).
   */
  public String executionArn(String name) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
  }
}
