/**
 * An item's lineage as a graph: ancestors above, descendants below, one layer per step
 * (lineage-layout.ts). Plain SVG at its natural size inside a scrolling box: on a phone the layers
 * wrap to two columns and the text stays readable instead of being scaled down.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ItemLineageResponse, ItemResponse } from '../../../src/client/index.ts';
import { shortHash } from '../format.ts';
import { edgePath, LAYOUT_DEFAULTS, layoutLineage, type PlacedNode } from '../lineage-layout.ts';
import { client } from '../node.ts';
import { navigate } from '../router.ts';
import { useAsync } from '../use-async.ts';
import { ErrorBox, Loading } from './common.tsx';

const PHONE = '(max-width: 640px)';
const KIND_CHARACTERS_MAX = 18;

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(PHONE).matches);
  useEffect(() => {
    const query = window.matchMedia(PHONE);
    const update = (): void => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}

const none = (item: string, direction: ItemLineageResponse['direction']): ItemLineageResponse => ({ item, direction, items: [], truncated: false });

export function LineageGraph({ item }: { item: ItemResponse }) {
  const narrow = useNarrow();
  // An item with no parents (or no children) has nothing that way: no request for it.
  const lineage = useAsync(
    () =>
      Promise.all([
        item.parents.length > 0 ? client.getItemLineage(item.id, 'ancestors') : none(item.id, 'ancestors'),
        item.children.length > 0 ? client.getItemLineage(item.id, 'descendants') : none(item.id, 'descendants'),
      ]),
    [item.id, item.parents.length, item.children.length],
  );
  if (item.parents.length === 0 && item.children.length === 0) {
    return <p class="muted">No lineage: this item was not made from others and has not been split or merged.</p>;
  }
  if (lineage.error !== undefined) return <ErrorBox error={lineage.error} />;
  if (lineage.data === undefined) return <Loading what="Reading the lineage" />;
  const [ancestors, descendants] = lineage.data;
  const options = { ...LAYOUT_DEFAULTS, columnsMax: narrow ? 2 : 5 };
  const layout = layoutLineage({ item, ancestors: ancestors.items, descendants: descendants.items }, options);
  return (
    <figure class="lineage" data-testid="lineage">
      <div class="lineage-scroll">
        <svg
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="group"
          aria-label={`lineage: ${ancestors.items.length} ancestors, ${descendants.items.length} descendants`}
        >
          {layout.edges.map((edge) => (
            <path key={`${edge.parent}>${edge.child}`} class="lineage-edge" d={edgePath(edge)} />
          ))}
          {layout.nodes.map((node) => (
            <LineageNode node={node} key={node.id} width={options.nodeWidth} height={options.nodeHeight} />
          ))}
        </svg>
      </div>
      <figcaption>
        {ancestors.items.length > 0 && `${ancestors.items.length} ${ancestors.items.length === 1 ? 'ancestor' : 'ancestors'} above`}
        {ancestors.items.length > 0 && descendants.items.length > 0 && ' · '}
        {descendants.items.length > 0 && `${descendants.items.length} ${descendants.items.length === 1 ? 'descendant' : 'descendants'} below`}
        {' '}· each box opens its item
        {(ancestors.truncated || descendants.truncated) && ' · the node lists at most 1,000 items each way: the graph is cut there'}
      </figcaption>
    </figure>
  );
}

function LineageNode({ node, width, height }: { node: PlacedNode; width: number; height: number }) {
  const href = `/items/${node.id}`;
  const kind = node.kind.length > KIND_CHARACTERS_MAX ? `${node.kind.slice(0, KIND_CHARACTERS_MAX - 1)}…` : node.kind;
  // An SVG link is not an HTMLAnchorElement, which the router's link handler expects; navigate here.
  const open = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  const classes = ['lineage-node', node.current ? 'current' : '', node.status !== 'live' ? node.status : ''].filter((c) => c !== '').join(' ');
  return (
    <a href={href} class={classes} onClick={open} data-item={node.id} aria-current={node.current ? 'page' : undefined}>
      <title>{`${node.kind} ${node.id} (${node.status})`}</title>
      <rect x={node.x} y={node.y} width={width} height={height} rx="7" />
      <text x={node.x + 9} y={node.y + 19} class="lineage-kind">
        {kind}
        {node.status !== 'live' && <tspan class="lineage-status"> · {node.status}</tspan>}
      </text>
      <text x={node.x + 9} y={node.y + 36} class="lineage-id">
        {shortHash(node.id, 9, 4)}
      </text>
    </a>
  );
}
