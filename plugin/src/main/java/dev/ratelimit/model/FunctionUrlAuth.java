package dev.ratelimit.model;

/** Who may call the orchestrator's Function URL. */
public enum FunctionUrlAuth {
  /** Callers sign with SigV4 and need lambda:InvokeFunctionUrl and lambda:InvokeFunction. */
  AWS_IAM,
  /** Anyone on the internet; must be asked for explicitly and is warned about. */
  NONE
}
