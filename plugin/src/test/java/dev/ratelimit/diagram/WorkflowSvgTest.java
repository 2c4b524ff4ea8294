package dev.ratelimit.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.model.WorkflowSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The SVG's structure; the whole files are golden-tested with the other outputs (GoldenFilesTest).
 */
class WorkflowSvgTest {

  static String definition(int attempts) {
    WorkflowSpec spec =
        WorkflowSpec.builder()
            .workflowName("d")
            .targetUrl("https://x.example")
            .maxAttempts(attempts)
            .build();
    return CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
  }

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static double count(Document doc, String xpath) throws Exception {
    return (Double)
        XPathFactory.newInstance()
            .newXPath()
            .evaluate("count(" + xpath + ")", doc, XPathConstants.NUMBER);
  }

  @Test
  void everyStateIsAShapeAndEveryTransitionAPath() throws Exception {
    String definition = definition(2);
    String svg = new WorkflowSvg().render(definition);
    assertThat(svg)
        .startsWith("<svg ")
        .endsWith("</svg>\n")
        .doesNotContain("\r")
        .doesNotContain("NaN");
    Document doc = parse(svg);
    String mmd = new MermaidDiagram().render(definition);
    long states = mmd.lines().filter(l -> !l.contains("-->") && !l.contains(".->")).count() - 1;
    long transitions = mmd.lines().filter(l -> l.contains("-->") || l.contains(".->")).count();
    // one group per state plus the start dot; one path per transition (start edge included)
    assertThat(count(doc, "//g[@class='states']/g")).isEqualTo(states + 1);
    assertThat(count(doc, "//g[@class='edges']/path")).isEqualTo(transitions);
    // two Catch edges per Task: not invoked, crashed
    assertThat(count(doc, "//g[@class='edges']/path[@stroke-dasharray]")).isEqualTo(4);
    assertThat(count(doc, "//g[contains(@class,'task')]")).isEqualTo(2);
    assertThat(count(doc, "//g[contains(@class,'choice')]")).isEqualTo(3);
    assertThat(svg)
        .contains(">Attempt1</tspan>")
        .contains(">lambda:invoke, 2 service retries</tspan>")
        .contains(">statusCode 200–299 and error = &apos;&apos;</tspan>".replace("&apos;", "'"))
        .contains(">wait waitSeconds s</tspan>");
  }

  @Test
  void theSameDefinitionGivesTheSameBytes() {
    String definition = definition(3);
    assertThat(new WorkflowSvg().render(definition))
        .isEqualTo(new WorkflowSvg().render(definition));
  }

  @Test
  void shapesDoNotOverlap() throws Exception {
    Document doc = parse(new WorkflowSvg().render(definition(3)));
    var rects =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate("//g[@class='states']/g/rect", doc, XPathConstants.NODESET);
    for (int i = 0; i < rects.getLength(); i++) {
      for (int j = i + 1; j < rects.getLength(); j++) {
        assertThat(overlap(rects.item(i), rects.item(j))).as("boxes %d and %d", i, j).isFalse();
      }
    }
  }

  private static boolean overlap(Node a, Node b) {
    double[] r = box(a);
    double[] s = box(b);
    return r[0] < s[0] + s[2] && s[0] < r[0] + r[2] && r[1] < s[1] + s[3] && s[1] < r[1] + r[3];
  }

  private static double[] box(Node n) {
    var at = n.getAttributes();
    return new double[] {
      Double.parseDouble(at.getNamedItem("x").getNodeValue()),
      Double.parseDouble(at.getNamedItem("y").getNodeValue()),
      Double.parseDouble(at.getNamedItem("width").getNodeValue()),
      Double.parseDouble(at.getNamedItem("height").getNodeValue())
    };
  }

  @Test
  void labelsAreWrappedAtSpacesAndTextEscaped() {
    assertThat(WorkflowSvg.wrap("a b c")).containsExactly("a b c");
    assertThat(WorkflowSvg.wrap("x".repeat(30) + " " + "y".repeat(30))).hasSize(2);
    assertThat(WorkflowSvg.escape("a < b & \"c\"")).isEqualTo("a &lt; b &amp; &quot;c&quot;");
    assertThat(WorkflowSvg.num(-0.04)).isEqualTo("0");
    assertThat(WorkflowSvg.num(-1.25)).isEqualTo("-1.2");
    assertThat(WorkflowSvg.num(12.0)).isEqualTo("12");
  }

  @Test
  void notJsonIsRejected() {
    assertThatThrownBy(() -> new WorkflowSvg().render("nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
