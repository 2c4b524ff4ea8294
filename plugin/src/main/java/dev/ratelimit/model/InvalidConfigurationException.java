package dev.ratelimit.model;

/**
 * A configuration value breaks a rule. Carries everything a user needs to fix it: the parameter,
 * the value given, the rule, and an example of a good value.
 */
public final class InvalidConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final String value;
  private final String rule;
  private final String example;

  public InvalidConfigurationException(
      String parameter, Object value, String rule, String example) {
    super(format(parameter, value, rule, example));
    this.parameter = parameter;
    this.value = String.valueOf(value);
    this.rule = rule;
    this.example = example;
  }

  private static String format(String parameter, Object value, String rule, String example) {
    String shown = value == null ? "(not set)" : "'" + value + "'";
    return "Invalid <"
        + parameter
        + "> "
        + shown
        + ": "
        + rule
        + ". Example: <"
        + parameter
        + ">"
        + example
        + "</"
        + parameter
        + ">";
  }

  public String parameter() {
    return parameter;
  }

  public String value() {
    return value;
  }

  public String rule() {
    return rule;
  }

  public String example() {
    return example;
  }
}
