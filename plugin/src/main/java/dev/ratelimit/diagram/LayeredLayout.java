package dev.ratelimit.diagram;

import dev.ratelimit.diagram.LayerVertex.Chain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A top-down layered drawing of a directed graph (the Sugiyama scheme, as Mermaid, dagre and ELK's
 * layered algorithm draw flowcharts): cycles broken by a depth-first search, nodes put on layers by
 * their longest path from the start, edges longer than one layer cut into chains of dummy vertices,
 * layers ordered by barycentre sweeps that keep the order with the fewest crossings, x coordinates
 * placed as close as the spacing allows to the mean of their neighbours (weighted isotonic
 * regression per layer, long edges weighted most so they run straight), and edges routed
 * orthogonally with their horizontal runs on tracks chosen to avoid crossings.
 *
 * <p>An edge's label sits on the first layer after its source, right of the edge's vertical run: a
 * labelled edge spans at least two layers, and its label is a vertex of that layer, so no other
 * vertex or edge can cover it. Everything is plain arithmetic in a fixed order: the same graph
 * gives the same coordinates, bit for bit. Written for the workflow's graphs (hundreds of states,
 * no font metrics), instead of loading a general layout library's thousand classes into every
 * {@code generate}.
 */
final class LayeredLayout {
  static final double NODE_SPACING = 24;
  static final double DUMMY_SPACING = 12;
  static final double LAYER_SPACING = 36;
  static final double TRACK_SPACING = 10;
  static final double LABEL_OFFSET = 4;
  private static final int SWEEPS = 8;

  record Size(double width, double height) {}

  /** {@code label} is the label's size, or null for an unlabelled edge. */
  record Edge(int from, int to, Size label) {}

  record Box(double x, double y, double width, double height) {}

  record Point(double x, double y) {}

  /** {@code points} run from the edge's source to its target; {@code label} is null if none. */
  record Route(List<Point> points, Box label) {}

  record Drawing(double width, double height, List<Box> nodes, List<Route> edges) {}

  private LayeredLayout() {}

  static Drawing layout(List<Size> sizes, List<Edge> edges, double margin) {
    int n = sizes.size();
    List<LayerVertex> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Size s = sizes.get(i);
      nodes.add(new LayerVertex(i, s.width(), s.height(), s.width() / 2));
    }
    boolean[] reversed = backEdges(n, edges);
    int[] rank = ranks(n, edges, reversed);
    int layerCount = Arrays.stream(rank).max().orElse(0) + 1;
    List<List<LayerVertex>> layers = new ArrayList<>();
    for (int l = 0; l < layerCount; l++) {
      layers.add(new ArrayList<>());
    }
    for (LayerVertex v : nodes) {
      v.layer = rank[v.node];
      layers.get(v.layer).add(v);
    }
    List<Chain> chains = new ArrayList<>();
    for (int e = 0; e < edges.size(); e++) {
      chains.add(chain(edges.get(e), reversed[e], nodes, layers));
    }
    order(layers);
    CoordinatePlacement.place(layers);
    return EdgeRouter.route(layers, nodes, chains, margin);
  }

  /** The edges a depth-first search from node 0 (then each unvisited node) meets as back edges. */
  private static boolean[] backEdges(int n, List<Edge> edges) {
    List<List<Integer>> out = outEdges(n, edges);
    boolean[] reversed = new boolean[edges.size()];
    int[] state = new int[n]; // 0 new, 1 on the stack, 2 done
    for (int root = 0; root < n; root++) {
      if (state[root] != 0) {
        continue;
      }
      Deque<int[]> stack = new ArrayDeque<>(); // {node, next out-edge index}
      stack.push(new int[] {root, 0});
      state[root] = 1;
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        List<Integer> outs = out.get(top[0]);
        if (top[1] == outs.size()) {
          state[top[0]] = 2;
          stack.pop();
          continue;
        }
        int e = outs.get(top[1]++);
        int to = edges.get(e).to();
        if (state[to] == 1) {
          reversed[e] = true;
        } else if (state[to] == 0) {
          state[to] = 1;
          stack.push(new int[] {to, 0});
        }
      }
    }
    return reversed;
  }

  private static List<List<Integer>> outEdges(int n, List<Edge> edges) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      if (edges.get(e).from() != edges.get(e).to()) {
        out.get(edges.get(e).from()).add(e);
      }
    }
    return out;
  }

  /** Longest path from the sources; a labelled edge spans two layers, its label on the first. */
  private static int[] ranks(int n, List<Edge> edges, boolean[] reversed) {
    int[] indegree = new int[n];
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      Edge edge = edges.get(e);
      if (edge.from() == edge.to()) {
        continue;
      }
      int from = reversed[e] ? edge.to() : edge.from();
      int to = reversed[e] ? edge.from() : edge.to();
      out.get(from).add(e);
      indegree[to]++;
    }
    int[] rank = new int[n];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (indegree[i] == 0) {
        ready.add(i);
      }
    }
    while (!ready.isEmpty()) {
      int u = ready.poll();
      for (int e : out.get(u)) {
        Edge edge = edges.get(e);
        int v = reversed[e] ? edge.from() : edge.to();
        rank[v] = Math.max(rank[v], rank[u] + (edge.label() == null ? 1 : 2));
        if (--indegree[v] == 0) {
          ready.add(v);
        }
      }
    }
    return rank;
  }

  private static Chain chain(
      Edge edge, boolean reversed, List<LayerVertex> nodes, List<List<LayerVertex>> layers) {
    LayerVertex from = nodes.get(reversed ? edge.to() : edge.from());
    LayerVertex to = nodes.get(reversed ? edge.from() : edge.to());
    List<LayerVertex> vertices = new ArrayList<>(List.of(from));
    LayerVertex label = null;
    if (from != to) {
      // the label's layer is the one after the edge's own source, whichever way it is drawn
      int labelLayer = reversed ? to.layer - 1 : from.layer + 1;
      for (int l = from.layer + 1; l < to.layer; l++) {
        boolean labelled = edge.label() != null && l == labelLayer;
        LayerVertex d =
            labelled
                ? new LayerVertex(-1, LABEL_OFFSET + edge.label().width(), edge.label().height(), 0)
                : new LayerVertex(-1, 0, 0, 0);
        if (labelled) {
          label = d;
        }
        d.layer = l;
        layers.get(l).add(d);
        vertices.add(d);
      }
      vertices.add(to);
      for (int i = 1; i < vertices.size(); i++) {
        vertices.get(i - 1).down.add(vertices.get(i));
        vertices.get(i).up.add(vertices.get(i - 1));
      }
    }
    return new Chain(vertices, reversed, label);
  }

  // ---- ordering: barycentre sweeps, keeping the order with the fewest crossings ----

  private static void order(List<List<LayerVertex>> layers) {
    number(layers);
    long best = crossings(layers);
    List<List<LayerVertex>> bestOrder = copy(layers);
    for (int sweep = 0; sweep < SWEEPS && best > 0; sweep++) {
      boolean down = sweep % 2 == 0;
      for (int i = 1; i < layers.size(); i++) {
        int l = down ? i : layers.size() - 1 - i;
        sortByBarycentre(layers.get(l), down);
      }
      long now = crossings(layers);
      if (now < best) {
        best = now;
        bestOrder = copy(layers);
      }
    }
    for (int l = 0; l < layers.size(); l++) {
      layers.set(l, bestOrder.get(l));
    }
    number(layers);
  }

  private static void sortByBarycentre(List<LayerVertex> layer, boolean byUpper) {
    double[] key = new double[layer.size()];
    for (LayerVertex v : layer) {
      List<LayerVertex> adjacent = byUpper ? v.up : v.down;
      double sum = 0;
      for (LayerVertex a : adjacent) {
        sum += a.order;
      }
      key[v.order] = adjacent.isEmpty() ? v.order : sum / adjacent.size();
    }
    List<LayerVertex> sorted = new ArrayList<>(layer);
    sorted.sort(Comparator.comparingDouble((LayerVertex v) -> key[v.order]));
    layer.clear();
    layer.addAll(sorted);
    for (int i = 0; i < layer.size(); i++) {
      layer.get(i).order = i;
    }
  }

  private static void number(List<List<LayerVertex>> layers) {
    for (List<LayerVertex> layer : layers) {
      for (int i = 0; i < layer.size(); i++) {
        layer.get(i).order = i;
      }
    }
  }

  private static List<List<LayerVertex>> copy(List<List<LayerVertex>> layers) {
    List<List<LayerVertex>> copy = new ArrayList<>();
    layers.forEach(l -> copy.add(new ArrayList<>(l)));
    return copy;
  }

  /** Crossings between adjacent layers: inversions of the lower ends, counted with a tree. */
  private static long crossings(List<List<LayerVertex>> layers) {
    long total = 0;
    for (int l = 0; l + 1 < layers.size(); l++) {
      List<int[]> pairs = new ArrayList<>();
      for (LayerVertex u : layers.get(l)) {
        for (LayerVertex v : u.down) {
          pairs.add(new int[] {u.order, v.order});
        }
      }
      pairs.sort(Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
      int size = layers.get(l + 1).size();
      int[] tree = new int[size + 1];
      int seen = 0;
      for (int[] p : pairs) {
        int atMost = 0;
        for (int i = p[1] + 1; i > 0; i -= i & -i) {
          atMost += tree[i];
        }
        total += seen - atMost;
        for (int i = p[1] + 1; i <= size; i += i & -i) {
          tree[i]++;
        }
        seen++;
      }
    }
    return total;
  }
}
