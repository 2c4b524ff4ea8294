package dev.ratelimit.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.testsupport.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Creates state machines in moto and runs executions to their end (moto has no StartSyncExecution).
 */
public final class Executions {
  public static final String ROLE_ARN = "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/sfn";

  /** A safety net against a hung interpreter, not a performance expectation. */
  public static final Duration DEADLINE = Duration.ofSeconds(180);

  private static final ObjectMapper JSON = new ObjectMapper();

  private Executions() {}

  /** {@code arn:aws:lambda:us-east-1:123456789012:function:<workflow>-proxy-<n>}. */
  public static String proxyArn(String workflowName, int n) {
    return "arn:aws:lambda:"
        + MotoServer.REGION
        + ":"
        + MotoServer.ACCOUNT
        + ":function:"
        + workflowName
        + "-proxy-"
        + n;
  }

  /** {@code <proxyArn>:1}: what the Ref of a proxy's first published version gives (SnapStart). */
  public static String versionArn(String workflowName, int n) {
    return proxyArn(workflowName, n) + ":1";
  }

  /**
   * Replaces every proxy placeholder as CloudFormation's Fn::Sub would: {@code ${ProxyN.Arn}} by
   * the function's ARN, a version's {@code ${ProxyNVersion<hash>}} by its qualified ARN.
   */
  public static String substitute(String definition, String workflowName) {
    Matcher m = ProxyPlaceholders.PATTERN.matcher(definition);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              m.group().endsWith(".Arn}")
                  ? proxyArn(workflowName, n)
                  : versionArn(workflowName, n)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholders' text ({@code ${...}}), in order of appearance. */
  public static List<String> placeholders(String definition) {
    List<String> found = new ArrayList<>();
    Matcher m = ProxyPlaceholders.PATTERN.matcher(definition);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  /**
   * CreateStateMachine, as the template would. moto 5.2.1 accepts EXPRESS but ignores it (it runs
   * every machine as STANDARD); should a moto version reject EXPRESS instead, the machine is
   * created as STANDARD, which parses the same definition with the same parser.
   *
   * @return the state machine's ARN
   * @throws SfnException when moto rejects the definition (its message names the fault)
   */
  public static String createStateMachine(
      SfnClient sfn, String name, String definition, StateMachineType type) {
    CreateStateMachineRequest.Builder request =
        CreateStateMachineRequest.builder()
            .name(name)
            .definition(definition)
            .roleArn(ROLE_ARN)
            .type(type);
    try {
      return sfn.createStateMachine(request.build()).stateMachineArn();
    } catch (SfnException e) {
      if (type != StateMachineType.EXPRESS) {
        throw e;
      }
      // A definition fault fails again below, with the same parser message.
      String arn =
          sfn.createStateMachine(request.type(StateMachineType.STANDARD).build()).stateMachineArn();
      System.out.println(
          "[conformance] moto rejected type EXPRESS for "
              + name
              + " ("
              + e.getMessage()
              + "); created it as STANDARD");
      return arn;
    }
  }

  /** Starts a named execution and waits for its end. */
  public static Outcome run(
      SfnClient sfn, String stateMachineArn, String executionName, String input) {
    String executionArn =
        sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName).input(input))
            .executionArn();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    DescribeExecutionResponse describe = sfn.describeExecution(b -> b.executionArn(executionArn));
    while (describe.status() == ExecutionStatus.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "execution "
                + executionName
                + " still RUNNING after "
                + DEADLINE.toSeconds()
                + " s; history so far:\n"
                + history(sfn, executionArn));
      }
      MotoServer.sleep(100);
      describe = sfn.describeExecution(b -> b.executionArn(executionArn));
    }
    return new Outcome(describe, history(sfn, executionArn));
  }

  private static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
    List<HistoryEvent> events = new ArrayList<>();
    String token = null;
    do {
      GetExecutionHistoryRequest.Builder request =
          GetExecutionHistoryRequest.builder().executionArn(executionArn).maxResults(1000);
      if (token != null) {
        request.nextToken(token);
      }
      GetExecutionHistoryResponse page = sfn.getExecutionHistory(request.build());
      events.addAll(page.events());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return events;
  }

  /** The end of an execution and its history. */
  public record Outcome(DescribeExecutionResponse describe, List<HistoryEvent> events) {
    public ExecutionStatus status() {
      return describe.status();
    }

    public String error() {
      return describe.error();
    }

    public String cause() {
      return describe.cause();
    }

    public JsonNode output() {
      return parse(describe.output());
    }

    /** Proxy invocations: one {@code TaskScheduled} event each. */
    public int proxyCalls() {
      return (int) events.stream().filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).count();
    }

    /** The {@code FunctionName} of each proxy invocation, in order. */
    public List<String> invokedFunctions() {
      List<String> names = new ArrayList<>();
      for (HistoryEvent e : events) {
        if (e.type() == HistoryEventType.TASK_SCHEDULED) {
          names.add(
              parse(e.taskScheduledEventDetails().parameters()).path("FunctionName").asText());
        }
      }
      return names;
    }

    /** How long each visit of the named Wait state took, from its entered/exited events. */
    public List<Duration> waitDurations(String stateName) {
      List<Duration> durations = new ArrayList<>();
      Instant entered = null;
      for (HistoryEvent e : events) {
        if (e.type() == HistoryEventType.WAIT_STATE_ENTERED
            && stateName.equals(e.stateEnteredEventDetails().name())) {
          entered = e.timestamp();
        } else if (e.type() == HistoryEventType.WAIT_STATE_EXITED
            && stateName.equals(e.stateExitedEventDetails().name())
            && entered != null) {
          durations.add(Duration.between(entered, e.timestamp()));
          entered = null;
        }
      }
      return durations;
    }

    /** Names of the states entered, in order (for failure messages). */
    public List<String> statesEntered() {
      List<String> names = new ArrayList<>();
      for (HistoryEvent e : events) {
        Optional.ofNullable(e.stateEnteredEventDetails()).ifPresent(d -> names.add(d.name()));
      }
      return names;
    }

    /** A readable account of the execution, for assertion messages. */
    public String describeForHumans() {
      return "status="
          + status()
          + " error="
          + error()
          + " cause="
          + cause()
          + " output="
          + describe.output()
          + "\nstates entered: "
          + statesEntered()
          + "\nproxy calls: "
          + invokedFunctions();
    }
  }

  static JsonNode parse(String json) {
    if (json == null) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
