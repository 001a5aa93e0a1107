import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexes, keys } from '../../shared/store/keys.js';

/**
 * The access-pattern table in docs/architecture.md against shared/store/keys.ts, both ways.
 *
 * A key's shape is the key with every value replaced by `<>`: `NODE#<id>` and `NODE#${id}` are both
 * `NODE#<>`. keys.ts's side: every function of `keys` and every `pk`/`…sk` function of `indexes`,
 * called with a placeholder for each argument (`['<>']`: it prints as `<>` and maps as a one-place
 * path; a padded version prints as `000000<>`, read as `<>`). The table's side: every code span
 * `ATTR = shape` in its key-condition column, where ATTR is PK, SK, GSInPK or GSInSK. The two sets
 * of `ATTR = shape` must be equal: a key the code writes that the table does not document fails, and
 * so does a key the table documents that the code cannot write. The table's conditions
 * (`begins_with(ATTR, prefix)`, `ATTR < value`, `ATTR BETWEEN from AND to`) must each start some
 * shape the code writes for ATTR, and every ATTR must belong to the row's index.
 */
const ARCHITECTURE = new URL('../../docs/architecture.md', import.meta.url);
const HEADING = '# DynamoDB: one table, every access pattern a key condition';
const PLACEHOLDER = ['<>'];

const shapeOf = (key: unknown) =>
  String(key)
    .replace(/<[^>]*>/g, '<>')
    .replace(/0+<>/g, '<>');
const callWithPlaceholders = (fn: (...args: unknown[]) => unknown) =>
  fn(...Array.from({ length: fn.length }, () => PLACEHOLDER));

function codeShapes(): Set<string> {
  const shapes = new Set<string>();
  for (const make of Object.values(keys)) {
    const key = callWithPlaceholders(make as (...args: unknown[]) => unknown);
    const attributes = typeof key === 'string' ? { PK: key } : (key as Record<string, unknown>);
    for (const [attribute, value] of Object.entries(attributes))
      shapes.add(`${attribute} = ${shapeOf(value)}`);
  }
  for (const index of Object.values(indexes)) {
    for (const [name, make] of Object.entries(index)) {
      if (typeof make !== 'function') continue;
      const attribute = name === 'pk' ? 'PK' : /sk$/i.test(name) ? 'SK' : undefined;
      if (!attribute) continue;
      const value = callWithPlaceholders(make as (...args: unknown[]) => unknown);
      shapes.add(`${index.name}${attribute} = ${shapeOf(value)}`);
    }
  }
  return shapes;
}

interface DocumentedRow {
  pattern: string;
  index: string;
  spans: string[];
}

function documentedRows(): DocumentedRow[] {
  const markdown = readFileSync(ARCHITECTURE, 'utf8');
  const section = markdown.slice(markdown.indexOf(HEADING) + HEADING.length);
  const table = section.trimStart().split('\n');
  const rows = table.slice(
    2,
    table.findIndex((line) => !line.startsWith('|')),
  );
  return rows.map((line) => {
    const [pattern = '', index = '', condition = ''] = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
    return { pattern, index, spans: [...condition.matchAll(/`([^`]+)`/g)].map((match) => match[1]!) };
  });
}

const ATTRIBUTE = '(PK|SK|GSI\\dPK|GSI\\dSK)';
const EQUALS = new RegExp(`^${ATTRIBUTE} = (.+)$`);
const CONDITIONS = [
  new RegExp(`^begins_with\\(${ATTRIBUTE}, (.+)\\)$`),
  new RegExp(`^${ATTRIBUTE} < (.+)$`),
  new RegExp(`^${ATTRIBUTE} BETWEEN (.+) AND .+$`),
];

/** The attribute a span names and the value it gives it (a whole key, or where a condition starts). */
function attributeAndValue(span: string): [string, string] | undefined {
  for (const pattern of [EQUALS, ...CONDITIONS]) {
    const match = pattern.exec(span);
    if (match) return [match[1]!, match[2]!];
  }
  return undefined;
}

const belongsTo = (attribute: string, index: string) =>
  index === 'table' ? /^(PK|SK)$/.test(attribute) : attribute.startsWith(index);

describe('the DynamoDB access-pattern table in docs/architecture.md', () => {
  const rows = documentedRows();
  const code = codeShapes();
  const documented = new Set(
    rows.flatMap((row) =>
      row.spans.flatMap((span) => {
        const match = EQUALS.exec(span);
        return match ? [`${match[1]} = ${shapeOf(match[2]!)}`] : [];
      }),
    ),
  );

  it('is found, and keys.ts read', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(code.size).toBeGreaterThan(30);
  });

  it('documents every key shape keys.ts writes', () => {
    expect([...code].filter((shape) => !documented.has(shape)).sort()).toEqual([]);
  });

  it('documents no key shape keys.ts does not write', () => {
    expect([...documented].filter((shape) => !code.has(shape)).sort()).toEqual([]);
  });

  it("names, in every row, only the row's index's attributes, and conditions keys.ts's shapes can meet", () => {
    const wrong = rows.flatMap((row) =>
      row.spans.flatMap((span) => {
        const named = attributeAndValue(span);
        if (!named) return [];
        const [attribute, value] = named;
        if (!belongsTo(attribute, row.index)) return [`${row.pattern}: ${span} is not on ${row.index}`];
        const prefix = shapeOf(value);
        const met = [...code].some((shape) => shape.startsWith(`${attribute} = ${prefix}`));
        return met ? [] : [`${row.pattern}: ${span} starts no key keys.ts writes`];
      }),
    );
    expect(wrong).toEqual([]);
  });
});
