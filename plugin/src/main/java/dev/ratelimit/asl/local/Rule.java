package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** A Choice rule's condition, parsed: And, Or, Not over comparisons of one variable. */
sealed interface Rule {

  boolean matches(JsonNode input);

  record And(List<Rule> rules) implements Rule {
    @Override
    public boolean matches(JsonNode input) {
      return rules.stream().allMatch(rule -> rule.matches(input));
    }
  }

  record Or(List<Rule> rules) implements Rule {
    @Override
    public boolean matches(JsonNode input) {
      return rules.stream().anyMatch(rule -> rule.matches(input));
    }
  }

  record Not(Rule rule) implements Rule {
    @Override
    public boolean matches(JsonNode input) {
      return !rule.matches(input);
    }
  }

  /** {@code StringEquals}: false for a value that is not a string. */
  record StringEquals(JsonPaths.Path variable, String operand) implements Rule {
    @Override
    public boolean matches(JsonNode input) {
      JsonNode value = variable.read(input);
      return value.isTextual() && value.textValue().equals(operand);
    }
  }

  /** {@code BooleanEquals}: false for a value that is not a boolean. */
  record BooleanEquals(JsonPaths.Path variable, boolean operand) implements Rule {
    @Override
    public boolean matches(JsonNode input) {
      JsonNode value = variable.read(input);
      return value.isBoolean() && value.booleanValue() == operand;
    }
  }

  /**
   * {@code NumericEquals}, {@code NumericLessThan}, ...: false for a value that is not a number.
   */
  record Numeric(JsonPaths.Path variable, Comparison comparison, BigDecimal operand)
      implements Rule {
    @Override
    public boolean matches(JsonNode input) {
      JsonNode value = variable.read(input);
      return value.isNumber() && comparison.holds(value.decimalValue().compareTo(operand));
    }
  }

  /** The numeric comparison operators. */
  enum Comparison {
    EQUALS("NumericEquals"),
    GREATER_THAN("NumericGreaterThan"),
    GREATER_THAN_EQUALS("NumericGreaterThanEquals"),
    LESS_THAN("NumericLessThan"),
    LESS_THAN_EQUALS("NumericLessThanEquals");

    private final String aslName;

    Comparison(String aslName) {
      this.aslName = aslName;
    }

    /** The operator's name in a choice rule, e.g. {@code NumericLessThan}. */
    String aslName() {
      return aslName;
    }

    /** The operator named {@code aslName}; null when there is none. */
    static Comparison named(String aslName) {
      for (Comparison c : values()) {
        if (c.aslName.equals(aslName)) {
          return c;
        }
      }
      return null;
    }

    /** Whether the comparison holds for {@code value.compareTo(operand)}. */
    boolean holds(int cmp) {
      return switch (this) {
        case EQUALS -> cmp == 0;
        case GREATER_THAN -> cmp > 0;
        case GREATER_THAN_EQUALS -> cmp >= 0;
        case LESS_THAN -> cmp < 0;
        case LESS_THAN_EQUALS -> cmp <= 0;
      };
    }
  }
}
