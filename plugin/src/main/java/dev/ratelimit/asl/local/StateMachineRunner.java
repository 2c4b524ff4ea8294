package dev.ratelimit.asl.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.ratelimit.asl.ProxyPlaceholders;
import dev.ratelimit.runtime.contract.ProxyNaming;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Executes, locally, the Amazon States Language this project generates: it reads the {@code
 * .asl.json} text (not the model) once into typed states ({@link DefinitionParser}) and runs each
 * execution state by state ({@link Interpreter}), calling functions through a {@link
 * LambdaInvoker}, waiting on a {@link Sleeper} and drawing {@code States.MathRandom} and retry
 * jitter from a given {@link RandomGenerator}, so that a run with a seeded generator and {@link
 * VirtualTime} is repeatable.
 *
 * <p>Supported (everything else fails loudly with {@link UnsupportedDefinitionException} when the
 * definition is loaded): top-level {@code StartAt}, {@code States}, {@code TimeoutSeconds} (then
 * {@code States.Timeout}), {@code Comment}, {@code Version}; states
 *
 * <ul>
 *   <li>{@code Pass}: {@code Parameters} or {@code Result}, {@code ResultPath};
 *   <li>{@code Task} with {@code arn:aws:states:::lambda:invoke}: {@code Parameters} ({@code
 *       FunctionName}, {@code Payload}), {@code ResultSelector} (over the integration's result
 *       {@code {"ExecutedVersion", "Payload", "StatusCode"}}), {@code ResultPath}, {@code Retry}
 *       ({@code ErrorEquals}, {@code IntervalSeconds}, {@code MaxAttempts}, {@code BackoffRate},
 *       {@code MaxDelaySeconds}, {@code JitterStrategy} FULL or NONE) and {@code Catch} ({@code
 *       ErrorEquals}, {@code ResultPath}, {@code Next});
 *   <li>{@code Choice}: {@code And}, {@code Or}, {@code Not}, {@code Variable} with {@code
 *       StringEquals}, {@code NumericEquals}, {@code NumericGreaterThan(Equals)}, {@code
 *       NumericLessThan(Equals)}, {@code BooleanEquals}; {@code Default};
 *   <li>{@code Wait}: {@code Seconds}, {@code SecondsPath};
 *   <li>{@code Succeed}; {@code Fail}: {@code Error}/{@code ErrorPath}, {@code Cause}/{@code
 *       CausePath} (a path or an intrinsic function);
 *   <li>on every state where ASL allows them: {@code InputPath}, {@code OutputPath}, {@code
 *       Comment}, {@code Next}/{@code End}.
 * </ul>
 *
 * Payload templates take {@code .$} fields with {@code $}-paths (Jayway JsonPath) or the intrinsic
 * functions of {@link IntrinsicFunctions}. A path that selects nothing, a wrong type or a failing
 * intrinsic is a {@code States.Runtime} error, which (as in AWS) no Retry or Catch matches. As in
 * AWS, data over the 262,144-byte payload quota (UTF-8 JSON: a state's input, its input after
 * {@code Parameters}, a Lambda integration's result, a state's output) fails the execution with the
 * terminal {@code States.DataLimitExceeded}.
 *
 * <p>The runner keeps no state between runs; {@link #run} may be called again, also concurrently.
 * The invoker, sleeper and random generator are used as given (a shared one must be thread-safe).
 */
public final class StateMachineRunner {
  public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

  private static final AtomicLong EXECUTIONS = new AtomicLong();

  private final Definition definition;
  private final LambdaInvoker invoker;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  /**
   * @param definition an ASL definition with real function names or ARNs (no {@code ${...}}); see
   *     {@link #forGenerated} for the generator's placeholders
   * @throws UnsupportedDefinitionException when it is not JSON, is malformed or uses what this
   *     executor does not support
   */
  public StateMachineRunner(
      String definition, LambdaInvoker invoker, Sleeper sleeper, RandomGenerator random) {
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.definition = DefinitionParser.parse(definition);
  }

  /**
   * A runner for a generated {@code .asl.json}: each {@code ${ProxyN.Arn}} becomes the function
   * name {@code <workflowName>-proxy-N}, as the template names the proxies.
   */
  public static StateMachineRunner forGenerated(
      String asl,
      String workflowName,
      LambdaInvoker invoker,
      Sleeper sleeper,
      RandomGenerator random) {
    return new StateMachineRunner(
        substitutePlaceholders(asl, workflowName), invoker, sleeper, random);
  }

  /**
   * Replaces every proxy placeholder ({@code ${ProxyN.Arn}} or a published version's) with {@link
   * ProxyNaming#functionName}: locally each proxy has one build, so the version does not matter.
   */
  public static String substitutePlaceholders(String asl, String workflowName) {
    return ProxyPlaceholders.replace(asl, n -> ProxyNaming.functionName(workflowName, n));
  }

  /** The workflow's {@code TimeoutSeconds}, if any. */
  public Integer timeoutSeconds() {
    return definition.timeoutSeconds();
  }

  /**
   * Runs one execution to its end.
   *
   * @param input the execution input, JSON text
   * @throws IllegalArgumentException when the input is not JSON
   */
  public ExecutionResult run(String input) {
    return run(input, "local-" + EXECUTIONS.incrementAndGet());
  }

  /**
   * Runs one execution named {@code name} (its {@code $$.Execution.Name}) to its end.
   *
   * @throws IllegalArgumentException when the input is not JSON
   */
  public ExecutionResult run(String input, String name) {
    JsonNode data;
    try {
      data = JsonPaths.MAPPER.readTree(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the execution input is not JSON: " + e.getOriginalMessage(), e);
    }
    return new Interpreter(definition, invoker, sleeper, random, name)
        .run(data == null ? NullNode.getInstance() : data);
  }
}
