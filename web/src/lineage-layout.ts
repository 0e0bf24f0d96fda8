/**
 * Where each item of a lineage graph goes (pure: no DOM, tested in test/web/records-pure.test.ts).
 *
 * The item sits on layer 0, its ancestors above (negative layers), its descendants below. A layer is
 * the **longest** path to the item, not the breadth-first depth the node reports: with merges an
 * ancestor can be reached at two depths (a lot split into bags, one bag blended at once, another after
 * a second blend), and only the longest path puts every parent strictly above every one of its
 * children, so that all links point down. Within a layer, items are ordered by the mean position of
 * their neighbours nearer the item (one barycentre sweep outward), ties kept in the node's breadth-first
 * order. A layer wider than `columnsMax` wraps onto several rows, so that a lot split into 32 bags stays
 * readable on a phone instead of shrinking to dots.
 */

export interface LineageNodeInput {
  id: string;
  kind: string;
  status: string;
  /** Ancestors: its own parents; descendants: its own children (the node's `links`). */
  links: readonly string[];
}

export interface LineageInput {
  item: { id: string; kind: string; status: string; parents: readonly string[]; children: readonly string[] };
  /** Breadth first, as GET /v1/items/:id/lineage?direction=ancestors answers. */
  ancestors: readonly LineageNodeInput[];
  descendants: readonly LineageNodeInput[];
}

export interface LayoutOptions {
  columnsMax: number;
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  margin: number;
}

export const LAYOUT_DEFAULTS: LayoutOptions = { columnsMax: 4, nodeWidth: 136, nodeHeight: 46, gapX: 12, gapY: 34, margin: 8 };

export interface PlacedNode {
  id: string;
  kind: string;
  status: string;
  /** 0 for the item, -n for an ancestor n steps up (longest path), +n for a descendant. */
  layer: number;
  /** Top-left corner. */
  x: number;
  y: number;
  current: boolean;
}

/** A link from a parent to a child, from the parent's bottom middle to the child's top middle. */
export interface PlacedEdge {
  parent: string;
  child: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  /** Layer → its items in display order. */
  layers: Map<number, string[]>;
}

/**
 * Longest-path ranks on one side. `next(id)` gives the links away from the item (parents for
 * ancestors); only items listed on that side count. Each node's rank is 1 + the largest rank among
 * the nodes that link to it (its children, for an ancestor).
 */
function rankSide(rootId: string, rootLinks: readonly string[], nodes: readonly LineageNodeInput[]): { rank: Map<string, number>; pairs: [string, string][] } {
  const known = new Set(nodes.map((n) => n.id));
  const linksOf = new Map<string, readonly string[]>(nodes.map((n) => [n.id, n.links]));
  linksOf.set(rootId, rootLinks);
  // towardRoot[x] = the nodes on this side (or the root) that link to x: x's neighbours nearer the item.
  const towardRoot = new Map<string, string[]>();
  const pairs: [string, string][] = [];
  for (const [from, links] of linksOf) {
    for (const to of links) {
      if (!known.has(to) || to === rootId) continue;
      const list = towardRoot.get(to) ?? [];
      if (!list.includes(from)) {
        list.push(from);
        pairs.push([from, to]);
      }
      towardRoot.set(to, list);
    }
  }
  const rank = new Map<string, number>([[rootId, 0]]);
  const visiting = new Set<string>();
  const rankOf = (id: string): number => {
    const found = rank.get(id);
    if (found !== undefined) return found;
    // A cycle cannot happen on a ledger (a child is made after its parents); guard anyway.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let best = 0;
    for (const near of towardRoot.get(id) ?? []) best = Math.max(best, rankOf(near) + 1);
    visiting.delete(id);
    rank.set(id, Math.max(best, 1));
    return rank.get(id) ?? 1;
  };
  for (const node of nodes) if (node.id !== rootId) rankOf(node.id);
  return { rank, pairs };
}

/** Layers with their items ordered by one barycentre sweep outward from the item. */
function orderLayers(layerOf: Map<string, number>, inputOrder: Map<string, number>, nearNeighbours: Map<string, string[]>): Map<number, string[]> {
  const layers = new Map<number, string[]>();
  for (const [id, layer] of layerOf) layers.set(layer, [...(layers.get(layer) ?? []), id]);
  const position = new Map<string, number>();
  const place = (ids: string[]): void => ids.forEach((id, i) => position.set(id, (i + 0.5) / ids.length));
  const byInput = (a: string, b: string): number => (inputOrder.get(a) ?? 0) - (inputOrder.get(b) ?? 0);
  place(layers.get(0) ?? []);
  for (const direction of [-1, 1]) {
    for (let layer = direction; layers.has(layer); layer += direction) {
      const ids = [...(layers.get(layer) ?? [])].sort(byInput);
      const centre = (id: string): number => {
        const near = (nearNeighbours.get(id) ?? []).map((n) => position.get(n)).filter((p): p is number => p !== undefined);
        return near.length === 0 ? 0.5 : near.reduce((sum, p) => sum + p, 0) / near.length;
      };
      const centres = new Map(ids.map((id) => [id, centre(id)]));
      ids.sort((a, b) => (centres.get(a) ?? 0) - (centres.get(b) ?? 0) || byInput(a, b));
      layers.set(layer, ids);
      place(ids);
    }
  }
  return layers;
}

export function layoutLineage(input: LineageInput, options: LayoutOptions = LAYOUT_DEFAULTS): LineageLayout {
  const { item } = input;
  const up = rankSide(item.id, item.parents, input.ancestors);
  const down = rankSide(item.id, item.children, input.descendants);
  const info = new Map<string, { kind: string; status: string }>([[item.id, { kind: item.kind, status: item.status }]]);
  const inputOrder = new Map<string, number>([[item.id, 0]]);
  const layerOf = new Map<string, number>([[item.id, 0]]);
  const nearNeighbours = new Map<string, string[]>();
  const edges = new Map<string, [string, string]>();
  const addSide = (side: { rank: Map<string, number>; pairs: [string, string][] }, nodes: readonly LineageNodeInput[], sign: number): void => {
    for (const node of nodes) {
      if (node.id === item.id || layerOf.has(node.id)) continue;
      info.set(node.id, { kind: node.kind, status: node.status });
      inputOrder.set(node.id, inputOrder.size);
      layerOf.set(node.id, sign * (side.rank.get(node.id) ?? 1));
    }
    for (const [near, far] of side.pairs) {
      nearNeighbours.set(far, [...(nearNeighbours.get(far) ?? []), near]);
      // Edges always run parent → child: on the ancestor side `far` is the parent.
      const [parent, child] = sign < 0 ? [far, near] : [near, far];
      edges.set(`${parent}>${child}`, [parent, child]);
    }
  };
  addSide(up, input.ancestors, -1);
  addSide(down, input.descendants, 1);
  const layers = orderLayers(layerOf, inputOrder, nearNeighbours);
  return place(layers, info, [...edges.values()], item.id, options);
}

function place(layers: Map<number, string[]>, info: Map<string, { kind: string; status: string }>, edges: [string, string][], current: string, o: LayoutOptions): LineageLayout {
  const columns = Math.max(1, Math.floor(o.columnsMax));
  const widest = Math.min(columns, Math.max(...[...layers.values()].map((ids) => ids.length)));
  const width = o.margin * 2 + widest * o.nodeWidth + (widest - 1) * o.gapX;
  const nodes: PlacedNode[] = [];
  const at = new Map<string, PlacedNode>();
  let y = o.margin;
  for (const layer of [...layers.keys()].sort((a, b) => a - b)) {
    const ids = layers.get(layer) ?? [];
    for (let start = 0; start < ids.length; start += columns) {
      const row = ids.slice(start, start + columns);
      const rowWidth = row.length * o.nodeWidth + (row.length - 1) * o.gapX;
      let x = (width - rowWidth) / 2;
      for (const id of row) {
        const node: PlacedNode = { id, kind: info.get(id)?.kind ?? '', status: info.get(id)?.status ?? '', layer, x, y, current: id === current };
        nodes.push(node);
        at.set(id, node);
        x += o.nodeWidth + o.gapX;
      }
      y += o.nodeHeight + o.gapY;
    }
  }
  const placedEdges: PlacedEdge[] = [];
  for (const [parent, child] of edges) {
    const from = at.get(parent);
    const to = at.get(child);
    if (from === undefined || to === undefined) continue;
    placedEdges.push({ parent, child, x1: from.x + o.nodeWidth / 2, y1: from.y + o.nodeHeight, x2: to.x + o.nodeWidth / 2, y2: to.y });
  }
  return { nodes, edges: placedEdges, width, height: y - o.gapY + o.margin, layers };
}

/** A smooth vertical S from a parent to a child. */
export function edgePath(edge: PlacedEdge): string {
  const middle = (edge.y1 + edge.y2) / 2;
  return `M${edge.x1},${edge.y1} C${edge.x1},${middle} ${edge.x2},${middle} ${edge.x2},${edge.y2}`;
}
