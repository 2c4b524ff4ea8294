package dev.ratelimit.model;

import java.util.List;

/** AWS service limits the generator checks against, with where they come from. */
public final class AwsLimits {
  private AwsLimits() {}

  /** Step Functions: an Express execution ends after 5 minutes. */
  public static final int EXPRESS_MAX_DURATION_SECONDS = 300;

  /** Step Functions: maximum input/output/state payload, 256 KiB. */
  public static final int STATE_PAYLOAD_BYTES = 262_144;

  /** Step Functions: maximum state machine definition size, 1 MiB. */
  public static final int DEFINITION_BYTES = 1_048_576;

  /** Step Functions: maximum state machine name length. */
  public static final int STATE_MACHINE_NAME_LENGTH = 80;

  /** Step Functions: a Fail state's error string and cause string. */
  public static final int FAIL_ERROR_CHARS = 256;

  public static final int FAIL_CAUSE_CHARS = 32_768;

  /** Lambda: function timeout, 900 s (15 minutes). */
  public static final int LAMBDA_MAX_TIMEOUT_SECONDS = 900;

  /** Lambda: function memory, 128–10,240 MB. */
  public static final int LAMBDA_MIN_MEMORY_MB = 128;

  public static final int LAMBDA_MAX_MEMORY_MB = 10_240;

  /** Lambda: function name length. */
  public static final int LAMBDA_FUNCTION_NAME_LENGTH = 64;

  /** Lambda: all environment variables of one function, 4 KB (measured here as their JSON text). */
  public static final int LAMBDA_ENVIRONMENT_BYTES = 4_096;

  /** Lambda: the concurrency an account keeps unreserved; reservations may use only the rest. */
  public static final int LAMBDA_UNRESERVED_MINIMUM = 100;

  /**
   * Lambda: the default concurrent-executions quota per account and region (new accounts get less).
   */
  public static final int LAMBDA_DEFAULT_CONCURRENCY = 1_000;

  /**
   * Tags: key 1–128, value 1–256 (CloudFormation's stack tags need a value; the stack's tags reach
   * every resource).
   */
  public static final int TAG_KEY_CHARS = 128;

  public static final int TAG_VALUE_CHARS = 256;

  /** Lambda: tags per function (the tightest of the resources we tag). */
  public static final int MAX_TAGS = 50;

  /**
   * CloudFormation: template body in an S3 object, documented as "1 MB" (CloudFormation quotas);
   * read as 1,000,000 bytes, as cfn-lint's E1002 does, so that neither reading refuses a template
   * we write. The direct-upload limit, 51,200 bytes, is the deployer's concern.
   */
  public static final int TEMPLATE_BYTES = 1_000_000;

  /** CloudFormation: resources per template. */
  public static final int TEMPLATE_RESOURCES = 500;

  /**
   * VPC: default quota of Elastic IP addresses per region (adjustable; the account's may be
   * higher).
   */
  public static final int DEFAULT_ELASTIC_IPS_PER_REGION = 5;

  public static final String ELASTIC_IPS_QUOTA = "EC2-VPC Elastic IPs (L-0263D0A3)";

  /** VPC: default quota of NAT gateways per availability zone (adjustable). */
  public static final int DEFAULT_NAT_GATEWAYS_PER_ZONE = 5;

  public static final String NAT_GATEWAYS_QUOTA = "NAT gateways per Availability Zone (L-FE5A380F)";

  /** CloudWatch Logs: log group name length. */
  public static final int LOG_GROUP_NAME_LENGTH = 512;

  /** CloudWatch Logs: the retention values PutRetentionPolicy accepts. */
  public static final List<Integer> LOG_RETENTION_DAYS =
      List.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  /**
   * The longest Lambda ARN the definition may hold once CloudFormation substitutes a placeholder:
   * the longest partition and region names AWS uses, a 12-digit account and a 64-character name.
   */
  public static final int LAMBDA_ARN_MAX_CHARS =
      "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:".length()
          + LAMBDA_FUNCTION_NAME_LENGTH;

  /** The same with a published version's qualifier ({@code :<number>}, at most 10 digits). */
  public static final int LAMBDA_VERSION_ARN_MAX_CHARS = LAMBDA_ARN_MAX_CHARS + 11;

  /** The longest state machine ARN, as the orchestrator's environment receives it. */
  public static final int STATE_MACHINE_ARN_MAX_CHARS =
      "arn:aws-iso-b:states:us-isob-east-1:123456789012:stateMachine:".length()
          + STATE_MACHINE_NAME_LENGTH;
}
