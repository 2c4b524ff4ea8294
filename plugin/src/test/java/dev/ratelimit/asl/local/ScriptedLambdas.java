package dev.ratelimit.asl.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Answers each invocation, of any function, with the next scripted outcome: a result JSON or a
 * {@link LambdaFailure}. The same first-in-first-out queue as moto's {@code lambda-simple} backend,
 * so a scenario can be fed to both. Running out of outcomes is a test fault and throws {@link
 * IllegalStateException}.
 */
public final class ScriptedLambdas implements LambdaInvoker {
  private final Deque<Object> outcomes = new ArrayDeque<>();
  private final List<Invocation> invocations = new ArrayList<>();

  /** One call as the executor made it. */
  public record Invocation(String functionName, String payload) {}

  public ScriptedLambdas(Collection<?> outcomes) {
    outcomes.forEach(this::add);
  }

  /** Results given as JSON text, answered in order. */
  public static ScriptedLambdas results(String... jsonResults) {
    return new ScriptedLambdas(List.of(jsonResults));
  }

  /** Queues a result (JSON text) or a failure. */
  public synchronized ScriptedLambdas add(Object outcome) {
    if (!(outcome instanceof String) && !(outcome instanceof LambdaFailure)) {
      throw new IllegalArgumentException(
          "an outcome is a JSON String or a LambdaFailure, not " + outcome);
    }
    outcomes.add(outcome);
    return this;
  }

  @Override
  public synchronized String invoke(String functionName, String payloadJson) throws LambdaFailure {
    invocations.add(new Invocation(functionName, payloadJson));
    Object next = outcomes.poll();
    if (next == null) {
      throw new IllegalStateException(
          "no scripted outcome left for call " + invocations.size() + " (" + functionName + ")");
    }
    if (next instanceof LambdaFailure failure) {
      throw failure;
    }
    return (String) next;
  }

  public synchronized List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  /** Outcomes not consumed. */
  public synchronized int remaining() {
    return outcomes.size();
  }
}
