package dev.ratelimit.diagram;

import dev.ratelimit.diagram.LayerVertex.Chain;
import dev.ratelimit.diagram.LayeredLayout.Box;
import dev.ratelimit.diagram.LayeredLayout.Drawing;
import dev.ratelimit.diagram.LayeredLayout.Point;
import dev.ratelimit.diagram.LayeredLayout.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The y coordinates and the edges of a placed layered graph: layers stacked with a gap between each
 * two, edges orthogonal (down from the source's own port, across on a track of the gap, down into
 * the target's own port), labels right of their edge on their own layer.
 */
final class EdgeRouter {
  private static final double EPS = 1e-6;

  private EdgeRouter() {}

  static Drawing route(
      List<List<LayerVertex>> layers, List<LayerVertex> nodes, List<Chain> chains, double margin) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    for (List<LayerVertex> layer : layers) {
      for (LayerVertex v : layer) {
        minX = Math.min(minX, v.x - v.anchor);
        maxX = Math.max(maxX, v.x - v.anchor + v.width);
      }
    }
    double shift = margin - (nodes.isEmpty() ? 0 : minX);
    for (List<LayerVertex> layer : layers) {
      layer.forEach(v -> v.x += shift);
    }
    // ports: each edge leaves (enters) a node at its own x, in the order of where it goes (comes
    // from), spread over the middle of the node's bottom (top) side
    double[][] exitX = ports(chains, true);
    double[][] entryX = ports(chains, false);
    int gaps = Math.max(0, layers.size() - 1);
    List<List<double[]>> runs = new ArrayList<>(); // per gap: {x1, x2, chain, step}
    for (int g = 0; g < gaps; g++) {
      runs.add(new ArrayList<>());
    }
    for (int c = 0; c < chains.size(); c++) {
      List<LayerVertex> vs = chains.get(c).vertices();
      for (int s = 0; s + 1 < vs.size(); s++) {
        double x1 = s == 0 ? exitX[c][0] : vs.get(s).x;
        double x2 = s + 2 == vs.size() ? entryX[c][0] : vs.get(s + 1).x;
        if (Math.abs(x1 - x2) > EPS) {
          runs.get(vs.get(s).layer).add(new double[] {x1, x2, c, s});
        }
      }
    }
    double[] layerTop = new double[layers.size()];
    double[] layerHeight = new double[layers.size()];
    double[][] trackY = new double[gaps][];
    double y = margin;
    for (int l = 0; l < layers.size(); l++) {
      layerTop[l] = y;
      layerHeight[l] = layers.get(l).stream().mapToDouble(v -> v.height).max().orElse(0);
      y += layerHeight[l];
      if (l < gaps) {
        int[] track = tracks(runs.get(l));
        int count = Arrays.stream(track).max().orElse(-1) + 1;
        double height =
            Math.max(LayeredLayout.LAYER_SPACING, (count + 1) * LayeredLayout.TRACK_SPACING);
        double first = y + (height - (count - 1) * LayeredLayout.TRACK_SPACING) / 2;
        trackY[l] = new double[track.length];
        for (int t = 0; t < track.length; t++) {
          trackY[l][t] = first + track[t] * LayeredLayout.TRACK_SPACING;
        }
        y += height;
      }
    }
    double height = y + margin;
    List<Box> boxes = new ArrayList<>();
    for (LayerVertex v : nodes) {
      boxes.add(new Box(v.x - v.anchor, top(v, layerTop, layerHeight), v.width, v.height));
    }
    int[] loopCount = new int[nodes.size()];
    chains.stream()
        .filter(c -> c.vertices().size() == 1)
        .forEach(c -> loopCount[c.vertices().get(0).node]++);
    int[] loops = new int[nodes.size()];
    List<List<Point>> points = new ArrayList<>();
    for (int c = 0; c < chains.size(); c++) {
      List<LayerVertex> vs = chains.get(c).vertices();
      List<Point> p = new ArrayList<>();
      if (vs.size() == 1) {
        int node = vs.get(0).node;
        points.add(selfLoop(boxes.get(node), loops[node]++, loopCount[node]));
        continue;
      }
      LayerVertex first = vs.get(0);
      p.add(new Point(exitX[c][0], top(first, layerTop, layerHeight) + first.height));
      points.add(p);
    }
    for (int g = 0; g < gaps; g++) {
      List<double[]> gapRuns = runs.get(g);
      for (int r = 0; r < gapRuns.size(); r++) {
        double[] run = gapRuns.get(r);
        List<Point> p = points.get((int) run[2]);
        p.add(new Point(run[0], trackY[g][r]));
        p.add(new Point(run[1], trackY[g][r]));
      }
    }
    List<Route> routes = new ArrayList<>();
    double width = maxX - minX + 2 * margin;
    for (int c = 0; c < chains.size(); c++) {
      Chain chain = chains.get(c);
      List<LayerVertex> vs = chain.vertices();
      List<Point> p = points.get(c);
      if (vs.size() > 1) {
        LayerVertex last = vs.get(vs.size() - 1);
        p.add(new Point(entryX[c][0], top(last, layerTop, layerHeight)));
        if (chain.reversed()) {
          Collections.reverse(p);
        }
      } else {
        width = Math.max(width, p.get(1).x() + margin);
      }
      Box label = null;
      if (chain.label() != null) {
        LayerVertex d = chain.label();
        label =
            new Box(
                d.x + LayeredLayout.LABEL_OFFSET,
                layerTop[d.layer] + (layerHeight[d.layer] - d.height) / 2,
                d.width - LayeredLayout.LABEL_OFFSET,
                d.height);
      }
      routes.add(new Route(List.copyOf(p), label));
    }
    return new Drawing(width, height, boxes, routes);
  }

  private static double top(LayerVertex v, double[] layerTop, double[] layerHeight) {
    return layerTop[v.layer] + (layerHeight[v.layer] - v.height) / 2;
  }

  /** Per chain, the x where it leaves its first vertex (exits) or enters its last (entries). */
  private static double[][] ports(List<Chain> chains, boolean exits) {
    double[][] x = new double[chains.size()][1];
    List<List<Integer>> byLayerVertex = new ArrayList<>();
    List<LayerVertex> owners = new ArrayList<>();
    for (int c = 0; c < chains.size(); c++) {
      List<LayerVertex> vs = chains.get(c).vertices();
      LayerVertex owner = exits ? vs.get(0) : vs.get(vs.size() - 1);
      int at = owners.indexOf(owner);
      if (at < 0) {
        owners.add(owner);
        byLayerVertex.add(new ArrayList<>());
        at = owners.size() - 1;
      }
      byLayerVertex.get(at).add(c);
    }
    for (int o = 0; o < owners.size(); o++) {
      LayerVertex owner = owners.get(o);
      List<Integer> cs = byLayerVertex.get(o);
      cs.sort(
          Comparator.comparingDouble(
              c -> {
                List<LayerVertex> vs = chains.get(c).vertices();
                if (vs.size() == 1) {
                  return owner.x;
                }
                return exits ? vs.get(1).x : vs.get(vs.size() - 2).x;
              }));
      double span = owner.width * 0.6;
      for (int i = 0; i < cs.size(); i++) {
        x[cs.get(i)][0] =
            cs.size() == 1 ? owner.x : owner.x - span / 2 + span * i / (cs.size() - 1);
      }
    }
    return x;
  }

  /**
   * A track per horizontal run of one gap: two runs whose x ranges overlap go on different tracks,
   * the one above chosen so that fewer vertical runs cross it; tracks are then the longest path in
   * that "above" relation.
   */
  private static int[] tracks(List<double[]> runs) {
    int n = runs.size();
    List<List<Integer>> above = new ArrayList<>();
    List<List<Integer>> below = new ArrayList<>();
    List<List<Integer>> overlapping = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      above.add(new ArrayList<>());
      below.add(new ArrayList<>());
      overlapping.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double[] a = runs.get(i);
        double[] b = runs.get(j);
        if (Math.max(lo(a), lo(b)) > Math.min(hi(a), hi(b)) + LayeredLayout.TRACK_SPACING) {
          continue;
        }
        overlapping.get(i).add(j);
        overlapping.get(j).add(i);
        int aAbove = within(b[0], a) + within(a[1], b);
        int bAbove = within(a[0], b) + within(b[1], a);
        int upper = aAbove <= bAbove ? i : j;
        int lower = upper == i ? j : i;
        above.get(lower).add(upper);
        below.get(upper).add(lower);
      }
    }
    // Runs in order of fewest unplaced runs wanted above them (the relation may have cycles), each
    // on the first track below those placed above it that no overlapping run holds.
    int[] track = new int[n];
    boolean[] done = new boolean[n];
    int[] waiting = new int[n];
    for (int i = 0; i < n; i++) {
      waiting[i] = above.get(i).size();
    }
    for (int k = 0; k < n; k++) {
      int next = -1;
      for (int i = 0; i < n; i++) {
        if (!done[i] && (next < 0 || waiting[i] < waiting[next])) {
          next = i;
        }
      }
      for (int j : below.get(next)) {
        waiting[j]--;
      }
      int t = 0;
      for (int u : above.get(next)) {
        if (done[u]) {
          t = Math.max(t, track[u] + 1);
        }
      }
      while (taken(t, overlapping.get(next), done, track)) {
        t++;
      }
      track[next] = t;
      done[next] = true;
    }
    return track;
  }

  private static boolean taken(int t, List<Integer> others, boolean[] done, int[] track) {
    for (int o : others) {
      if (done[o] && track[o] == t) {
        return true;
      }
    }
    return false;
  }

  private static double lo(double[] run) {
    return Math.min(run[0], run[1]);
  }

  private static double hi(double[] run) {
    return Math.max(run[0], run[1]);
  }

  private static int within(double x, double[] run) {
    return x > lo(run) - EPS && x < hi(run) + EPS ? 1 : 0;
  }

  /** Loop k of a node's m self-loops: nested on its right side, inside the spacing. */
  private static List<Point> selfLoop(Box b, int k, int m) {
    double right = b.x() + b.width();
    double out = right + 3 + 6.0 * (m - k) / m;
    double y1 = b.y() + b.height() * (k + 1) / (2 * m + 1);
    double y2 = b.y() + b.height() - b.height() * (k + 1) / (2 * m + 1);
    return List.of(
        new Point(right, y1), new Point(out, y1), new Point(out, y2), new Point(right, y2));
  }
}
