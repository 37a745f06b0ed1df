// The objects written, as a folder tree with counts and sizes. Chains of
// single folders are collapsed (events/year=2026/month=03/day=01/) and the
// tree is cut after `maxLines` lines.
import { bytes } from './formatUnits.ts';

interface TreeNode {
  children: Map<string, TreeNode>;
  objects: number;
  bytes: number;
}

/**
 * @param objects
 * @param rootLabel e.g. './out'
 * @example
 *   formatOutputTree([{ key: 'late/2026/03/01/09/x', bytes: 10 }], 'out');
 *   // out/
 *   // └── late/2026/03/01/09/  1 object, 10 B
 */
export function formatOutputTree(
  objects: readonly { key: string; bytes: number }[],
  rootLabel: string,
  maxLines = 24,
): string {
  const root = newNode();
  for (const object of objects) {
    const parts = object.key.split('/');
    parts.pop();
    let node = root;
    for (const part of parts) {
      let child = node.children.get(part);
      if (child === undefined) {
        child = newNode();
        node.children.set(part, child);
      }
      node = child;
    }
    node.objects++;
    node.bytes += object.bytes;
  }
  const lines = [`${rootLabel.replace(/\/$/, '')}/`];
  let hidden = 0;
  const walk = (node: TreeNode, indent: string): void => {
    const entries = [...node.children.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    entries.forEach(([name, child], index) => {
      let label = `${name}/`;
      let target = child;
      for (;;) {
        const only =
          target.objects === 0 && target.children.size === 1
            ? [...target.children][0]
            : undefined;
        if (only === undefined) break;
        label += `${only[0]}/`;
        target = only[1];
      }
      if (lines.length >= maxLines) {
        hidden++;
        return;
      }
      const last = index === entries.length - 1;
      const files =
        target.objects > 0
          ? `  ${target.objects} object${target.objects === 1 ? '' : 's'}, ${bytes(target.bytes)}`
          : '';
      lines.push(`${indent}${last ? '└── ' : '├── '}${label}${files}`);
      walk(target, `${indent}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  if (hidden > 0) lines.push(`… and ${hidden} more folders`);
  return lines.join('\n');
}

function newNode(): TreeNode {
  return { children: new Map(), objects: 0, bytes: 0 };
}
