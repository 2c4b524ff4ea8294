package dev.ratelimit.model;

/** The CloudFormation template's file format. */
public enum TemplateFormat {
  YAML("template.yaml"),
  JSON("template.json");

  private final String suffix;

  TemplateFormat(String suffix) {
    this.suffix = suffix;
  }

  public String fileSuffix() {
    return suffix;
  }
}
