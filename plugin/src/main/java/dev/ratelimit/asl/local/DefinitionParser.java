package dev.ratelimit.asl.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.local.JsonPaths.Filter;
import dev.ratelimit.asl.local.JsonPaths.Reference;
import dev.ratelimit.asl.local.State.Choice.Branch;
import dev.ratelimit.asl.local.State.FailText;
import dev.ratelimit.asl.local.Template.Expression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ASL definition once into {@link State} records: every path compiled, every template and
 * intrinsic function parsed, every transition checked. Whatever the local executor does not
 * implement fails here, with its place in the definition, as an {@link
 * UnsupportedDefinitionException}; the {@link Interpreter} then meets no surprises.
 */
final class DefinitionParser {
  private static final Set<String> TOP_FIELDS =
      Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version");
  private static final Set<String> COMMON = Set.of("Type", "Comment");
  private static final Map<String, Set<String>> STATE_FIELDS =
      Map.of(
          "Pass",
          Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath"),
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
          "Choice",
          Set.of("InputPath", "OutputPath", "Choices", "Default"),
          "Wait",
          Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath"),
          "Succeed",
          Set.of("InputPath", "OutputPath"),
          "Fail",
          Set.of("Error", "Cause", "ErrorPath", "CausePath"));
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

  private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();

  private DefinitionParser() {}

  /**
   * @param definition an ASL definition with real function names or ARNs (no {@code ${...}})
   * @throws UnsupportedDefinitionException when it is not JSON, is malformed or uses what the local
   *     executor does not support
   */
  static Definition parse(String definition) {
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
    return new DefinitionParser().definition(root);
  }

  private Definition definition(JsonNode root) {
    FieldChecks.unknown(root, TOP_FIELDS, "the definition");
    String startAt = FieldChecks.text(root, "StartAt", "the definition");
    JsonNode timeout = root.get("TimeoutSeconds");
    if (timeout != null
        && !(timeout.isIntegralNumber() && timeout.canConvertToInt() && timeout.intValue() > 0)) {
      throw new UnsupportedDefinitionException(
          "TimeoutSeconds must be a positive integer: " + timeout);
    }
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
              nodes.put(e.getKey(), (ObjectNode) e.getValue());
            });
    requireState(startAt, "StartAt");
    Map<String, State> states = new LinkedHashMap<>();
    nodes.forEach((name, node) -> states.put(name, state(name, node)));
    return new Definition(startAt, timeout == null ? null : timeout.intValue(), states);
  }

  private State state(String name, ObjectNode node) {
    String where = "state " + name;
    String type = FieldChecks.text(node, "Type", where);
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
    node.fieldNames()
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
    String next = null;
    if (allowed.contains("End")) {
      boolean end = node.path("End").asBoolean(false);
      if (end == node.has("Next")) {
        throw new UnsupportedDefinitionException(
            where + ": needs exactly one of Next and End: true");
      }
      if (!end) {
        next = requireState(FieldChecks.text(node, "Next", where), where + " Next");
      }
    }
    Filter input = filter(node, "InputPath", where);
    Filter output = filter(node, "OutputPath", where);
    return switch (type) {
      case "Pass" -> pass(name, node, where, input, output, next);
      case "Task" -> task(name, node, where, input, output, next);
      case "Choice" -> choice(name, node, where, input, output);
      case "Wait" -> waitState(name, node, where, input, output, next);
      case "Succeed" -> new State.Succeed(name, input, output);
      case "Fail" -> fail(name, node, where);
      default -> throw new IllegalStateException("state type without a parser: " + type);
    };
  }

  private State pass(
      String name, ObjectNode node, String where, Filter input, Filter output, String next) {
    if (node.has("Parameters") && node.has("Result")) {
      throw new UnsupportedDefinitionException(where + ": has both Parameters and Result");
    }
    Template parameters = template(node.get("Parameters"), where + " Parameters");
    Reference resultPath = resultPath(node, where);
    return new State.Pass(name, input, parameters, node.get("Result"), resultPath, output, next);
  }

  private State task(
      String name, ObjectNode node, String where, Filter input, Filter output, String next) {
    String resource = FieldChecks.text(node, "Resource", where);
    if (!StateMachineRunner.LAMBDA_INVOKE.equals(resource)) {
      throw new UnsupportedDefinitionException(
          where
              + ": Resource '"
              + resource
              + "' is not supported by the local executor (only "
              + StateMachineRunner.LAMBDA_INVOKE
              + ")");
    }
    JsonNode params = node.get("Parameters");
    if (params == null || !params.isObject()) {
      throw new UnsupportedDefinitionException(
          where + ": " + StateMachineRunner.LAMBDA_INVOKE + " needs Parameters with FunctionName");
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
    Template parameters = template(params, where + " Parameters");
    Template resultSelector = template(node.get("ResultSelector"), where + " ResultSelector");
    Reference resultPath = resultPath(node, where);
    List<Retrier> retry = new ArrayList<>();
    if (node.get("Retry") != null) {
      List<JsonNode> entries = FieldChecks.list(node.get("Retry"), where + " Retry");
      for (int i = 0; i < entries.size(); i++) {
        retry.add(retrier(entries.get(i), where + " Retry[" + i + "]", i == entries.size() - 1));
      }
    }
    List<Catcher> catchers = new ArrayList<>();
    if (node.get("Catch") != null) {
      List<JsonNode> entries = FieldChecks.list(node.get("Catch"), where + " Catch");
      for (int i = 0; i < entries.size(); i++) {
        String at = where + " Catch[" + i + "]";
        JsonNode c = entries.get(i);
        FieldChecks.unknown(c, CATCH_FIELDS, at);
        List<String> errors = errorEquals(c, at, i == entries.size() - 1);
        String target = requireState(FieldChecks.text(c, "Next", at), at + " Next");
        Reference errorPath = resultPath(c, at).at(where + " Catch ResultPath");
        catchers.add(new Catcher(errors, errorPath, target));
      }
    }
    return new State.Task(
        name, input, parameters, resultSelector, resultPath, output, retry, catchers, next);
  }

  private static Retrier retrier(JsonNode r, String at, boolean last) {
    FieldChecks.unknown(r, RETRY_FIELDS, at);
    List<String> errors = errorEquals(r, at, last);
    FieldChecks.number(r, "IntervalSeconds", 1, at);
    FieldChecks.number(r, "MaxAttempts", 0, at);
    FieldChecks.number(r, "BackoffRate", 1, at);
    FieldChecks.number(r, "MaxDelaySeconds", 1, at);
    boolean fullJitter = false;
    if (r.has("JitterStrategy")) {
      String jitter = FieldChecks.text(r, "JitterStrategy", at);
      if (!jitter.equals("FULL") && !jitter.equals("NONE")) {
        throw new UnsupportedDefinitionException(
            at + ": JitterStrategy '" + jitter + "' is not FULL or NONE");
      }
      fullJitter = jitter.equals("FULL");
    }
    return new Retrier(
        errors,
        r.path("IntervalSeconds").asDouble(Retrier.DEFAULT_INTERVAL_SECONDS),
        r.path("MaxAttempts").asInt(Retrier.DEFAULT_MAX_ATTEMPTS),
        r.path("BackoffRate").asDouble(Retrier.DEFAULT_BACKOFF_RATE),
        r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null,
        fullJitter);
  }

  private State choice(String name, ObjectNode node, String where, Filter input, Filter output) {
    JsonNode choices = node.get("Choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new UnsupportedDefinitionException(where + ": Choices must be a non-empty array");
    }
    List<Branch> branches = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      branches.add(
          RuleParser.branch(choices.get(i), where + " Choices[" + i + "]", this::requireState));
    }
    String defaultNext = null;
    if (node.has("Default")) {
      defaultNext = requireState(FieldChecks.text(node, "Default", where), where + " Default");
    }
    return new State.Choice(name, input, output, branches, defaultNext);
  }

  private State waitState(
      String name, ObjectNode node, String where, Filter input, Filter output, String next) {
    if (node.has("Seconds") == node.has("SecondsPath")) {
      throw new UnsupportedDefinitionException(
          where
              + ": needs exactly one of Seconds and"
              + " SecondsPath (Timestamp and TimestampPath are not supported)");
    }
    JsonNode seconds = node.get("Seconds");
    if (seconds != null && !(seconds.isIntegralNumber() && seconds.longValue() >= 0)) {
      throw new UnsupportedDefinitionException(where + ": Seconds must be a whole number >= 0");
    }
    if (seconds != null) {
      return new State.Wait(name, input, output, seconds.longValue(), null, next);
    }
    String secondsPath = FieldChecks.text(node, "SecondsPath", where);
    return new State.Wait(
        name, input, output, null, JsonPaths.path(secondsPath, where + " SecondsPath"), next);
  }

  private State fail(String name, ObjectNode node, String where) {
    FieldChecks.exclusive(node, "Error", "ErrorPath", where);
    FieldChecks.exclusive(node, "Cause", "CausePath", where);
    Expression errorPath = optionalExpression(node, "ErrorPath", where);
    Expression causePath = optionalExpression(node, "CausePath", where);
    String error = node.has("Error") ? FieldChecks.text(node, "Error", where) : null;
    String cause = node.has("Cause") ? FieldChecks.text(node, "Cause", where) : null;
    return new State.Fail(
        name,
        new FailText(error, errorPath, "ErrorPath"),
        new FailText(cause, causePath, "CausePath"));
  }

  private static Expression optionalExpression(ObjectNode node, String field, String where) {
    return node.has(field)
        ? expression(FieldChecks.text(node, field, where), where + " " + field)
        : null;
  }

  /** A payload template; null when {@code node} is (the field is absent). */
  private static Template template(JsonNode node, String where) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      List<Template.Fields.Field> fields = new ArrayList<>();
      node.fields()
          .forEachRemaining(
              e -> {
                String key = e.getKey();
                String at = where + "." + key;
                if (key.endsWith(".$")) {
                  if (!e.getValue().isTextual()) {
                    throw new UnsupportedDefinitionException(
                        at
                            + ": a .$ field needs a path or an intrinsic function, not "
                            + e.getValue());
                  }
                  fields.add(
                      new Template.Fields.Field(
                          key.substring(0, key.length() - 2),
                          expression(e.getValue().textValue(), at)));
                } else {
                  fields.add(new Template.Fields.Field(key, template(e.getValue(), at)));
                }
              });
      return new Template.Fields(List.copyOf(fields));
    }
    if (node.isArray()) {
      List<Template> items = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        items.add(template(node.get(i), where + "[" + i + "]"));
      }
      return new Template.Items(List.copyOf(items));
    }
    return new Template.Constant(node);
  }

  /** A {@code .$} value, {@code ErrorPath} or {@code CausePath}: a path or an intrinsic call. */
  private static Expression expression(String text, String where) {
    if (JsonPaths.isContextPath(text)) {
      return new Template.Read(JsonPaths.contextPath(text, where));
    }
    if (IntrinsicFunctions.looksLikeCall(text)) {
      return new Template.Intrinsic(IntrinsicFunctions.parse(text, where), where);
    }
    return new Template.Read(JsonPaths.path(text, where));
  }

  /** {@code InputPath} or {@code OutputPath}. */
  private static Filter filter(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return Filter.KEEP;
    }
    if (value.isNull()) {
      return Filter.EMPTY;
    }
    return new Filter(
        JsonPaths.path(FieldChecks.text(node, field, where), where + " " + field), false);
  }

  private static Reference resultPath(JsonNode node, String where) {
    JsonNode value = node.get("ResultPath");
    if (value == null) {
      return JsonPaths.reference("$", where + " ResultPath");
    }
    if (value.isNull()) {
      return Reference.discard();
    }
    return JsonPaths.reference(FieldChecks.text(node, "ResultPath", where), where + " ResultPath");
  }

  private static List<String> errorEquals(JsonNode node, String where, boolean last) {
    List<JsonNode> names = FieldChecks.list(node.get("ErrorEquals"), where + " ErrorEquals");
    List<String> errors = new ArrayList<>();
    for (JsonNode name : names) {
      if (!name.isTextual() || name.textValue().isEmpty()) {
        throw new UnsupportedDefinitionException(
            where + ": ErrorEquals holds a non-string " + name);
      }
      if (name.textValue().equals(StatesError.ALL) && (names.size() != 1 || !last)) {
        throw new UnsupportedDefinitionException(
            where + ": States.ALL must be alone and in the last retrier or catcher");
      }
      errors.add(name.textValue());
    }
    return errors;
  }

  private String requireState(String name, String where) {
    if (!nodes.containsKey(name)) {
      throw new UnsupportedDefinitionException(where + ": no state named '" + name + "'");
    }
    return name;
  }
}
