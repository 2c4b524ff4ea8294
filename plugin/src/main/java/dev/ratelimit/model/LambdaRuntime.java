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
}
