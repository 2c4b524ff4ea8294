package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratelimit.asl.local.JsonPaths.Filter;
import dev.ratelimit.asl.local.JsonPaths.Path;
import dev.ratelimit.asl.local.JsonPaths.Reference;
import dev.ratelimit.asl.local.Template.Expression;
import java.util.List;

/**
 * A state of the definition, parsed and checked by {@link DefinitionParser}. For the states that
 * may end the execution, a null {@code next} is {@code "End": true}.
 */
sealed interface State {

  String name();

  /** The state's {@code Type}, as history events name it. */
  String type();

  /**
   * @param parameters null when absent
   * @param result the {@code Result} constant; null when absent
   */
  record Pass(
      String name,
      Filter inputPath,
      Template parameters,
      JsonNode result,
      Reference resultPath,
      Filter outputPath,
      String next)
      implements State {
    @Override
    public String type() {
      return "Pass";
    }
  }

  /**
   * A {@code lambda:invoke} Task.
   *
   * @param parameters an object template with {@code FunctionName} and an optional {@code Payload}
   * @param resultSelector null when absent
   */
  record Task(
      String name,
      Filter inputPath,
      Template parameters,
      Template resultSelector,
      Reference resultPath,
      Filter outputPath,
      List<Retrier> retry,
      List<Catcher> catchers,
      String next)
      implements State {
    public Task {
      retry = List.copyOf(retry);
      catchers = List.copyOf(catchers);
    }

    @Override
    public String type() {
      return "Task";
    }
  }

  /**
   * @param defaultNext the {@code Default} state; null when absent
   */
  record Choice(
      String name, Filter inputPath, Filter outputPath, List<Branch> choices, String defaultNext)
      implements State {
    /** A top-level rule and the state it leads to. */
    record Branch(Rule rule, String next) {}

    public Choice {
      choices = List.copyOf(choices);
    }

    @Override
    public String type() {
      return "Choice";
    }
  }

  /**
   * @param seconds {@code Seconds}; null when the state has {@code secondsPath} instead
   */
  record Wait(
      String name, Filter inputPath, Filter outputPath, Long seconds, Path secondsPath, String next)
      implements State {
    @Override
    public String type() {
      return "Wait";
    }
  }

  record Succeed(String name, Filter inputPath, Filter outputPath) implements State {
    @Override
    public String type() {
      return "Succeed";
    }
  }

  record Fail(String name, FailText error, FailText cause) implements State {
    @Override
    public String type() {
      return "Fail";
    }
  }

  /**
   * A Fail state's {@code Error} or {@code Cause}: a constant, or what {@code ErrorPath}/{@code
   * CausePath} computes from the state's input; both null when the state has neither.
   *
   * @param pathField {@code ErrorPath} or {@code CausePath}, for messages
   */
  record FailText(String constant, Expression path, String pathField) {}
}
