package dev.ratelimit.model;

/** Lambda Java runtimes the gateway can be deployed on. */
public enum LambdaRuntime {
  JAVA21("java21"),
  JAVA25("java25");

  private final String awsName;

  LambdaRuntime(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  /** {@code <lambdaRuntime>}: the runtime AWS names {@code value}, case-insensitively. */
  static LambdaRuntime require(String value) {
    String name = value.trim();
    if (name.equalsIgnoreCase("java17")) {
      throw new InvalidConfigurationException(
          "lambdaRuntime",
          value,
          "java17 is rejected: AWS blocks creating java17 functions since 2026-07-31; use java21"
              + " or java25",
          "java21");
    }
    for (LambdaRuntime r : values()) {
      if (r.awsName.equalsIgnoreCase(name)) {
        return r;
      }
    }
    throw new InvalidConfigurationException(
        "lambdaRuntime", value, "must be java21 or java25", "java21");
  }
}
