package dev.ratelimit.diagram;

import java.util.ArrayList;
import java.util.List;

/** One vertex of a layered graph: a node, or a dummy on an edge's way through a layer. */
final class LayerVertex {
  final int node; // -1 for a dummy
  final double width;
  final double height;
  final double anchor; // x of the edge line (dummies) or the centre (nodes), from the left side
  final List<LayerVertex> up = new ArrayList<>();
  final List<LayerVertex> down = new ArrayList<>();
  int layer;
  int order;
  int id; // index among all vertices, for the placement's arrays
  double x; // of the anchor

  LayerVertex(int node, double width, double height, double anchor) {
    this.node = node;
    this.width = width;
    this.height = height;
    this.anchor = anchor;
  }

  boolean dummy() {
    return node < 0;
  }

  /** An edge's vertices in layer order, whether it runs against its direction, its label vertex. */
  record Chain(List<LayerVertex> vertices, boolean reversed, LayerVertex label) {}
}
