package dev.ratelimit.model;

/** Step Functions workflow type. */
public enum WorkflowType {
  /** The caller waits for the answer (synchronous); an execution may last at most 5 minutes. */
  EXPRESS,
  /** The caller gets 202 and polls; an execution may last up to a year. */
  STANDARD
}
