package dev.ratelimit.diagram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * x coordinates by Brandes and Köpf's method ("Fast and Simple Horizontal Coordinate Assignment",
 * 2001), the one ELK's layered algorithm uses by default: four alignments (top-down or bottom-up,
 * leftmost or rightmost median first) join each vertex with a median neighbour into vertical
 * blocks, dummies of one edge first so that long edges run straight; each alignment's blocks are
 * packed to one side; the result is, per vertex, the mean of the two median candidates. Packing is
 * a longest path over the blocks' left-of relation (the paper's class-and-shift refinement, which
 * only packs tighter, is left out).
 */
final class CoordinatePlacement {
  private final List<List<LayerVertex>> layers;
  private final LayerVertex[] all;
  private final Set<Long> marked = new HashSet<>();

  private CoordinatePlacement(List<List<LayerVertex>> layers) {
    this.layers = layers;
    List<LayerVertex> vs = new ArrayList<>();
    layers.forEach(vs::addAll);
    all = vs.toArray(new LayerVertex[0]);
    for (int i = 0; i < all.length; i++) {
      all[i].id = i;
    }
  }

  /** Sets every vertex's x; layers are in their final order, {@code order} numbered. */
  static void place(List<List<LayerVertex>> layers) {
    new CoordinatePlacement(layers).place();
  }

  static double separation(LayerVertex left, LayerVertex right) {
    double gap =
        left.dummy() || right.dummy() ? LayeredLayout.DUMMY_SPACING : LayeredLayout.NODE_SPACING;
    return left.width - left.anchor + gap + right.anchor;
  }

  private void place() {
    markTypeOneConflicts();
    double[][] xs = new double[4][];
    int narrowest = 0;
    double[] min = new double[4];
    double[] max = new double[4];
    for (int k = 0; k < 4; k++) {
      xs[k] = alignAndCompact(k < 2, k % 2 == 0);
      min[k] = Double.MAX_VALUE;
      max[k] = -Double.MAX_VALUE;
      for (LayerVertex v : all) {
        min[k] = Math.min(min[k], xs[k][v.id] - v.anchor);
        max[k] = Math.max(max[k], xs[k][v.id] - v.anchor + v.width);
      }
      if (max[k] - min[k] < max[narrowest] - min[narrowest]) {
        narrowest = k;
      }
    }
    for (int k = 0; k < 4; k++) {
      // leftmost alignments share the narrowest one's left side, rightmost ones its right side
      double shift = k % 2 == 0 ? min[narrowest] - min[k] : max[narrowest] - max[k];
      for (int i = 0; i < all.length; i++) {
        xs[k][i] += shift;
      }
    }
    double[] candidate = new double[4];
    for (LayerVertex v : all) {
      for (int k = 0; k < 4; k++) {
        candidate[k] = xs[k][v.id];
      }
      Arrays.sort(candidate);
      v.x = (candidate[1] + candidate[2]) / 2;
    }
    if (!spaced()) { // the balanced mean can break spacing; the narrowest alignment never does
      for (LayerVertex v : all) {
        v.x = xs[narrowest][v.id];
      }
    }
  }

  private boolean spaced() {
    for (List<LayerVertex> layer : layers) {
      for (int i = 1; i < layer.size(); i++) {
        LayerVertex a = layer.get(i - 1);
        LayerVertex b = layer.get(i);
        if (b.x - a.x < separation(a, b) - 1e-6) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Type 1 conflicts: an edge between two layers that crosses an inner segment (dummy to dummy)
   * there is never aligned, so that long edges keep their straight run.
   */
  private void markTypeOneConflicts() {
    for (int i = 1; i + 1 < layers.size(); i++) {
      List<LayerVertex> upper = layers.get(i);
      List<LayerVertex> lower = layers.get(i + 1);
      int k0 = 0;
      int l = 0;
      for (int l1 = 0; l1 < lower.size(); l1++) {
        LayerVertex inner = innerUpper(lower.get(l1));
        if (l1 == lower.size() - 1 || inner != null) {
          int k1 = inner == null ? upper.size() - 1 : inner.order;
          for (; l <= l1; l++) {
            LayerVertex v = lower.get(l);
            for (LayerVertex u : v.up) {
              if (u.order < k0 || u.order > k1) {
                marked.add(key(u, v));
              }
            }
          }
          k0 = k1;
        }
      }
    }
  }

  private static LayerVertex innerUpper(LayerVertex v) {
    if (v.dummy()) {
      for (LayerVertex u : v.up) {
        if (u.dummy()) {
          return u;
        }
      }
    }
    return null;
  }

  private long key(LayerVertex upper, LayerVertex lower) {
    return (long) upper.id * all.length + lower.id;
  }

  /**
   * One of the four: vertical alignment with the medians of the layer before (top-down: the upper
   * neighbours), then each block as far to the start side as its left-of (or right-of) relation
   * allows.
   */
  private double[] alignAndCompact(boolean topDown, boolean leftmost) {
    int[] root = new int[all.length];
    int[] align = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      root[i] = i;
      align[i] = i;
    }
    int h = layers.size();
    for (int step = 1; step < h; step++) {
      List<LayerVertex> layer = layers.get(topDown ? step : h - 1 - step);
      int r = leftmost ? -1 : Integer.MAX_VALUE;
      for (int j = 0; j < layer.size(); j++) {
        LayerVertex v = layer.get(leftmost ? j : layer.size() - 1 - j);
        List<LayerVertex> adjacent = new ArrayList<>(topDown ? v.up : v.down);
        if (adjacent.isEmpty()) {
          continue;
        }
        adjacent.sort((a, b) -> leftmost ? a.order - b.order : b.order - a.order);
        int d = adjacent.size();
        for (int m = (d - 1) / 2; m <= d / 2; m++) {
          LayerVertex u = adjacent.get(m);
          boolean conflict = topDown ? marked.contains(key(u, v)) : marked.contains(key(v, u));
          if (align[v.id] == v.id && !conflict && (leftmost ? r < u.order : r > u.order)) {
            align[u.id] = v.id;
            root[v.id] = root[u.id];
            align[v.id] = root[v.id];
            r = u.order;
          }
        }
      }
    }
    return compact(root, align, leftmost);
  }

  /** Longest path over blocks: each block as near the start side as its neighbours allow. */
  private double[] compact(int[] root, int[] align, boolean leftmost) {
    // block edges: the root of a vertex's neighbour towards the start side -> the vertex's root
    List<List<int[]>> next = new ArrayList<>();
    int[] indegree = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      next.add(new ArrayList<>());
    }
    for (List<LayerVertex> layer : layers) {
      for (int i = 1; i < layer.size(); i++) {
        LayerVertex left = layer.get(i - 1);
        LayerVertex right = layer.get(i);
        LayerVertex before = leftmost ? left : right;
        LayerVertex after = leftmost ? right : left;
        next.get(root[before.id]).add(new int[] {root[after.id], left.id, right.id});
        indegree[root[after.id]]++;
      }
    }
    double[] x = new double[all.length];
    int[] queue = new int[all.length];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < all.length; i++) {
      if (root[i] == i && indegree[i] == 0) {
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int b = queue[head++];
      for (int[] e : next.get(b)) {
        double gap = separation(all[e[1]], all[e[2]]);
        x[e[0]] = Math.max(x[e[0]], x[b] + gap);
        if (--indegree[e[0]] == 0) {
          queue[tail++] = e[0];
        }
      }
    }
    if (tail != Arrays.stream(root).filter(r -> r >= 0).map(r -> r).distinct().count()) {
      throw new IllegalStateException("the alignment's blocks are not ordered");
    }
    double[] result = new double[all.length];
    for (int i = 0; i < all.length; i++) {
      result[i] = leftmost ? x[root[i]] : -x[root[i]];
    }
    return result;
  }
}
