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

  /** {@code <architecture>}: the architecture AWS names {@code value}, case-insensitively. */
  static Architecture require(String value) {
    for (Architecture a : values()) {
      if (a.awsName.equalsIgnoreCase(value.trim())) {
        return a;
      }
    }
    throw new InvalidConfigurationException(
        "architecture", value, "must be arm64 or x86_64", "arm64");
  }
}
