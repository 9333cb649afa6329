// The documentation pages, their headings' anchors, links and TypeScript blocks: read by test/docs.test.ts and
// test/consumer.test.ts.
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** README.md, CONTRIBUTING.md and docs/*.md (not the generated docs/api/), relative to the root. */
export function documentationPages(): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => path.join('docs', f));
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

/**
 * The text outside fenced code blocks (a `#` comment in a shell block is no heading, a `[x](y)` in code no link); each
 * block becomes as many empty lines, so that line numbers stay those of the page.
 */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ''));
}

/** The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as '-', repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = match[1].toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  // explicit anchors: <a id="..."> or <a name="...">
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) result.add(match[1]);
  return result;
}

/** The relative links of a page (inline `[text](target)`), with their line numbers. */
export function links(markdown: string): { target: string; line: number }[] {
  const text = prose(markdown);
  const out: { target: string; line: number }[] = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    out.push({ target, line: text.slice(0, match.index).split('\n').length });
  }
  return out;
}

/** The TypeScript blocks (```ts, ```typescript) of a page, in order. */
export function typescriptBlocks(page: string): string[] {
  const markdown = fs.readFileSync(path.join(root, page), 'utf8');
  return [...markdown.matchAll(/^```(?:ts|typescript)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => m[1]);
}
