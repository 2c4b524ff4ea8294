package dev.ratelimit.simulate;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.StateMachineRunner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * The Step Functions API the orchestrator calls, answered by the local executor: {@code
 * StartSyncExecution} (EXPRESS) runs the execution and answers with its outcome; {@code
 * StartExecution} (STANDARD) runs it to its end before answering, and {@code DescribeExecution}
 * then reports it. Each execution is kept by name, so the simulation can record its history. Every
 * other operation is the SDK's default: unsupported.
 */
final class LocalSfnClient implements SfnClient {
  private final StateMachineRunner runner;
  private final String stateMachineArn;
  private final Map<String, ExecutionResult> executions = new ConcurrentHashMap<>();

  LocalSfnClient(StateMachineRunner runner, String stateMachineArn) {
    this.runner = runner;
    this.stateMachineArn = stateMachineArn;
  }

  /** The execution of that name, or null when none ran. */
  ExecutionResult execution(String name) {
    return executions.get(name);
  }

  @Override
  public StartSyncExecutionResponse startSyncExecution(StartSyncExecutionRequest request) {
    ExecutionResult r = run(request.stateMachineArn(), request.name(), request.input());
    return StartSyncExecutionResponse.builder()
        .executionArn(executionArn(request.name()))
        .stateMachineArn(stateMachineArn)
        .name(request.name())
        .startDate(r.started())
        .stopDate(r.stopped())
        .status(
            switch (r.status()) {
              case SUCCEEDED -> SyncExecutionStatus.SUCCEEDED;
              case FAILED -> SyncExecutionStatus.FAILED;
              case TIMED_OUT -> SyncExecutionStatus.TIMED_OUT;
            })
        .error(r.error())
        .cause(r.cause())
        .output(r.output())
        .input(request.input())
        .build();
  }

  @Override
  public StartExecutionResponse startExecution(StartExecutionRequest request) {
    ExecutionResult r = run(request.stateMachineArn(), request.name(), request.input());
    return StartExecutionResponse.builder()
        .executionArn(executionArn(request.name()))
        .startDate(r.started())
        .build();
  }

  @Override
  public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
    String arn = request.executionArn();
    String name = arn == null ? "" : arn.substring(arn.lastIndexOf(':') + 1);
    ExecutionResult r = executions.get(name);
    if (r == null || !executionArn(name).equals(arn)) {
      throw ExecutionDoesNotExistException.builder()
          .message("Execution Does Not Exist: '" + arn + "'")
          .build();
    }
    return DescribeExecutionResponse.builder()
        .executionArn(arn)
        .stateMachineArn(stateMachineArn)
        .name(name)
        .startDate(r.started())
        .stopDate(r.stopped())
        .status(
            switch (r.status()) {
              case SUCCEEDED -> ExecutionStatus.SUCCEEDED;
              case FAILED -> ExecutionStatus.FAILED;
              case TIMED_OUT -> ExecutionStatus.TIMED_OUT;
            })
        .error(r.error())
        .cause(r.cause())
        .output(r.output())
        .build();
  }

  private ExecutionResult run(String arn, String name, String input) {
    if (!stateMachineArn.equals(arn)) {
      throw new IllegalArgumentException(
          "no state machine " + arn + " (only " + stateMachineArn + ")");
    }
    ExecutionResult r = runner.run(input, name);
    executions.put(name, r);
    return r;
  }

  private String executionArn(String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
