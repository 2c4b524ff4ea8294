package dev.ratelimit.asl.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ratelimit.model.AwsLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One execution of a parsed {@link Definition}: it walks the states from {@code StartAt}, keeping
 * the history, the deadline ({@code TimeoutSeconds}) and the context object ({@code $$}).
 * Everything the definition says was checked when it was parsed; what fails here is the data (a
 * {@code States.*} error) or a function (a {@link LambdaFailure} that Retry and Catch see).
 */
final class Interpreter implements Template.Scope {
  /** A guard against a definition that loops for ever (AWS's history limit is 25,000 events). */
  static final int MAX_STATE_TRANSITIONS = 25_000;

  /** Step Functions' timestamp form in the context object: ISO 8601, UTC, milliseconds. */
  private static final DateTimeFormatter CONTEXT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final String STATE_MACHINE_ARN =
      "arn:aws:states:us-east-1:123456789012:stateMachine:local";

  private final Definition definition;
  private final LambdaInvoker invoker;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final String executionName;
  private final List<HistoryEvent> events = new ArrayList<>();
  private final Instant started;
  private final Instant deadline;
  private JsonNode input;
  private State current;
  private Instant stateEntered;
  private int retryCount;

  Interpreter(
      Definition definition,
      LambdaInvoker invoker,
      Sleeper sleeper,
      RandomGenerator random,
      String executionName) {
    this.definition = definition;
    this.invoker = invoker;
    this.sleeper = sleeper;
    this.random = random;
    this.executionName = executionName;
    this.started = sleeper.now();
    Integer timeout = definition.timeoutSeconds();
    this.deadline = timeout == null ? null : started.plusSeconds(timeout);
  }

  /** Where a state leads: the next state and its input, or (next null) the execution's output. */
  private record Step(String next, JsonNode data) {}

  ExecutionResult run(JsonNode executionInput) {
    input = executionInput;
    events.add(HistoryEvent.executionStarted(sleeper.now()));
    State state = definition.state(definition.startAt());
    JsonNode data = executionInput;
    int transitions = 0;
    try {
      while (true) {
        if (++transitions > MAX_STATE_TRANSITIONS) {
          throw new IllegalStateException(
              "more than " + MAX_STATE_TRANSITIONS + " state transitions: the definition loops");
        }
        checkDeadline();
        limited(data, "the input of state " + state.name()); // also the previous state's output
        current = state;
        stateEntered = sleeper.now();
        retryCount = 0;
        events.add(HistoryEvent.stateEntered(stateEntered, state));
        Step step = step(state, data);
        data = step.data();
        events.add(HistoryEvent.stateExited(sleeper.now(), state));
        if (step.next() == null) {
          events.add(HistoryEvent.executionSucceeded(sleeper.now()));
          return result(ExecutionResult.Status.SUCCEEDED, null, null, data.toString());
        }
        state = definition.state(step.next());
      }
    } catch (TimedOut t) {
      String cause =
          "The execution ran past its TimeoutSeconds of " + definition.timeoutSeconds() + ".";
      events.add(HistoryEvent.executionTimedOut(sleeper.now(), cause));
      return result(ExecutionResult.Status.TIMED_OUT, StatesError.TIMEOUT, cause, null);
    } catch (StatesError e) {
      events.add(HistoryEvent.executionFailed(sleeper.now(), e.error(), e.cause()));
      return result(ExecutionResult.Status.FAILED, e.error(), e.cause(), null);
    }
  }

  /** Runs one state: the one dispatch over the state types (a pattern switch from Java 21). */
  private Step step(State state, JsonNode data) {
    if (state instanceof State.Pass pass) {
      return pass(pass, data);
    } else if (state instanceof State.Task task) {
      Step step = task(task, data);
      checkDeadline();
      return step;
    } else if (state instanceof State.Choice choice) {
      return choice(choice, data);
    } else if (state instanceof State.Wait wait) {
      return waitState(wait, data);
    } else if (state instanceof State.Succeed succeed) {
      return new Step(null, succeed.outputPath().apply(succeed.inputPath().apply(data)));
    } else if (state instanceof State.Fail fail) {
      // A Fail state ends the execution as an uncaught error does.
      throw new StatesError(text(fail, fail.error(), data), text(fail, fail.cause(), data));
    }
    throw new IllegalStateException("a state type without a step: " + state);
  }

  private Step pass(State.Pass pass, JsonNode data) {
    JsonNode effective = pass.inputPath().apply(data);
    JsonNode result;
    if (pass.parameters() != null) {
      result =
          limited(
              pass.parameters().evaluate(effective, this),
              "state " + pass.name() + " after Parameters");
    } else {
      result = pass.result() != null ? pass.result().deepCopy() : effective;
    }
    return new Step(pass.next(), pass.outputPath().apply(pass.resultPath().place(data, result)));
  }

  private Step task(State.Task task, JsonNode data) {
    String where = "state " + task.name();
    JsonNode effective = task.inputPath().apply(data);
    JsonNode params =
        limited(task.parameters().evaluate(effective, this), where + " after Parameters");
    JsonNode functionName = params.get("FunctionName");
    if (functionName == null || !functionName.isTextual() || functionName.textValue().isEmpty()) {
      throw StatesError.runtime(
          where + ": FunctionName is not a non-empty string: " + functionName);
    }
    String function = functionName.textValue();
    JsonNode payload =
        params.has("Payload") ? params.get("Payload") : JsonNodeFactory.instance.objectNode();
    int[] retries = new int[task.retry().size()];
    while (true) {
      events.add(HistoryEvent.lambdaScheduled(sleeper.now(), task, function));
      String answer;
      try {
        answer = invoker.invoke(function, payload.toString());
      } catch (LambdaFailure failure) {
        events.add(HistoryEvent.lambdaFailed(sleeper.now(), task, function, failure));
        checkDeadline();
        int r = retrierFor(task, failure.error());
        if (r >= 0 && retries[r] < task.retry().get(r).maxAttempts()) {
          Duration delay = task.retry().get(r).delay(retries[r]++, random);
          retryCount++;
          events.add(HistoryEvent.retryScheduled(sleeper.now(), task, function, delay, failure));
          sleep(delay);
          continue;
        }
        return caught(task, function, failure, data);
      }
      events.add(HistoryEvent.lambdaSucceeded(sleeper.now(), task, function));
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      result.put("ExecutedVersion", "$LATEST");
      result.set("Payload", parsePayload(answer));
      result.put("StatusCode", 200);
      limited(result, where + ": the Lambda integration's result");
      JsonNode selected =
          task.resultSelector() == null ? result : task.resultSelector().evaluate(result, this);
      return new Step(
          task.next(), task.outputPath().apply(task.resultPath().place(data, selected)));
    }
  }

  private static int retrierFor(State.Task task, String error) {
    for (int i = 0; i < task.retry().size(); i++) {
      if (task.retry().get(i).matches(error)) {
        return i;
      }
    }
    return -1;
  }

  /** The first catcher that matches leads on; without one the failure fails the execution. */
  private Step caught(State.Task task, String function, LambdaFailure failure, JsonNode data) {
    for (Catcher catcher : task.catchers()) {
      if (catcher.matches(failure.error())) {
        events.add(HistoryEvent.caught(sleeper.now(), task, function, failure));
        ObjectNode errorOutput = JsonNodeFactory.instance.objectNode();
        errorOutput.put("Error", failure.error());
        errorOutput.put("Cause", failure.cause());
        return new Step(catcher.next(), catcher.resultPath().place(data, errorOutput));
      }
    }
    throw new StatesError(failure.error(), failure.cause());
  }

  private Step choice(State.Choice choice, JsonNode data) {
    JsonNode effective = choice.inputPath().apply(data);
    String next = choice.defaultNext();
    for (State.Choice.Branch branch : choice.choices()) {
      if (branch.rule().matches(effective)) {
        next = branch.next();
        break;
      }
    }
    if (next == null) {
      throw new StatesError(
          StatesError.NO_CHOICE_MATCHED,
          "state " + choice.name() + ": no choice rule matched and there is no Default");
    }
    return new Step(next, choice.outputPath().apply(effective));
  }

  private Step waitState(State.Wait wait, JsonNode data) {
    JsonNode effective = wait.inputPath().apply(data);
    Duration duration = Duration.ofSeconds(waitSeconds(wait, effective));
    events.add(HistoryEvent.waitStarted(sleeper.now(), wait, duration));
    sleep(duration);
    return new Step(wait.next(), wait.outputPath().apply(effective));
  }

  private static long waitSeconds(State.Wait wait, JsonNode input) {
    if (wait.seconds() != null) {
      return wait.seconds();
    }
    JsonNode value = wait.secondsPath().read(input);
    BigDecimal seconds = value.isNumber() ? value.decimalValue() : null;
    if (seconds == null || seconds.signum() < 0 || seconds.stripTrailingZeros().scale() > 0) {
      throw StatesError.runtime(
          "state "
              + wait.name()
              + ": SecondsPath '"
              + wait.secondsPath().text()
              + "' is not a whole number of seconds >= 0: "
              + value);
    }
    return seconds.longValueExact();
  }

  /** A Fail state's Error or Cause; null when it has neither the field nor its path. */
  private String text(State.Fail fail, State.FailText text, JsonNode data) {
    if (text.constant() != null || text.path() == null) {
      return text.constant();
    }
    JsonNode value = text.path().evaluate(data, this);
    if (!value.isTextual()) {
      throw StatesError.runtime(
          "state " + fail.name() + ": " + text.pathField() + " did not give a string: " + value);
    }
    return value.textValue();
  }

  /**
   * The context object ({@code $$}) as Step Functions documents it: Execution (Id, Input, Name,
   * RoleArn, StartTime), State (EnteredTime, Name, RetryCount), StateMachine (Id, Name).
   */
  @Override
  public JsonNode contextObject() {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    ObjectNode execution = c.putObject("Execution");
    execution.put(
        "Id", STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":" + executionName);
    execution.set("Input", input);
    execution.put("Name", executionName);
    execution.put("RoleArn", "arn:aws:iam::123456789012:role/local");
    execution.put("StartTime", CONTEXT_TIME.format(started));
    ObjectNode state = c.putObject("State");
    state.put("EnteredTime", CONTEXT_TIME.format(stateEntered));
    state.put("Name", current.name());
    state.put("RetryCount", retryCount);
    ObjectNode machine = c.putObject("StateMachine");
    machine.put("Id", STATE_MACHINE_ARN);
    machine.put("Name", "local");
    return c;
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  /** {@code data}, when its UTF-8 JSON fits Step Functions' payload quota. */
  private static JsonNode limited(JsonNode data, String what) {
    int bytes;
    try {
      bytes = JsonPaths.MAPPER.writeValueAsBytes(data).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the state's data", e);
    }
    if (bytes > AwsLimits.STATE_PAYLOAD_BYTES) {
      throw new StatesError(
          StatesError.DATA_LIMIT_EXCEEDED,
          what
              + " is "
              + bytes
              + " bytes, over the quota of "
              + AwsLimits.STATE_PAYLOAD_BYTES
              + ".");
    }
    return data;
  }

  private void sleep(Duration duration) {
    if (deadline != null) {
      Instant now = sleeper.now();
      if (now.plus(duration).isAfter(deadline)) {
        if (now.isBefore(deadline)) {
          sleeper.sleep(Duration.between(now, deadline));
        }
        throw new TimedOut();
      }
    }
    if (!duration.isZero()) {
      sleeper.sleep(duration);
    }
  }

  private void checkDeadline() {
    if (deadline != null && sleeper.now().isAfter(deadline)) {
      throw new TimedOut();
    }
  }

  private ExecutionResult result(
      ExecutionResult.Status status, String error, String cause, String output) {
    return new ExecutionResult(status, error, cause, output, started, sleeper.now(), events);
  }

  /** The integration's {@code Payload}: the function's JSON, or its text when it is not JSON. */
  private static JsonNode parsePayload(String answer) {
    if (answer == null) {
      return NullNode.getInstance();
    }
    try {
      JsonNode node = JsonPaths.MAPPER.readTree(answer);
      return node == null ? NullNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(answer);
    }
  }

  /** The workflow's TimeoutSeconds has passed: unwinds to {@link #run}. */
  private static final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimedOut() {
      super(null, null, false, false);
    }
  }
}
