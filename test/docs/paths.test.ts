import { existsSync, globSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every repository path README.md and docs/*.md name exists: a code span that starts with one of
 * the repository's folders (`shared/store/keys.ts`, `functions/api/*`, `config/districts/<district>.json`,
 * where `*` and a `<placeholder>` stand for any name), and every relative link. A file that moves
 * or goes takes its mentions with it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = [
  'bin',
  'config',
  'demo',
  'docs',
  'examples',
  'functions',
  'infra',
  'local',
  'shared',
  'test',
];

const documents = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((name) => `docs/${name}`)].filter(
  (name) => name.endsWith('.md'),
);

const withoutCodeBlocks = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');

function namedPaths(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)]
    .map((match) => match[1]!)
    .filter((span) => FOLDERS.includes(span.split('/')[0]!) && span.includes('/') && !span.includes(' '));
}

function linkedPaths(document: string, markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
    .map((target) => path.posix.join(path.posix.dirname(document), target));
}

const exists = (repositoryPath: string) => {
  const pattern = repositoryPath.replace(/<[^>]+>/g, '*').replace(/\/$/, '');
  return pattern.includes('*')
    ? globSync(pattern, { cwd: ROOT }).length > 0
    : existsSync(path.join(ROOT, pattern));
};

describe('the paths README.md and docs/*.md name', () => {
  it.each(documents)('%s names only paths that exist', (document) => {
    const markdown = withoutCodeBlocks(readFileSync(path.join(ROOT, document), 'utf8'));
    const named = [...namedPaths(markdown), ...linkedPaths(document, markdown)];
    expect(named.filter((repositoryPath) => !exists(repositoryPath))).toEqual([]);
  });

  it('are found', () => {
    const markdown = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    expect(namedPaths(markdown)).toContain('shared/store/keys.ts');
  });
});
