package dev.ratelimit.asl.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The data faults an execution meets, and the place each names: the parsed definition keeps the
 * place of every path, rule and template, so that these messages read as they did when the runner
 * walked the JSON.
 */
class InterpreterErrorsTest {
  private static final String SUCCEED = "\"S\":{\"Type\":\"Succeed\"}";

  @ParameterizedTest(name = "{3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"And\":[{\"Variable\":\"$.a\",\"NumericEquals\":1},"
            + "{\"Variable\":\"$.b\",\"StringEquals\":\"x\"}],\"Next\":\"S\"}]},"
            + SUCCEED
            + "}|{\"a\":1}|States.Runtime"
            + "|state C Choices[0] Variable: the JSONPath '$.b' could not be found in the input"
            + " '{\"a\":1}'",
        "{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\",\"BooleanEquals\":true,"
            + "\"Next\":\"S\"}]},"
            + SUCCEED
            + "}|{\"a\":false}|States.NoChoiceMatched"
            + "|state C: no choice rule matched and there is no Default",
        "{\"C\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
            + "\"Parameters\":{\"FunctionName\":\"f\"},\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],"
            + "\"ResultPath\":\"$.err\",\"Next\":\"S\"}],\"End\":true},"
            + SUCCEED
            + "}|[1]|States.Runtime"
            + "|state C Catch ResultPath: cannot apply ResultPath '$.err' to an input that is not"
            + " an object",
        "{\"C\":{\"Type\":\"Pass\",\"Result\":1,\"ResultPath\":\"$.a.b\",\"End\":true}}"
            + "|{\"a\":5}|States.Runtime"
            + "|state C ResultPath: cannot apply ResultPath '$.a.b': 'a' is not an object",
        "{\"C\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.s\",\"End\":true}}|{\"s\":1.5}|States.Runtime"
            + "|state C: SecondsPath '$.s' is not a whole number of seconds >= 0: 1.5",
        "{\"C\":{\"Type\":\"Fail\",\"Error\":\"E\",\"CausePath\":\"$.n\"}}|{\"n\":3}|States.Runtime"
            + "|state C: CausePath did not give a string: 3",
        "{\"C\":{\"Type\":\"Pass\",\"Parameters\":{\"x\":{\"y.$\":\"$.missing\"}},\"End\":true}}"
            + "|{}|States.Runtime"
            + "|state C Parameters.x.y.$: the JSONPath '$.missing' could not be found in the"
            + " input '{}'",
        "{\"C\":{\"Type\":\"Pass\",\"Parameters\":{\"r.$\":\"States.MathRandom($.n, 5)\"},"
            + "\"End\":true}}|{\"n\":5}|States.Runtime"
            + "|state C Parameters.r.$: States.MathRandom: start 5 must be below end 5"
      })
  void namesThePlace(String states, String input, String error, String cause) {
    String definition = "{\"StartAt\":\"C\",\"States\":" + states + "}";
    ScriptedLambdas lambdas =
        new ScriptedLambdas(List.of(new LambdaFailure("Custom.Error", "why")));
    ExecutionResult r =
        new StateMachineRunner(
                definition,
                lambdas,
                Sleeper.virtual(Instant.parse("2026-01-01T00:00:00Z")),
                new SplittableRandom(1))
            .run(input);
    assertThat(r.status()).as(r.describe()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.error()).isEqualTo(error);
    assertThat(r.cause()).isEqualTo(cause);
  }
}
