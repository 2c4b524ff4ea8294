package dev.ratelimit.model;

/** Lambda instruction set architecture. */
public enum Architecture {
  ARM64("arm64"),
  X86_64("x86_64");

  private final String awsName;

  Architecture(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }
}
