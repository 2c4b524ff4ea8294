package dev.ratelimit.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.model.AwsLimits;
import dev.ratelimit.runtime.contract.ProxyNaming;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Executes, locally, the Amazon States Language this project generates: it reads the {@code
 * .asl.json} text (not the model) and runs it state by state, calling functions through a {@link
 * LambdaInvoker}, waiting on a {@link Sleeper} and drawing {@code States.MathRandom} and retry
 * jitter from a given {@link RandomGenerator}, so that a run with a seeded generator and {@link
 * VirtualTime} is repeatable.
 *
 * <p>Supported (everything else fails loudly with {@link UnsupportedDefinitionException} when the
 * definition is loaded): top-level {@code StartAt}, {@code States}, {@code TimeoutSeconds} (then
 * {@code States.Timeout}), {@code Comment}, {@code Version}; states
 *
 * <ul>
 *   <li>{@code Pass}: {@code Parameters} or {@code Result}, {@code ResultPath};
 *   <li>{@code Task} with {@code arn:aws:states:::lambda:invoke}: {@code Parameters} ({@code
 *       FunctionName}, {@code Payload}), {@code ResultSelector} (over the integration's result
 *       {@code {"ExecutedVersion", "Payload", "StatusCode"}}), {@code ResultPath}, {@code Retry}
 *       ({@code ErrorEquals}, {@code IntervalSeconds}, {@code MaxAttempts}, {@code BackoffRate},
 *       {@code MaxDelaySeconds}, {@code JitterStrategy} FULL or NONE) and {@code Catch} ({@code
 *       ErrorEquals}, {@code ResultPath}, {@code Next});
 *   <li>{@code Choice}: {@code And}, {@code Or}, {@code Not}, {@code Variable} with {@code
 *       StringEquals}, {@code NumericEquals}, {@code NumericGreaterThan(Equals)}, {@code
 *       NumericLessThan(Equals)}, {@code BooleanEquals}; {@code Default};
 *   <li>{@code Wait}: {@code Seconds}, {@code SecondsPath};
 *   <li>{@code Succeed}; {@code Fail}: {@code Error}/{@code ErrorPath}, {@code Cause}/{@code
 *       CausePath} (a path or an intrinsic function);
 *   <li>on every state where ASL allows them: {@code InputPath}, {@code OutputPath}, {@code
 *       Comment}, {@code Next}/{@code End}.
 * </ul>
 *
 * Payload templates take {@code .$} fields with {@code $}-paths (Jayway JsonPath) or the intrinsic
 * functions of {@link IntrinsicFunctions}. A path that selects nothing, a wrong type or a failing
 * intrinsic is a {@code States.Runtime} error, which (as in AWS) no Retry or Catch matches. As in
 * AWS, data over the 262,144-byte payload quota (UTF-8 JSON: a state's input, its input after
 * {@code Parameters}, a Lambda integration's result, a state's output) fails the execution with the
 * terminal {@code States.DataLimitExceeded}.
 *
 * <p>The runner keeps no state between runs; {@link #run} may be called again. The invoker, sleeper
 * and random generator are used as given (a shared one must be thread-safe).
 */
public final class StateMachineRunner {
  public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

  /** A guard against a definition that loops for ever (AWS's history limit is 25,000 events). */
  static final int MAX_STATE_TRANSITIONS = 25_000;

  private static final Set<String> TOP_FIELDS =
      Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version");
  private static final Set<String> COMMON = Set.of("Type", "Comment");
  private static final Map<String, Set<String>> STATE_FIELDS =
      Map.of(
          "Pass",
              Set.of(
                  "Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath"),
          "Task",
              Set.of(
                  "Next",
                  "End",
                  "InputPath",
                  "OutputPath",
                  "Resource",
                  "Parameters",
                  "ResultSelector",
                  "ResultPath",
                  "Retry",
                  "Catch"),
          "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default"),
          "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath"),
          "Succeed", Set.of("InputPath", "OutputPath"),
          "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"));
  private static final Set<String> LAMBDA_PARAMETERS = Set.of("FunctionName", "Payload");
  private static final Set<String> RETRY_FIELDS =
      Set.of(
          "ErrorEquals",
          "IntervalSeconds",
          "MaxAttempts",
          "BackoffRate",
          "MaxDelaySeconds",
          "JitterStrategy",
          "Comment");
  private static final Set<String> CATCH_FIELDS =
      Set.of("ErrorEquals", "ResultPath", "Next", "Comment");
  private static final Set<String> STRING_OPERATORS = Set.of("StringEquals");
  private static final Set<String> NUMERIC_OPERATORS =
      Set.of(
          "NumericEquals",
          "NumericGreaterThan",
          "NumericGreaterThanEquals",
          "NumericLessThan",
          "NumericLessThanEquals");
  private static final Set<String> BOOLEAN_OPERATORS = Set.of("BooleanEquals");
  private static final String ALL = "States.ALL";
  private static final String TASK_FAILED = "States.TaskFailed";

  private final String startAt;
  private final Integer timeoutSeconds;
  private final Map<String, ObjectNode> states = new LinkedHashMap<>();
  private final JsonPaths paths = new JsonPaths();
  private final Map<String, IntrinsicFunctions.Call> calls = new HashMap<>();
  private final LambdaInvoker invoker;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  /**
   * @param definition an ASL definition with real function names or ARNs (no {@code ${...}}); see
   *     {@link #forGenerated} for the generator's placeholders
   * @throws UnsupportedDefinitionException when it is not JSON, is malformed or uses what this
   *     executor does not support
   */
  public StateMachineRunner(
      String definition, LambdaInvoker invoker, Sleeper sleeper, RandomGenerator random) {
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    if (definition.contains("${")) {
      throw new UnsupportedDefinitionException(
          "the definition still holds a ${...} placeholder;"
              + " substitute it first (forGenerated does it for ${ProxyN.Arn})");
    }
    JsonNode root;
    try {
      root = JsonPaths.MAPPER.readTree(definition);
    } catch (JsonProcessingException e) {
      throw new UnsupportedDefinitionException(
          "the definition is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UnsupportedDefinitionException("the definition is not a JSON object");
    }
    unknownFields(root, TOP_FIELDS, "the definition");
    startAt = requiredText(root, "StartAt", "the definition");
    JsonNode timeout = root.get("TimeoutSeconds");
    if (timeout != null
        && !(timeout.isIntegralNumber() && timeout.canConvertToInt() && timeout.intValue() > 0)) {
      throw new UnsupportedDefinitionException(
          "TimeoutSeconds must be a positive integer: " + timeout);
    }
    timeoutSeconds = timeout == null ? null : timeout.intValue();
    JsonNode all = root.get("States");
    if (all == null || !all.isObject() || all.isEmpty()) {
      throw new UnsupportedDefinitionException("the definition has no States");
    }
    all.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isObject()) {
                throw new UnsupportedDefinitionException(
                    "state " + e.getKey() + " is not an object");
              }
              states.put(e.getKey(), (ObjectNode) e.getValue());
            });
    requireState(startAt, "StartAt");
    states.forEach(this::validateState);
  }

  /**
   * A runner for a generated {@code .asl.json}: each {@code ${ProxyN.Arn}} becomes the function
   * name {@code <workflowName>-proxy-N}, as the template names the proxies.
   */
  public static StateMachineRunner forGenerated(
      String asl,
      String workflowName,
      LambdaInvoker invoker,
      Sleeper sleeper,
      RandomGenerator random) {
    return new StateMachineRunner(
        substitutePlaceholders(asl, workflowName), invoker, sleeper, random);
  }

  /**
   * Replaces every proxy placeholder ({@code ${ProxyN.Arn}} or a published version's) with {@link
   * ProxyNaming#functionName}: locally each proxy has one build, so the version does not matter.
   */
  public static String substitutePlaceholders(String asl, String workflowName) {
    return ProxyPlaceholders.replace(asl, n -> ProxyNaming.functionName(workflowName, n));
  }

  /** The workflow's {@code TimeoutSeconds}, if any. */
  public Integer timeoutSeconds() {
    return timeoutSeconds;
  }

  // ---- loading ----

  private void validateState(String name, ObjectNode state) {
    String where = "state " + name;
    String type = requiredText(state, "Type", where);
    Set<String> allowed = STATE_FIELDS.get(type);
    if (allowed == null) {
      throw new UnsupportedDefinitionException(
          where
              + ": state type '"
              + type
              + "' is not supported by the local executor (supported: "
              + STATE_FIELDS.keySet().stream().sorted().toList()
              + ")");
    }
    state
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!COMMON.contains(field) && !allowed.contains(field)) {
                throw new UnsupportedDefinitionException(
                    where
                        + " ("
                        + type
                        + "): field '"
                        + field
                        + "' is not supported by the local executor");
              }
            });
    if (allowed.contains("End")) {
      boolean end = state.path("End").asBoolean(false);
      if (end == state.has("Next")) {
        throw new UnsupportedDefinitionException(
            where + ": needs exactly one of Next and End: true");
      }
      if (!end) {
        requireState(requiredText(state, "Next", where), where + " Next");
      }
    }
    optionalPath(state, "InputPath", where);
    optionalPath(state, "OutputPath", where);
    switch (type) {
      case "Pass" -> {
        if (state.has("Parameters") && state.has("Result")) {
          throw new UnsupportedDefinitionException(where + ": has both Parameters and Result");
        }
        validateTemplate(state.get("Parameters"), where + " Parameters");
        optionalReference(state, "ResultPath", where);
      }
      case "Task" -> validateTask(state, where);
      case "Choice" -> {
        JsonNode choices = state.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
          throw new UnsupportedDefinitionException(where + ": Choices must be a non-empty array");
        }
        for (int i = 0; i < choices.size(); i++) {
          validateRule(choices.get(i), true, where + " Choices[" + i + "]");
        }
        if (state.has("Default")) {
          requireState(requiredText(state, "Default", where), where + " Default");
        }
      }
      case "Wait" -> {
        if (state.has("Seconds") == state.has("SecondsPath")) {
          throw new UnsupportedDefinitionException(
              where
                  + ": needs exactly one of Seconds and"
                  + " SecondsPath (Timestamp and TimestampPath are not supported)");
        }
        if (state.has("Seconds")
            && !(state.get("Seconds").isIntegralNumber()
                && state.get("Seconds").longValue() >= 0)) {
          throw new UnsupportedDefinitionException(where + ": Seconds must be a whole number >= 0");
        }
        optionalPath(state, "SecondsPath", where);
      }
      case "Fail" -> {
        exclusive(state, "Error", "ErrorPath", where);
        exclusive(state, "Cause", "CausePath", where);
        for (String field : List.of("ErrorPath", "CausePath")) {
          if (state.has(field)) {
            validateExpression(requiredText(state, field, where), where + " " + field);
          }
        }
        for (String field : List.of("Error", "Cause")) {
          if (state.has(field)) {
            requiredText(state, field, where);
          }
        }
      }
      default -> {} // Succeed: only the common paths
    }
  }

  private void validateTask(ObjectNode state, String where) {
    String resource = requiredText(state, "Resource", where);
    if (!LAMBDA_INVOKE.equals(resource)) {
      throw new UnsupportedDefinitionException(
          where
              + ": Resource '"
              + resource
              + "' is not supported by the local executor (only "
              + LAMBDA_INVOKE
              + ")");
    }
    JsonNode params = state.get("Parameters");
    if (params == null || !params.isObject()) {
      throw new UnsupportedDefinitionException(
          where + ": " + LAMBDA_INVOKE + " needs Parameters with FunctionName");
    }
    boolean functionName = false;
    for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      String plain = field.endsWith(".$") ? field.substring(0, field.length() - 2) : field;
      if (!LAMBDA_PARAMETERS.contains(plain)) {
        throw new UnsupportedDefinitionException(
            where
                + ": parameter '"
                + field
                + "' of lambda:invoke is not supported by the local executor (supported: "
                + LAMBDA_PARAMETERS.stream().sorted().toList()
                + ")");
      }
      functionName |= plain.equals("FunctionName");
    }
    if (!functionName) {
      throw new UnsupportedDefinitionException(where + ": lambda:invoke needs FunctionName");
    }
    validateTemplate(params, where + " Parameters");
    validateTemplate(state.get("ResultSelector"), where + " ResultSelector");
    optionalReference(state, "ResultPath", where);
    JsonNode retry = state.get("Retry");
    if (retry != null) {
      List<JsonNode> retriers = list(retry, where + " Retry");
      for (int i = 0; i < retriers.size(); i++) {
        String at = where + " Retry[" + i + "]";
        JsonNode r = retriers.get(i);
        unknownFields(r, RETRY_FIELDS, at);
        errorEquals(r, at, i == retriers.size() - 1);
        number(r, "IntervalSeconds", 1, at);
        number(r, "MaxAttempts", 0, at);
        number(r, "BackoffRate", 1, at);
        number(r, "MaxDelaySeconds", 1, at);
        if (r.has("JitterStrategy")) {
          String jitter = requiredText(r, "JitterStrategy", at);
          if (!jitter.equals("FULL") && !jitter.equals("NONE")) {
            throw new UnsupportedDefinitionException(
                at + ": JitterStrategy '" + jitter + "' is not FULL or NONE");
          }
        }
      }
    }
    JsonNode catchers = state.get("Catch");
    if (catchers != null) {
      List<JsonNode> list = list(catchers, where + " Catch");
      for (int i = 0; i < list.size(); i++) {
        String at = where + " Catch[" + i + "]";
        JsonNode c = list.get(i);
        unknownFields(c, CATCH_FIELDS, at);
        errorEquals(c, at, i == list.size() - 1);
        requireState(requiredText(c, "Next", at), at + " Next");
        optionalReference(c, "ResultPath", at);
      }
    }
  }

  private void validateRule(JsonNode rule, boolean top, String where) {
    if (!rule.isObject()) {
      throw new UnsupportedDefinitionException(where + ": a choice rule must be an object");
    }
    List<String> operators = new ArrayList<>();
    for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (field.equals("Next") && top || field.equals("Comment") || field.equals("Variable")) {
        continue;
      }
      if (field.equals("And")
          || field.equals("Or")
          || field.equals("Not")
          || STRING_OPERATORS.contains(field)
          || NUMERIC_OPERATORS.contains(field)
          || BOOLEAN_OPERATORS.contains(field)) {
        operators.add(field);
      } else {
        throw new UnsupportedDefinitionException(
            where
                + ": '"
                + field
                + "' is not supported"
                + " by the local executor in a choice rule (comparisons: "
                + sorted(STRING_OPERATORS, NUMERIC_OPERATORS, BOOLEAN_OPERATORS)
                + "; And, Or, Not)");
      }
    }
    if (operators.size() != 1) {
      throw new UnsupportedDefinitionException(
          where
              + ": a choice rule needs exactly one"
              + " comparison or And/Or/Not, found "
              + operators);
    }
    if (top) {
      requireState(requiredText(rule, "Next", where), where + " Next");
    }
    String op = operators.get(0);
    JsonNode operand = rule.get(op);
    switch (op) {
      case "And", "Or" -> {
        if (rule.has("Variable") || !operand.isArray() || operand.isEmpty()) {
          throw new UnsupportedDefinitionException(
              where + ": " + op + " must be a non-empty array of rules, without Variable");
        }
        for (int i = 0; i < operand.size(); i++) {
          validateRule(operand.get(i), false, where + " " + op + "[" + i + "]");
        }
      }
      case "Not" -> {
        if (rule.has("Variable")) {
          throw new UnsupportedDefinitionException(where + ": Not takes no Variable");
        }
        validateRule(operand, false, where + " Not");
      }
      default -> {
        paths.checkPath(requiredText(rule, "Variable", where), where + " Variable");
        boolean ok =
            STRING_OPERATORS.contains(op)
                ? operand.isTextual()
                : NUMERIC_OPERATORS.contains(op) ? operand.isNumber() : operand.isBoolean();
        if (!ok) {
          throw new UnsupportedDefinitionException(
              where + ": " + op + " has an operand of the" + " wrong type: " + operand);
        }
      }
    }
  }

  private void validateTemplate(JsonNode template, String where) {
    if (template == null) {
      return;
    }
    if (template.isObject()) {
      template
          .fields()
          .forEachRemaining(
              e -> {
                String at = where + "." + e.getKey();
                if (e.getKey().endsWith(".$")) {
                  if (!e.getValue().isTextual()) {
                    throw new UnsupportedDefinitionException(
                        at
                            + ": a .$ field needs a path or an"
                            + " intrinsic function, not "
                            + e.getValue());
                  }
                  validateExpression(e.getValue().textValue(), at);
                } else {
                  validateTemplate(e.getValue(), at);
                }
              });
    } else if (template.isArray()) {
      for (int i = 0; i < template.size(); i++) {
        validateTemplate(template.get(i), where + "[" + i + "]");
      }
    }
  }

  /** A {@code .$} value, {@code ErrorPath} or {@code CausePath}: a path or an intrinsic call. */
  private void validateExpression(String expression, String where) {
    if (JsonPaths.isContextPath(expression)) {
      paths.checkContextPath(expression, where);
    } else if (IntrinsicFunctions.looksLikeCall(expression)) {
      calls.put(expression, IntrinsicFunctions.parse(expression, paths, where));
    } else {
      paths.checkPath(expression, where);
    }
  }

  private void optionalPath(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value != null && !value.isNull()) {
      paths.checkPath(requiredText(node, field, where), where + " " + field);
    }
  }

  private void optionalReference(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      paths.checkReference("$", where + " " + field);
    } else if (!value.isNull()) {
      paths.checkReference(requiredText(node, field, where), where + " " + field);
    }
  }

  private void requireState(String name, String where) {
    if (!states.containsKey(name)) {
      throw new UnsupportedDefinitionException(where + ": no state named '" + name + "'");
    }
  }

  private static void errorEquals(JsonNode node, String where, boolean last) {
    List<JsonNode> names = list(node.get("ErrorEquals"), where + " ErrorEquals");
    for (JsonNode name : names) {
      if (!name.isTextual() || name.textValue().isEmpty()) {
        throw new UnsupportedDefinitionException(
            where + ": ErrorEquals holds a non-string " + name);
      }
      if (name.textValue().equals(ALL) && (names.size() != 1 || !last)) {
        throw new UnsupportedDefinitionException(
            where + ": States.ALL must be alone and in the" + " last retrier or catcher");
      }
    }
  }

  private static void number(JsonNode node, String field, double min, String where) {
    JsonNode value = node.get(field);
    if (value != null && !(value.isNumber() && value.doubleValue() >= min)) {
      throw new UnsupportedDefinitionException(
          where + ": " + field + " must be a number >= " + min + ", not " + value);
    }
  }

  private static void exclusive(JsonNode node, String a, String b, String where) {
    if (node.has(a) && node.has(b)) {
      throw new UnsupportedDefinitionException(where + ": has both " + a + " and " + b);
    }
  }

  private static List<JsonNode> list(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new UnsupportedDefinitionException(where + " must be a non-empty array");
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw new UnsupportedDefinitionException(where + " must be an object");
    }
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw new UnsupportedDefinitionException(
                    where
                        + ": field '"
                        + f
                        + "' is not supported by the local executor (supported: "
                        + allowed.stream().sorted().toList()
                        + ")");
              }
            });
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new UnsupportedDefinitionException(where + ": " + field + " must be a string");
    }
    return value.textValue();
  }

  @SafeVarargs
  private static List<String> sorted(Set<String>... sets) {
    List<String> all = new ArrayList<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return all.stream().sorted().toList();
  }

  // ---- running ----

  /**
   * Runs one execution to its end.
   *
   * @param input the execution input, JSON text
   * @throws IllegalArgumentException when the input is not JSON
   */
  public ExecutionResult run(String input) {
    return run(input, "local-" + EXECUTIONS.incrementAndGet());
  }

  /**
   * Runs one execution named {@code name} (its {@code $$.Execution.Name}) to its end.
   *
   * @throws IllegalArgumentException when the input is not JSON
   */
  public ExecutionResult run(String input, String name) {
    JsonNode data;
    try {
      data = JsonPaths.MAPPER.readTree(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the execution input is not JSON: " + e.getOriginalMessage(), e);
    }
    return new Execution(name).run(data == null ? NullNode.getInstance() : data);
  }

  /** Step Functions' timestamp form in the context object: ISO 8601, UTC, milliseconds. */
  private static final java.time.format.DateTimeFormatter CONTEXT_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private static final java.util.concurrent.atomic.AtomicLong EXECUTIONS =
      new java.util.concurrent.atomic.AtomicLong();
  private static final String STATE_MACHINE_ARN =
      "arn:aws:states:us-east-1:123456789012:stateMachine:local";

  /** One run's history, deadline and context object. */
  private final class Execution {
    private final List<HistoryEvent> events = new ArrayList<>();
    private final Instant started = sleeper.now();
    private final Instant deadline =
        timeoutSeconds == null ? null : started.plusSeconds(timeoutSeconds);
    private final String executionName;
    private JsonNode input;
    private String stateName;
    private Instant stateEntered;
    private int retryCount;

    Execution(String executionName) {
      this.executionName = executionName;
    }

    /**
     * The context object ({@code $$}) as Step Functions documents it: Execution (Id, Input, Name,
     * RoleArn, StartTime), State (EnteredTime, Name, RetryCount), StateMachine (Id, Name).
     */
    private JsonNode context() {
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
      state.put("Name", stateName);
      state.put("RetryCount", retryCount);
      ObjectNode machine = c.putObject("StateMachine");
      machine.put("Id", STATE_MACHINE_ARN);
      machine.put("Name", "local");
      return c;
    }

    ExecutionResult run(JsonNode input) {
      this.input = input;
      event(HistoryEvent.Type.EXECUTION_STARTED, null, null, null, null, null, null);
      String name = startAt;
      JsonNode data = input;
      int transitions = 0;
      try {
        while (true) {
          if (++transitions > MAX_STATE_TRANSITIONS) {
            throw new IllegalStateException(
                "more than " + MAX_STATE_TRANSITIONS + " state transitions: the definition loops");
          }
          checkDeadline();
          limited(data, "the input of state " + name); // also the previous state's output
          ObjectNode state = states.get(name);
          String type = state.get("Type").textValue();
          stateName = name;
          stateEntered = sleeper.now();
          retryCount = 0;
          event(HistoryEvent.Type.STATE_ENTERED, name, type, null, null, null, null);
          String where = "state " + name;
          switch (type) {
            case "Pass" -> {
              JsonNode effective = select(data, state.get("InputPath"), where + " InputPath");
              JsonNode result =
                  state.has("Parameters")
                      ? limited(
                          template(state.get("Parameters"), effective, where + " Parameters"),
                          where + " after Parameters")
                      : state.has("Result") ? state.get("Result").deepCopy() : effective;
              data = output(state, resultPath(data, state.get("ResultPath"), result, where), where);
            }
            case "Task" -> {
              Step step = task(name, state, data);
              checkDeadline();
              data = step.data();
              if (step.next() != null) {
                exited(name, type);
                name = step.next();
                continue;
              }
            }
            case "Choice" -> {
              JsonNode effective = select(data, state.get("InputPath"), where + " InputPath");
              String next = choose(state, effective, where);
              data = select(effective, state.get("OutputPath"), where + " OutputPath");
              exited(name, type);
              name = next;
              continue;
            }
            case "Wait" -> {
              JsonNode effective = select(data, state.get("InputPath"), where + " InputPath");
              long seconds = waitSeconds(state, effective, where);
              event(
                  HistoryEvent.Type.WAIT_STARTED,
                  name,
                  type,
                  null,
                  Duration.ofSeconds(seconds),
                  null,
                  null);
              sleep(Duration.ofSeconds(seconds));
              data = select(effective, state.get("OutputPath"), where + " OutputPath");
            }
            case "Succeed" -> {
              JsonNode effective = select(data, state.get("InputPath"), where + " InputPath");
              JsonNode out = select(effective, state.get("OutputPath"), where + " OutputPath");
              exited(name, type);
              event(HistoryEvent.Type.EXECUTION_SUCCEEDED, null, null, null, null, null, null);
              return result(ExecutionResult.Status.SUCCEEDED, null, null, out.toString());
            }
            case "Fail" -> {
              String error = failText(state, "Error", "ErrorPath", data, where);
              String cause = failText(state, "Cause", "CausePath", data, where);
              event(HistoryEvent.Type.EXECUTION_FAILED, null, null, null, null, error, cause);
              return result(ExecutionResult.Status.FAILED, error, cause, null);
            }
            default -> throw new IllegalStateException("state type not validated: " + type);
          }
          exited(name, type);
          if (state.path("End").asBoolean(false)) {
            event(HistoryEvent.Type.EXECUTION_SUCCEEDED, null, null, null, null, null, null);
            return result(ExecutionResult.Status.SUCCEEDED, null, null, data.toString());
          }
          name = state.get("Next").textValue();
        }
      } catch (TimedOut t) {
        String cause = "The execution ran past its TimeoutSeconds of " + timeoutSeconds + ".";
        event(
            HistoryEvent.Type.EXECUTION_TIMED_OUT,
            null,
            null,
            null,
            null,
            StatesError.TIMEOUT,
            cause);
        return result(ExecutionResult.Status.TIMED_OUT, StatesError.TIMEOUT, cause, null);
      } catch (StatesError e) {
        event(HistoryEvent.Type.EXECUTION_FAILED, null, null, null, null, e.error(), e.cause());
        return result(ExecutionResult.Status.FAILED, e.error(), e.cause(), null);
      }
    }

    private Step task(String name, ObjectNode state, JsonNode data) {
      String where = "state " + name;
      JsonNode effective = select(data, state.get("InputPath"), where + " InputPath");
      JsonNode params =
          limited(
              template(state.get("Parameters"), effective, where + " Parameters"),
              where + " after Parameters");
      JsonNode functionName = params.get("FunctionName");
      if (functionName == null || !functionName.isTextual() || functionName.textValue().isEmpty()) {
        throw StatesError.runtime(
            where + ": FunctionName is not a non-empty string: " + functionName);
      }
      String function = functionName.textValue();
      JsonNode payload =
          params.has("Payload") ? params.get("Payload") : JsonNodeFactory.instance.objectNode();
      List<JsonNode> retriers = new ArrayList<>();
      state.path("Retry").forEach(retriers::add);
      int[] retries = new int[retriers.size()];
      while (true) {
        event(HistoryEvent.Type.LAMBDA_SCHEDULED, name, "Task", function, null, null, null);
        String answer;
        try {
          answer = invoker.invoke(function, payload.toString());
        } catch (LambdaFailure failure) {
          event(
              HistoryEvent.Type.LAMBDA_FAILED,
              name,
              "Task",
              function,
              null,
              failure.error(),
              failure.cause());
          checkDeadline();
          int r = firstMatch(retriers, failure.error());
          if (r >= 0 && retries[r] < retriers.get(r).path("MaxAttempts").asInt(3)) {
            Duration delay = retryDelay(retriers.get(r), retries[r]++);
            retryCount++;
            event(
                HistoryEvent.Type.RETRY_SCHEDULED,
                name,
                "Task",
                function,
                delay,
                failure.error(),
                failure.cause());
            sleep(delay);
            continue;
          }
          List<JsonNode> catchers = new ArrayList<>();
          state.path("Catch").forEach(catchers::add);
          int c = firstMatch(catchers, failure.error());
          if (c < 0) {
            throw new StatesError(failure.error(), failure.cause());
          }
          JsonNode catcher = catchers.get(c);
          event(
              HistoryEvent.Type.CAUGHT,
              name,
              "Task",
              function,
              null,
              failure.error(),
              failure.cause());
          ObjectNode errorOutput = JsonNodeFactory.instance.objectNode();
          errorOutput.put("Error", failure.error());
          errorOutput.put("Cause", failure.cause());
          JsonNode caught =
              resultPath(data, catcher.get("ResultPath"), errorOutput, where + " Catch");
          return new Step(catcher.get("Next").textValue(), caught);
        }
        event(HistoryEvent.Type.LAMBDA_SUCCEEDED, name, "Task", function, null, null, null);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("ExecutedVersion", "$LATEST");
        result.set("Payload", parsePayload(answer));
        result.put("StatusCode", 200);
        limited(result, where + ": the Lambda integration's result");
        JsonNode selected =
            state.has("ResultSelector")
                ? template(state.get("ResultSelector"), result, where + " ResultSelector")
                : result;
        JsonNode out =
            output(state, resultPath(data, state.get("ResultPath"), selected, where), where);
        return new Step(null, out);
      }
    }

    private Duration retryDelay(JsonNode retrier, int retriesSoFar) {
      double seconds =
          retrier.path("IntervalSeconds").asDouble(1)
              * Math.pow(retrier.path("BackoffRate").asDouble(2.0), retriesSoFar);
      if (retrier.has("MaxDelaySeconds")) {
        seconds = Math.min(seconds, retrier.get("MaxDelaySeconds").asDouble());
      }
      if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
        seconds = random.nextDouble() * seconds;
      }
      return Duration.ofNanos((long) (seconds * 1e9));
    }

    private String choose(ObjectNode state, JsonNode input, String where) {
      JsonNode choices = state.get("Choices");
      for (int i = 0; i < choices.size(); i++) {
        if (matches(choices.get(i), input, where + " Choices[" + i + "]")) {
          return choices.get(i).get("Next").textValue();
        }
      }
      if (state.has("Default")) {
        return state.get("Default").textValue();
      }
      throw new StatesError(
          StatesError.NO_CHOICE_MATCHED,
          where + ": no choice rule matched and there is no Default");
    }

    private boolean matches(JsonNode rule, JsonNode input, String where) {
      if (rule.has("And")) {
        for (JsonNode r : rule.get("And")) {
          if (!matches(r, input, where)) {
            return false;
          }
        }
        return true;
      }
      if (rule.has("Or")) {
        for (JsonNode r : rule.get("Or")) {
          if (matches(r, input, where)) {
            return true;
          }
        }
        return false;
      }
      if (rule.has("Not")) {
        return !matches(rule.get("Not"), input, where);
      }
      String variable = rule.get("Variable").textValue();
      JsonNode value = paths.read(input, variable, where + " Variable");
      for (Iterator<Map.Entry<String, JsonNode>> it = rule.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String op = e.getKey();
        JsonNode operand = e.getValue();
        if (STRING_OPERATORS.contains(op)) {
          return value.isTextual() && value.textValue().equals(operand.textValue());
        }
        if (BOOLEAN_OPERATORS.contains(op)) {
          return value.isBoolean() && value.booleanValue() == operand.booleanValue();
        }
        if (NUMERIC_OPERATORS.contains(op)) {
          if (!value.isNumber()) {
            return false;
          }
          int cmp = value.decimalValue().compareTo(operand.decimalValue());
          return switch (op) {
            case "NumericEquals" -> cmp == 0;
            case "NumericGreaterThan" -> cmp > 0;
            case "NumericGreaterThanEquals" -> cmp >= 0;
            case "NumericLessThan" -> cmp < 0;
            case "NumericLessThanEquals" -> cmp <= 0;
            default -> throw new IllegalStateException(op);
          };
        }
      }
      throw new IllegalStateException("choice rule not validated: " + rule);
    }

    private long waitSeconds(ObjectNode state, JsonNode input, String where) {
      if (state.has("Seconds")) {
        return state.get("Seconds").longValue();
      }
      String path = state.get("SecondsPath").textValue();
      JsonNode value = paths.read(input, path, where + " SecondsPath");
      BigDecimal seconds = value.isNumber() ? value.decimalValue() : null;
      if (seconds == null || seconds.signum() < 0 || seconds.stripTrailingZeros().scale() > 0) {
        throw StatesError.runtime(
            where + ": SecondsPath '" + path + "' is not a whole number of seconds >= 0: " + value);
      }
      return seconds.longValueExact();
    }

    private String failText(
        ObjectNode state, String field, String pathField, JsonNode data, String where) {
      if (state.has(field)) {
        return state.get(field).textValue();
      }
      if (!state.has(pathField)) {
        return null;
      }
      JsonNode value = expression(state.get(pathField).textValue(), data, where + " " + pathField);
      if (!value.isTextual()) {
        throw StatesError.runtime(where + ": " + pathField + " did not give a string: " + value);
      }
      return value.textValue();
    }

    private JsonNode template(JsonNode template, JsonNode input, String where) {
      if (template.isObject()) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        template
            .fields()
            .forEachRemaining(
                e -> {
                  String key = e.getKey();
                  if (key.endsWith(".$")) {
                    out.set(
                        key.substring(0, key.length() - 2),
                        expression(e.getValue().textValue(), input, where + "." + key));
                  } else {
                    out.set(key, template(e.getValue(), input, where + "." + key));
                  }
                });
        return out;
      }
      if (template.isArray()) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < template.size(); i++) {
          out.add(template(template.get(i), input, where + "[" + i + "]"));
        }
        return out;
      }
      return template.deepCopy();
    }

    private JsonNode expression(String expression, JsonNode input, String where) {
      IntrinsicFunctions.Call call = calls.get(expression);
      JsonNode value =
          call != null
              ? IntrinsicFunctions.evaluate(call, input, paths, random, where)
              : paths.read(
                  JsonPaths.isContextPath(expression) ? context() : input, expression, where);
      return value.deepCopy();
    }

    private JsonNode select(JsonNode data, JsonNode path, String where) {
      if (path == null) {
        return data;
      }
      if (path.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      return paths.read(data, path.textValue(), where);
    }

    private JsonNode resultPath(JsonNode data, JsonNode path, JsonNode result, String where) {
      if (path == null) {
        return result;
      }
      if (path.isNull()) {
        return data;
      }
      return paths.write(data, path.textValue(), result, where + " ResultPath");
    }

    /** {@code data}, when its UTF-8 JSON fits Step Functions' payload quota. */
    private JsonNode limited(JsonNode data, String what) {
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

    private JsonNode output(ObjectNode state, JsonNode data, String where) {
      return select(data, state.get("OutputPath"), where + " OutputPath");
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

    private void exited(String name, String type) {
      event(HistoryEvent.Type.STATE_EXITED, name, type, null, null, null, null);
    }

    private void event(
        HistoryEvent.Type type,
        String state,
        String stateType,
        String function,
        Duration wait,
        String error,
        String cause) {
      events.add(
          new HistoryEvent(sleeper.now(), type, state, stateType, function, wait, error, cause));
    }

    private ExecutionResult result(
        ExecutionResult.Status status, String error, String cause, String output) {
      return new ExecutionResult(status, error, cause, output, started, sleeper.now(), events);
    }
  }

  private static int firstMatch(List<JsonNode> handlers, String error) {
    for (int i = 0; i < handlers.size(); i++) {
      for (JsonNode name : handlers.get(i).get("ErrorEquals")) {
        String n = name.textValue();
        if (n.equals(error)
            || n.equals(ALL)
            || n.equals(TASK_FAILED) && !error.equals(StatesError.TIMEOUT)) {
          return i;
        }
      }
    }
    return -1;
  }

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

  private record Step(String next, JsonNode data) {}

  private static final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimedOut() {
      super(null, null, false, false);
    }
  }
}
