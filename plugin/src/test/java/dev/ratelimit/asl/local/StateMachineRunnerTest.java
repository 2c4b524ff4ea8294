package dev.ratelimit.asl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.simulate.WorkflowScenariosTest;
import dev.ratelimit.testsupport.ProxyResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The executor on the golden ASL files, on hand-written definitions, and its loud refusals. */
class StateMachineRunnerTest {

  static String golden(String path) {
    try (InputStream in = StateMachineRunnerTest.class.getResourceAsStream("/golden/" + path)) {
      if (in == null) {
        throw new AssertionError("no golden file " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ExecutionResult run(String definition, ScriptedLambdas lambdas, String input) {
    return new StateMachineRunner(
            definition, lambdas, Sleeper.virtual(WorkflowScenariosTest.T0), new SplittableRandom(1))
        .run(input);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "defaults/vendor-gateway.asl.json, vendor-gateway, 3, 3",
    "rotating/rotating.asl.json, rotating, 2, 5",
    "standard/orders-api.asl.json, orders-api, 4, 12"
  })
  @DisplayName("golden ASL: 503 on every attempt but the last, then 200 -> SUCCEEDED, rotating")
  void goldenSucceedsOnTheLastAttempt(String file, String workflow, int proxies, int attempts) {
    ScriptedLambdas lambdas = new ScriptedLambdas(List.of());
    for (int i = 1; i < attempts; i++) {
      lambdas.add(ProxyResult.status(503).waitSeconds(2).json());
    }
    lambdas.add(ProxyResult.status(200).json());
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(
            golden(file),
            workflow,
            lambdas,
            Sleeper.virtual(WorkflowScenariosTest.T0),
            new SplittableRandom(3));
    ExecutionResult r = runner.run(WorkflowScenariosTest.input("GET"));
    assertThat(r.status()).as(r.describe()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.lambdaCalls()).isEqualTo(attempts);
    assertThat(r.duration()).isEqualTo(Duration.ofSeconds(2L * (attempts - 1)));
    for (int i = 0; i < attempts; i++) {
      int expected =
          (Integer.parseInt(r.invokedFunctions().get(0).substring(workflow.length() + 7)) - 1 + i)
                  % proxies
              + 1;
      assertThat(r.invokedFunctions().get(i)).isEqualTo(workflow + "-proxy-" + expected);
    }
  }

  @Test
  @DisplayName("golden ASL: a 429 on the last of 12 attempts -> FAILED Upstream.429")
  void goldenExhausted() {
    ScriptedLambdas lambdas = new ScriptedLambdas(List.of());
    for (int i = 0; i < 12; i++) {
      lambdas.add(ProxyResult.status(429).json());
    }
    ExecutionResult r =
        StateMachineRunner.forGenerated(
                golden("standard/orders-api.asl.json"),
                "orders-api",
                lambdas,
                Sleeper.virtual(WorkflowScenariosTest.T0),
                new SplittableRandom(3))
            .run(WorkflowScenariosTest.input("POST"));
    assertThat(r.status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.error()).isEqualTo("Upstream.429");
    assertThat(r.lambdaCalls()).isEqualTo(12);
  }

  @Test
  @DisplayName(
      "context object: $$.Execution.StartTime and friends in Parameters, as AWS writes them")
  void contextObject() {
    String def =
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Seconds\":3,\"Next\":\"B\"},"
            + "\"B\":{\"Type\":\"Pass\",\"Parameters\":{\"start.$\":\"$$.Execution.StartTime\","
            + "\"name.$\":\"$$.Execution.Name\",\"input.$\":\"$$.Execution.Input.n\",\"state.$\":\"$$.State.Name\","
            + "\"entered.$\":\"$$.State.EnteredTime\"},\"End\":true}}}";
    ExecutionResult r =
        new StateMachineRunner(
                def,
                new ScriptedLambdas(List.of()),
                Sleeper.virtual(WorkflowScenariosTest.T0),
                new SplittableRandom(1))
            .run("{\"n\":7}", "run-1");
    assertThat(r.status()).as(r.describe()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    String start =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC)
            .format(WorkflowScenariosTest.T0);
    String entered =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC)
            .format(WorkflowScenariosTest.T0.plusSeconds(3));
    assertThat(WorkflowScenariosTest.parse(r.output()))
        .isEqualTo(
            WorkflowScenariosTest.parse(
                "{\"start\":\""
                    + start
                    + "\",\"name\":\"run-1\",\"input\":7,\"state\":\"B\",\"entered\":\""
                    + entered
                    + "\"}"));
  }

  @Test
  @DisplayName("Pass with Result, ResultPath, InputPath and OutputPath; End")
  void passFields() {
    String def =
        "{\"StartAt\":\"A\",\"States\":{"
            + "\"A\":{\"Type\":\"Pass\",\"Result\":{\"x\":1},\"ResultPath\":\"$.deep.r\",\"Next\":\"B\"},"
            + "\"B\":{\"Type\":\"Pass\",\"InputPath\":\"$.deep\",\"OutputPath\":\"$.r\",\"End\":true}}}";
    ExecutionResult r = run(def, new ScriptedLambdas(List.of()), "{\"keep\":true}");
    assertThat(r.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(r.output()).isEqualTo("{\"x\":1}");
  }

  @Test
  @DisplayName("intrinsics: Format with escapes and numbers, Array, nested ArrayGetItem/MathAdd")
  void intrinsics() {
    String def =
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{"
            + "\"f.$\":\"States.Format('a\\\\{\\\\} {} \\\\'q\\\\' {}', $.n, $.s)\","
            + "\"arr.$\":\"States.Array(1, 'two', $.n, States.MathAdd($.n, -1), true, null)\","
            + "\"item.$\":\"States.ArrayGetItem($.list, States.MathAdd($.n, 1))\","
            + "\"r.$\":\"States.MathRandom(5, 6)\"},\"End\":true}}}";
    ExecutionResult r =
        run(
            def,
            new ScriptedLambdas(List.of()),
            "{\"n\":1,\"s\":\"x\",\"list\":[\"p\",\"q\",\"r\"]}");
    assertThat(r.status()).as(r.describe()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
    assertThat(WorkflowScenariosTest.parse(r.output()))
        .isEqualTo(
            WorkflowScenariosTest.parse(
                "{\"f\":\"a{} 1 'q' x\",\"arr\":[1,\"two\",1,0,true,null],\"item\":\"r\",\"r\":5}"));
  }

  @Test
  @DisplayName("Fail with ErrorPath/CausePath; Wait with Seconds; Choice with Not and Default")
  void failWaitChoice() {
    String def =
        "{\"StartAt\":\"W\",\"States\":{"
            + "\"W\":{\"Type\":\"Wait\",\"Seconds\":5,\"Next\":\"C\"},"
            + "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Not\":{\"Variable\":\"$.code\","
            + "\"NumericLessThanEquals\":10},\"Next\":\"F\"}],\"Default\":\"S\"},"
            + "\"S\":{\"Type\":\"Succeed\"},"
            + "\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"States.Format('E.{}', $.code)\","
            + "\"CausePath\":\"$.why\"}}}";
    ExecutionResult r =
        run(def, new ScriptedLambdas(List.of()), "{\"code\":11,\"why\":\"because\"}");
    assertThat(r.status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.error()).isEqualTo("E.11");
    assertThat(r.cause()).isEqualTo("because");
    assertThat(r.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(run(def, new ScriptedLambdas(List.of()), "{\"code\":10}").status())
        .isEqualTo(ExecutionResult.Status.SUCCEEDED);
  }

  @Test
  @DisplayName("an uncaught Lambda failure fails the execution with its error and cause")
  void uncaught() {
    String def =
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
            + StateMachineRunner.LAMBDA_INVOKE
            + "\",\"Parameters\":{\"FunctionName\":\"f\"},"
            + "\"End\":true}}}";
    ScriptedLambdas lambdas =
        new ScriptedLambdas(List.of(new LambdaFailure("Custom.Error", "why")));
    ExecutionResult r = run(def, lambdas, "{}");
    assertThat(r.status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(r.error()).isEqualTo("Custom.Error");
    assertThat(r.cause()).isEqualTo("why");
    assertThat(lambdas.invocations()).containsExactly(new ScriptedLambdas.Invocation("f", "{}"));
  }

  static final String PASS = "{\"Type\":\"Pass\",\"End\":true}";

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Map\",\"End\":true}}}"
            + "| state type 'Map' is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Foo\":1,\"End\":true}}}"
            + "| field 'Foo' is not supported",
        "{\"StartAt\":\"A\",\"QueryLanguage\":\"JSONata\",\"States\":{\"A\":"
            + PASS
            + "}}"
            + "| field 'QueryLanguage' is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\","
            + "\"StringMatches\":\"x*\",\"Next\":\"B\"}]},\"B\":"
            + PASS
            + "}}"
            + "| 'StringMatches' is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"u.$\":"
            + "\"States.UUID()\"},\"End\":true}}}| the intrinsic function 'States.UUID' is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"u.$\":"
            + "\"States.MathRandom(0, 3, 42)\"},\"End\":true}}}| States.MathRandom takes 2 argument(s)",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
            + "\"$$.Execution.Id\",\"StringEquals\":\"x\",\"Next\":\"B\"}]},\"B\":{\"Type\":\"Succeed\"}}}"
            + "| context object",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":"
            + "\"arn:aws:states:::sqs:sendMessage\",\"End\":true}}}| Resource 'arn:aws:states:::sqs:sendMessage'",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":"
            + "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\","
            + "\"InvocationType\":\"Event\"},\"End\":true}}}| parameter 'InvocationType'",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Timestamp\":\"2026-01-01T00:00:00Z\","
            + "\"End\":true}}}| field 'Timestamp' is not supported",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}"
            + "| no state named 'Nowhere'",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"ResultPath\":\"$.a[0]\","
            + "\"End\":true}}}| not supported as a reference path",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":"
            + "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\"},"
            + "\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"JitterStrategy\":\"HALF\"}],"
            + "\"End\":true}}}| JitterStrategy 'HALF'"
      })
  @DisplayName("unsupported constructs fail loudly when the definition is loaded")
  void loudFailures(String definition, String message) {
    assertThatThrownBy(
            () ->
                new StateMachineRunner(
                    definition,
                    new ScriptedLambdas(List.of()),
                    Sleeper.virtual(WorkflowScenariosTest.T0),
                    new SplittableRandom(1)))
        .isInstanceOf(UnsupportedDefinitionException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  @DisplayName("a leftover placeholder fails loudly")
  void placeholderLeft() {
    String def =
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":"
            + "\"${Other.Arn}\",\"End\":true}}}";
    assertThatThrownBy(
            () ->
                StateMachineRunner.forGenerated(
                    def,
                    "w",
                    new ScriptedLambdas(List.of()),
                    Sleeper.virtual(WorkflowScenariosTest.T0),
                    new SplittableRandom(1)))
        .isInstanceOf(UnsupportedDefinitionException.class)
        .hasMessageContaining("placeholder");
  }
}
