package dev.ratelimit.diagram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratelimit.asl.CanonicalJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The workflow as an SVG picture ({@code <workflowName>.svg}): the same states and transitions as
 * {@link MermaidDiagram}, laid out top-down in layers ({@link LayeredLayout}, the kind of layout
 * Mermaid draws flowcharts with) and written as plain SVG text. Text is measured as monospace (a
 * fixed advance per character), not with the machine's fonts, and the layout is plain arithmetic in
 * a fixed order, so the bytes depend only on the definition.
 */
public final class WorkflowSvg {
  private static final double FONT_SIZE = 12;
  private static final double CHAR_WIDTH = FONT_SIZE * 0.6;
  private static final double LINE_HEIGHT = 15;
  private static final int WRAP = 44;
  private static final double PAD_X = 14;
  private static final double PAD_Y = 9;
  private static final double MARGIN = 12;
  private static final String FONT =
      "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

  private record Node(String name, String type, List<String> lines) {}

  private record Edge(String from, String to, String label, boolean dashed) {}

  /** The SVG document for the definition text. */
  public String render(String definition) {
    JsonNode root;
    try {
      root = CanonicalJson.parse(definition);
    } catch (IOException e) {
      throw new IllegalArgumentException("the definition is not JSON: " + e.getMessage(), e);
    }
    Map<String, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    nodes.put("", new Node("", "Start", List.of()));
    edges.add(new Edge("", root.get("StartAt").asText(), null, false));
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("States").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode state = e.getValue();
      String type = state.path("Type").asText();
      nodes.put(name, new Node(name, type, lines(name, state, type)));
      switch (type) {
        case "Choice" -> {
          for (JsonNode rule : state.path("Choices")) {
            edges.add(
                new Edge(name, rule.get("Next").asText(), MermaidDiagram.condition(rule), false));
          }
          if (state.has("Default")) {
            edges.add(new Edge(name, state.get("Default").asText(), "otherwise", false));
          }
        }
        case "Succeed", "Fail" -> {}
        default -> {
          for (JsonNode c : state.path("Catch")) {
            List<String> errors = new ArrayList<>();
            c.path("ErrorEquals").forEach(n -> errors.add(n.asText()));
            edges.add(
                new Edge(name, c.get("Next").asText(), "catch " + String.join(", ", errors), true));
          }
          if (state.has("Next")) {
            edges.add(new Edge(name, state.get("Next").asText(), null, false));
          }
        }
      }
    }
    return draw(layout(nodes, edges), nodes, edges);
  }

  private static List<String> lines(String name, JsonNode state, String type) {
    List<String> lines = new ArrayList<>();
    lines.add(name);
    switch (type) {
      case "Task" -> {
        int retries =
            state.path("Retry").size() == 0
                ? 0
                : state.path("Retry").get(0).path("MaxAttempts").asInt(3);
        lines.add("lambda:invoke" + (retries > 0 ? ", " + retries + " service retries" : ""));
      }
      case "Wait" ->
          lines.add(
              "wait "
                  + (state.has("Seconds")
                      ? state.get("Seconds").asText()
                      : MermaidDiagram.field(state.path("SecondsPath").asText()))
                  + " s");
      case "Fail" ->
          lines.addAll(
              wrap(
                  state.has("Error")
                      ? state.get("Error").asText()
                      : state.path("ErrorPath").asText()));
      default -> {}
    }
    return lines;
  }

  private static LayeredLayout.Drawing layout(Map<String, Node> nodes, List<Edge> edges) {
    List<LayeredLayout.Size> sizes = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (Node n : nodes.values()) {
      index.put(n.name(), sizes.size());
      if (n.type().equals("Start")) {
        sizes.add(new LayeredLayout.Size(20, 20));
      } else {
        double width =
            textWidth(n.lines())
                + 2 * PAD_X
                + (n.type().equals("Choice") || n.type().equals("Fail") ? 2 * PAD_X : 0);
        sizes.add(
            new LayeredLayout.Size(
                Math.ceil(width), Math.ceil(n.lines().size() * LINE_HEIGHT + 2 * PAD_Y)));
      }
    }
    List<LayeredLayout.Edge> links = new ArrayList<>();
    for (Edge e : edges) {
      LayeredLayout.Size label = null;
      if (e.label() != null) {
        List<String> lines = wrap(e.label());
        label =
            new LayeredLayout.Size(
                Math.ceil(textWidth(lines) + 6), Math.ceil(lines.size() * LINE_HEIGHT + 2));
      }
      links.add(new LayeredLayout.Edge(index.get(e.from()), index.get(e.to()), label));
    }
    return LayeredLayout.layout(sizes, links, MARGIN);
  }

  private static String draw(
      LayeredLayout.Drawing drawing, Map<String, Node> nodes, List<Edge> edges) {
    StringBuilder svg = new StringBuilder();
    double width = Math.ceil(drawing.width());
    double height = Math.ceil(drawing.height());
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(num(width))
        .append("\" height=\"")
        .append(num(height))
        .append("\" viewBox=\"0 0 ")
        .append(num(width))
        .append(' ')
        .append(num(height))
        .append("\" font-family=\"")
        .append(FONT)
        .append("\" font-size=\"")
        .append(num(FONT_SIZE))
        .append("\">\n");
    svg.append(
        "  <defs>\n    <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\n"
            + "      <path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/>\n    </marker>\n  </defs>\n");
    svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    List<Node> nodeList = new ArrayList<>(nodes.values());
    svg.append("  <g class=\"edges\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.3\">\n");
    for (int i = 0; i < edges.size(); i++) {
      StringBuilder d = new StringBuilder();
      for (LayeredLayout.Point p : drawing.edges().get(i).points()) {
        d.append(d.length() == 0 ? "M " : " L ").append(num(p.x())).append(' ').append(num(p.y()));
      }
      svg.append("    <path d=\"")
          .append(d)
          .append('"')
          .append(edges.get(i).dashed() ? " stroke-dasharray=\"5 4\"" : "")
          .append(" marker-end=\"url(#arrow)\"/>\n");
    }
    svg.append("  </g>\n  <g class=\"edge-labels\" fill=\"#333\">\n");
    for (int i = 0; i < edges.size(); i++) {
      LayeredLayout.Box label = drawing.edges().get(i).label();
      if (label == null) {
        continue;
      }
      svg.append("    <rect x=\"")
          .append(num(label.x()))
          .append("\" y=\"")
          .append(num(label.y()))
          .append("\" width=\"")
          .append(num(label.width()))
          .append("\" height=\"")
          .append(num(label.height()))
          .append("\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>\n");
      text(svg, "    ", label.x() + 3, label.y() + 1, wrap(edges.get(i).label()), "start");
    }
    svg.append("  </g>\n  <g class=\"states\">\n");
    for (int i = 0; i < nodeList.size(); i++) {
      Node n = nodeList.get(i);
      LayeredLayout.Box box = drawing.nodes().get(i);
      svg.append("    <g class=\"state ").append(n.type().toLowerCase(Locale.ROOT)).append("\">\n");
      svg.append("      ")
          .append(shape(n.type(), box.x(), box.y(), box.width(), box.height()))
          .append('\n');
      if (!n.lines().isEmpty()) {
        text(
            svg,
            "      ",
            box.x() + box.width() / 2,
            box.y() + (box.height() - n.lines().size() * LINE_HEIGHT) / 2,
            n.lines(),
            "middle");
      }
      svg.append("    </g>\n");
    }
    svg.append("  </g>\n</svg>\n");
    return svg.toString();
  }

  private static String shape(String type, double x, double y, double w, double h) {
    String box =
        "x=\""
            + num(x)
            + "\" y=\""
            + num(y)
            + "\" width=\""
            + num(w)
            + "\" height=\""
            + num(h)
            + "\"";
    return switch (type) {
      case "Start" ->
          "<circle cx=\""
              + num(x + w / 2)
              + "\" cy=\""
              + num(y + h / 2)
              + "\" r=\""
              + num(w / 2)
              + "\" fill=\"#333\"/>";
      case "Task" ->
          "<rect "
              + box
              + " rx=\"3\" fill=\"#e8f0fe\" stroke=\"#3b6fd4\" stroke-width=\"1.5\"/>"
              + "<path d=\"M "
              + num(x + 6)
              + ' '
              + num(y)
              + " V "
              + num(y + h)
              + " M "
              + num(x + w - 6)
              + ' '
              + num(y)
              + " V "
              + num(y + h)
              + "\" stroke=\"#3b6fd4\"/>";
      case "Choice" ->
          "<polygon points=\""
              + points(
                  x + PAD_X,
                  y,
                  x + w - PAD_X,
                  y,
                  x + w,
                  y + h / 2,
                  x + w - PAD_X,
                  y + h,
                  x + PAD_X,
                  y + h,
                  x,
                  y + h / 2)
              + "\" fill=\"#fff4d6\" stroke=\"#c99a06\" stroke-width=\"1.5\"/>";
      case "Wait" ->
          "<rect "
              + box
              + " rx=\""
              + num(h / 2)
              + "\" fill=\"#f1f3f4\" stroke=\"#777\" stroke-width=\"1.5\"/>";
      case "Succeed" ->
          "<rect "
              + box
              + " rx=\""
              + num(h / 2)
              + "\" fill=\"#e6f4ea\" stroke=\"#1e8e3e\" stroke-width=\"1.5\"/>";
      case "Fail" ->
          "<polygon points=\""
              + points(x + PAD_X, y, x + w, y, x + w - PAD_X, y + h, x, y + h)
              + "\" fill=\"#fce8e6\" stroke=\"#d93025\" stroke-width=\"1.5\"/>";
      default -> "<rect " + box + " fill=\"#ffffff\" stroke=\"#777\" stroke-width=\"1.5\"/>";
    };
  }

  private static void text(
      StringBuilder svg, String indent, double x, double top, List<String> lines, String anchor) {
    svg.append(indent)
        .append("<text x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(top))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">");
    for (int i = 0; i < lines.size(); i++) {
      svg.append("<tspan x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(top + (i + 1) * LINE_HEIGHT - 4))
          .append("\">")
          .append(escape(lines.get(i)))
          .append("</tspan>");
    }
    svg.append("</text>\n");
  }

  /**
   * Long conditions broken at spaces into lines of at most {@value #WRAP} characters, where
   * possible.
   */
  static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > WRAP) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  private static double textWidth(List<String> lines) {
    return lines.stream().mapToInt(l -> l.codePointCount(0, l.length())).max().orElse(0)
        * CHAR_WIDTH;
  }

  private static String points(double... xy) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < xy.length; i += 2) {
      s.append(i == 0 ? "" : " ").append(num(xy[i])).append(',').append(num(xy[i + 1]));
    }
    return s.toString();
  }

  /** Coordinates with at most one decimal, no locale, no negative zero. */
  static String num(double v) {
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0
        ? Long.toString(tenths / 10)
        : (tenths < 0 ? "-" : "") + Math.abs(tenths / 10) + "." + Math.abs(tenths % 10);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
