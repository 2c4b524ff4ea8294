package dev.ratelimit.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.diagram.LayeredLayout.Box;
import dev.ratelimit.diagram.LayeredLayout.Drawing;
import dev.ratelimit.diagram.LayeredLayout.Edge;
import dev.ratelimit.diagram.LayeredLayout.Point;
import dev.ratelimit.diagram.LayeredLayout.Route;
import dev.ratelimit.diagram.LayeredLayout.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What makes a layered drawing readable, checked on many graphs: boxes apart, labels uncovered,
 * edges orthogonal, attached to their own nodes, never through another box, never sharing a
 * horizontal run with another edge.
 */
class LayeredLayoutTest {
  private static final double MARGIN = 12;
  private static final double E = 0.01;

  record Graph(String name, List<Size> nodes, List<Edge> edges) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Graph> graphs() {
    List<Graph> graphs = new ArrayList<>();
    for (int seed = 0; seed < 60; seed++) {
      graphs.add(random(seed));
    }
    return graphs.stream();
  }

  /** Connected from node 0, forward edges with labels, some back edges, self-loops, duplicates. */
  static Graph random(int seed) {
    Random r = new Random(seed);
    int n = 2 + r.nextInt(25);
    List<Size> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(new Size(20 + r.nextInt(300), 20 + 15 * r.nextInt(4)));
    }
    List<Edge> edges = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      edges.add(new Edge(r.nextInt(i), i, label(r)));
    }
    int extra = r.nextInt(2 * n);
    for (int k = 0; k < extra; k++) {
      int a = r.nextInt(n);
      int b = r.nextInt(n);
      edges.add(new Edge(a, b, label(r))); // any direction: cycles, self-loops, duplicates
    }
    return new Graph(
        "random " + seed + " (" + n + " nodes, " + edges.size() + " edges)", nodes, edges);
  }

  private static Size label(Random r) {
    return r.nextInt(3) == 0 ? null : new Size(30 + r.nextInt(300), 17 + 15 * r.nextInt(5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void boxesAndLabelsDoNotOverlap(Graph g) {
    Drawing d = LayeredLayout.layout(g.nodes(), g.edges(), MARGIN);
    List<Box> boxes = new ArrayList<>(d.nodes());
    d.edges().stream().map(Route::label).filter(l -> l != null).forEach(boxes::add);
    for (int i = 0; i < boxes.size(); i++) {
      Box a = boxes.get(i);
      assertThat(a.x()).isGreaterThanOrEqualTo(MARGIN - E);
      assertThat(a.y()).isGreaterThanOrEqualTo(MARGIN - E);
      assertThat(a.x() + a.width()).isLessThanOrEqualTo(d.width() - MARGIN + E);
      assertThat(a.y() + a.height()).isLessThanOrEqualTo(d.height() - MARGIN + E);
      for (int j = i + 1; j < boxes.size(); j++) {
        assertThat(overlap(a, boxes.get(j))).as("%s and %s", a, boxes.get(j)).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void edgesAreOrthogonalAndJoinTheirOwnNodes(Graph g) {
    Drawing d = LayeredLayout.layout(g.nodes(), g.edges(), MARGIN);
    assertThat(d.edges()).hasSize(g.edges().size());
    for (int e = 0; e < g.edges().size(); e++) {
      List<Point> p = d.edges().get(e).points();
      assertThat(p.size()).isGreaterThanOrEqualTo(2);
      for (int i = 1; i < p.size(); i++) {
        Point a = p.get(i - 1);
        Point b = p.get(i);
        assertThat(Math.abs(a.x() - b.x()) < E || Math.abs(a.y() - b.y()) < E)
            .as("edge %d segment %s -> %s", e, a, b)
            .isTrue();
      }
      assertThat(onBorder(p.get(0), d.nodes().get(g.edges().get(e).from())))
          .as("edge %d starts on its source", e)
          .isTrue();
      assertThat(onBorder(p.get(p.size() - 1), d.nodes().get(g.edges().get(e).to())))
          .as("edge %d ends on its target", e)
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void edgesPassNoOtherBoxAndShareNoHorizontalRun(Graph g) {
    Drawing d = LayeredLayout.layout(g.nodes(), g.edges(), MARGIN);
    List<double[]> horizontal = new ArrayList<>(); // y, x1, x2, edge
    for (int e = 0; e < g.edges().size(); e++) {
      Edge edge = g.edges().get(e);
      List<Point> p = d.edges().get(e).points();
      for (int i = 1; i < p.size(); i++) {
        Point a = p.get(i - 1);
        Point b = p.get(i);
        for (int k = 0; k < d.nodes().size(); k++) {
          if (k != edge.from() && k != edge.to()) {
            assertThat(crosses(a, b, d.nodes().get(k)))
                .as("edge %d (%s -> %s) through node %d", e, a, b, k)
                .isFalse();
          }
        }
        for (Route other : d.edges()) {
          if (other.label() != null) {
            assertThat(crosses(a, b, other.label())).as("edge %d through a label", e).isFalse();
          }
        }
        if (Math.abs(a.y() - b.y()) < E && Math.abs(a.x() - b.x()) > E) {
          horizontal.add(new double[] {a.y(), Math.min(a.x(), b.x()), Math.max(a.x(), b.x()), e});
        }
      }
    }
    for (int i = 0; i < horizontal.size(); i++) {
      for (int j = i + 1; j < horizontal.size(); j++) {
        double[] a = horizontal.get(i);
        double[] b = horizontal.get(j);
        if (a[3] != b[3] && Math.abs(a[0] - b[0]) < E) {
          assertThat(Math.max(a[1], b[1]) >= Math.min(a[2], b[2]))
              .as("edges %d and %d share a horizontal run at y %s", (int) a[3], (int) b[3], a[0])
              .isTrue();
        }
      }
    }
  }

  @Test
  void theSameGraphGivesTheSameDrawing() {
    Graph g = random(7);
    assertThat(LayeredLayout.layout(g.nodes(), g.edges(), MARGIN))
        .isEqualTo(LayeredLayout.layout(g.nodes(), g.edges(), MARGIN));
  }

  @Test
  void aChainIsOneStraightColumnAndEdgesRunDownward() {
    List<Size> nodes = IntStream.range(0, 4).mapToObj(i -> new Size(40 + 10 * i, 30)).toList();
    List<Edge> edges =
        List.of(new Edge(0, 1, null), new Edge(1, 2, new Size(50, 17)), new Edge(2, 3, null));
    Drawing d = LayeredLayout.layout(nodes, edges, MARGIN);
    double centre = d.nodes().get(0).x() + d.nodes().get(0).width() / 2;
    for (Box b : d.nodes()) {
      assertThat(b.x() + b.width() / 2).isCloseTo(centre, org.assertj.core.data.Offset.offset(E));
    }
    for (Route r : d.edges()) {
      assertThat(r.points()).hasSize(2);
      assertThat(r.points().get(1).y()).isGreaterThan(r.points().get(0).y());
    }
    // the label sits on its own layer, right of its edge
    Box label = d.edges().get(1).label();
    assertThat(label.x()).isGreaterThan(centre);
    assertThat(label.y()).isGreaterThan(d.nodes().get(1).y() + d.nodes().get(1).height());
    assertThat(label.y() + label.height()).isLessThan(d.nodes().get(2).y());
  }

  @Test
  void aBackEdgeIsDrawnUpwardAndArrivesAtItsTarget() {
    List<Size> nodes = List.of(new Size(40, 30), new Size(40, 30), new Size(40, 30));
    List<Edge> edges =
        List.of(new Edge(0, 1, null), new Edge(1, 2, null), new Edge(2, 1, new Size(40, 17)));
    Drawing d = LayeredLayout.layout(nodes, edges, MARGIN);
    List<Point> back = d.edges().get(2).points();
    assertThat(back.get(0).y()).isGreaterThan(back.get(back.size() - 1).y());
  }

  private static boolean overlap(Box a, Box b) {
    return a.x() < b.x() + b.width() - E
        && b.x() < a.x() + a.width() - E
        && a.y() < b.y() + b.height() - E
        && b.y() < a.y() + a.height() - E;
  }

  private static boolean onBorder(Point p, Box b) {
    boolean inX = p.x() > b.x() - E && p.x() < b.x() + b.width() + E;
    boolean inY = p.y() > b.y() - E && p.y() < b.y() + b.height() + E;
    boolean onX = Math.abs(p.x() - b.x()) < E || Math.abs(p.x() - b.x() - b.width()) < E;
    boolean onY = Math.abs(p.y() - b.y()) < E || Math.abs(p.y() - b.y() - b.height()) < E;
    return (inX && onY) || (inY && onX);
  }

  /** Whether the axis-parallel segment enters the box's interior. */
  private static boolean crosses(Point a, Point b, Box box) {
    double x1 = Math.min(a.x(), b.x());
    double x2 = Math.max(a.x(), b.x());
    double y1 = Math.min(a.y(), b.y());
    double y2 = Math.max(a.y(), b.y());
    return x1 < box.x() + box.width() - E
        && x2 > box.x() + E
        && y1 < box.y() + box.height() - E
        && y2 > box.y() + E;
  }
}
