package dev.ratelimit.model;

/**
 * A configuration value breaks a rule: the one problem type for bad configuration, from the
 * workflow's parameters to the simulation's and the deploy's. Carries everything a user needs to
 * fix it: the parameter, the value given, the rule, and an example of a good value. The message
 * shows the parameter as the POM spells it, nested elements nested ({@code <backoff><multiplier>}).
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final String value;
  private final String rule;
  private final String example;

  /**
   * @param parameter the parameter's path as its user property names it after {@code ratelimit.}:
   *     {@code proxies}, or {@code backoff.multiplier} for a field of a nested element
   * @param value the value given, or null when it was not set
   * @param rule what a good value is, as a sentence without a final period
   * @param example a good value, or for an element its inner XML
   */
  public InvalidConfigurationException(
      String parameter, Object value, String rule, String example) {
    super(format(parameter, value, rule, example));
    this.parameter = parameter;
    this.value = String.valueOf(value);
    this.rule = rule;
    this.example = example;
  }

  /** {@code backoff.multiplier} as the POM writes it: {@code <backoff><multiplier>}. */
  public static String element(String parameter) {
    return "<" + parameter.replace(".", "><") + ">";
  }

  /**
   * {@code value} inside the parameter's elements: {@code
   * <backoff><multiplier>2.0</multiplier></backoff>}.
   */
  public static String inElement(String parameter, String value) {
    String[] names = parameter.split("\\.");
    StringBuilder closing = new StringBuilder();
    for (int i = names.length - 1; i >= 0; i--) {
      closing.append("</").append(names[i]).append('>');
    }
    return element(parameter) + value + closing;
  }

  private static String format(String parameter, Object value, String rule, String example) {
    String shown = value == null ? "(not set)" : "'" + value + "'";
    return "Invalid "
        + element(parameter)
        + " "
        + shown
        + ": "
        + rule
        + ". Example: "
        + inElement(parameter, example);
  }

  /**
   * The parameter's path, e.g. {@code backoff.multiplier}; its user property is {@code ratelimit.}
   * and this.
   */
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
