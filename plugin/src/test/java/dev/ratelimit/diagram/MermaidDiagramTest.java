package dev.ratelimit.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.model.WorkflowSpec;
import org.junit.jupiter.api.Test;

/**
 * The diagram's pieces; the whole files are golden-tested with the other outputs (GoldenFilesTest).
 */
class MermaidDiagramTest {
  static final ObjectMapper JSON = new ObjectMapper();

  String diagram(WorkflowSpec spec) {
    return new MermaidDiagram()
        .render(CanonicalJson.pretty(new StateMachineGenerator().generate(spec)));
  }

  @Test
  void everyStateIsANodeAndEveryTransitionAnEdge() {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("d")
            .targetUrl("https://x.example")
            .maxAttempts(2)
            .build();
    String mmd = diagram(spec);
    assertThat(mmd).startsWith("flowchart TD\n").endsWith("\n").doesNotContain("\r");
    assertThat(mmd)
        .contains("Attempt1[[\"Attempt1<br/>lambda:invoke, 2 service retries\"]]")
        .contains("Check1{\"Check1\"}")
        .contains("Wait1([\"Wait1<br/>wait waitSeconds s\"])")
        .contains(
            "UpstreamError[/\"UpstreamError<br/>States.Format('Upstream.{}', $.last.statusCode)\"/]")
        .contains("Attempt1 -. \"catch States.ALL\" .-> Attempt1Crashed")
        .contains("Check1 -- \"statusCode 200–299 and error = ''\" --> Succeeded")
        .contains("Check1 -- \"otherwise\" --> ClassifyFailure")
        .contains("Wait1 --> Attempt2")
        .doesNotContain("Wait2");
    assertThat(mmd).contains("not (method = 'POST' or method = 'PATCH')");
  }

  @Test
  void conditionsReadAsText() throws Exception {
    assertThat(
            MermaidDiagram.condition(
                JSON.readTree(
                    "{\"Or\":[{\"Variable\":\"$.last.statusCode\",\"NumericEquals\":429},{\"And\":["
                        + "{\"Variable\":\"$.last.statusCode\",\"NumericEquals\":0},"
                        + "{\"Variable\":\"$.last.error\",\"StringEquals\":\"ConnectFailed\"}]}]}")))
        .isEqualTo("statusCode = 429 or (statusCode = 0 and error = 'ConnectFailed')");
  }

  @Test
  void quotesInLabelsAreEntities() {
    assertThat(MermaidDiagram.label("a \"b\"")).isEqualTo("a #quot;b#quot;");
    assertThat(MermaidDiagram.id("Attempt-1 x")).isEqualTo("Attempt_1_x");
  }
}
