package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratelimit.asl.local.State.Choice.Branch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Reads a Choice state's rules into {@link Rule} trees for {@link DefinitionParser}: one comparison
 * or And/Or/Not per rule, operands of the operator's type, variables compiled.
 */
final class RuleParser {
  private static final String STRING_EQUALS = "StringEquals";
  private static final String BOOLEAN_EQUALS = "BooleanEquals";

  private RuleParser() {}

  /**
   * One of {@code Choices}: its rule and its {@code Next}.
   *
   * @param requireState checks that a state (the first argument) exists, or fails naming the place
   */
  static Branch branch(
      JsonNode rule, String where, BiFunction<String, String, String> requireState) {
    Rule parsed = rule(rule, true, where, where + " Variable", requireState);
    return new Branch(parsed, rule.get("Next").textValue());
  }

  /**
   * @param readWhere what a failed read of a {@code Variable} names at run time: the top-level rule
   * @param requireState checks that a state (the first argument) exists, or fails naming the place
   */
  private static Rule rule(
      JsonNode rule,
      boolean top,
      String where,
      String readWhere,
      BiFunction<String, String, String> requireState) {
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
          || comparisons().anyMatch(field::equals)) {
        operators.add(field);
      } else {
        throw new UnsupportedDefinitionException(
            where
                + ": '"
                + field
                + "' is not supported by the local executor in a choice rule (comparisons: "
                + comparisons().sorted().toList()
                + "; And, Or, Not)");
      }
    }
    if (operators.size() != 1) {
      throw new UnsupportedDefinitionException(
          where + ": a choice rule needs exactly one comparison or And/Or/Not, found " + operators);
    }
    if (top) {
      requireState.apply(FieldChecks.text(rule, "Next", where), where + " Next");
    }
    String op = operators.get(0);
    JsonNode operand = rule.get(op);
    switch (op) {
      case "And", "Or" -> {
        if (rule.has("Variable") || !operand.isArray() || operand.isEmpty()) {
          throw new UnsupportedDefinitionException(
              where + ": " + op + " must be a non-empty array of rules, without Variable");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < operand.size(); i++) {
          rules.add(
              rule(
                  operand.get(i),
                  false,
                  where + " " + op + "[" + i + "]",
                  readWhere,
                  requireState));
        }
        return op.equals("And")
            ? new Rule.And(List.copyOf(rules))
            : new Rule.Or(List.copyOf(rules));
      }
      case "Not" -> {
        if (rule.has("Variable")) {
          throw new UnsupportedDefinitionException(where + ": Not takes no Variable");
        }
        return new Rule.Not(rule(operand, false, where + " Not", readWhere, requireState));
      }
      default -> {
        JsonPaths.Path variable =
            JsonPaths.path(FieldChecks.text(rule, "Variable", where), where + " Variable")
                .at(readWhere);
        Rule.Comparison numeric = Rule.Comparison.named(op);
        boolean ok =
            op.equals(STRING_EQUALS)
                ? operand.isTextual()
                : numeric != null ? operand.isNumber() : operand.isBoolean();
        if (!ok) {
          throw new UnsupportedDefinitionException(
              where + ": " + op + " has an operand of the wrong type: " + operand);
        }
        if (numeric != null) {
          return new Rule.Numeric(variable, numeric, operand.decimalValue());
        }
        return op.equals(STRING_EQUALS)
            ? new Rule.StringEquals(variable, operand.textValue())
            : new Rule.BooleanEquals(variable, operand.booleanValue());
      }
    }
  }

  /** The comparison operators the executor implements, by their ASL names. */
  private static Stream<String> comparisons() {
    return Stream.concat(
        Stream.of(STRING_EQUALS, BOOLEAN_EQUALS),
        Stream.of(Rule.Comparison.values()).map(Rule.Comparison::aslName));
  }
}
