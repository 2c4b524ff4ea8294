package dev.ratelimit.runtime.contract;

/**
 * The Step Functions workflow type, i.e. how the caller gets the answer: the plugin's {@code
 * workflowType}, the state machine's {@code StateMachineType}, the orchestrator's {@code
 * RATELIMIT_WORKFLOW_TYPE}.
 */
public enum WorkflowType {
  /** The caller waits for the answer (synchronous); an execution may last at most 5 minutes. */
  EXPRESS,
  /** The caller gets 202 and polls; an execution may last up to a year. */
  STANDARD
}
