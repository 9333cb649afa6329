// The README is a user's first page and points into docs/; CONTRIBUTING.md holds the contributor's material.
// Every relative link of those pages must reach a file of the repository, and an anchor a heading of that file.
import * as fs from 'fs';
import * as path from 'path';
import { anchors, documentationPages, links } from './_docs';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the documentation pages', () => {
  test.each(documentationPages())('every relative link of %s reaches an existing file, and an anchor a heading of it', (page) => {
    const markdown = fs.readFileSync(path.join(root, page), 'utf8');
    const broken: string[] = [];
    for (const { target, line } of links(markdown)) {
      const [file, anchor] = target.split('#', 2);
      const resolved = file === '' ? path.join(root, page) : path.resolve(path.dirname(path.join(root, page)), decodeURIComponent(file));
      if (!resolved.startsWith(root + path.sep) || !fs.existsSync(resolved)) {
        broken.push(`${page} line ${line}: ${target}: no such file`);
        continue;
      }
      if (anchor !== undefined) {
        const isPage = fs.statSync(resolved).isFile() && resolved.endsWith('.md');
        if (!isPage || !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
          broken.push(`${page} line ${line}: ${target}: no heading with anchor #${anchor}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  test('docs/performance.md quotes the tables of the last `npm run bench` (bench/RESULTS.md) between its markers', () => {
    const page = fs.readFileSync(path.join(root, 'docs', 'performance.md'), 'utf8');
    const block = /<!-- bench:start -->\n([\s\S]*?)<!-- bench:end -->/.exec(page);
    expect(block).not.toBeNull();
    const results = fs.readFileSync(path.join(root, 'bench', 'RESULTS.md'), 'utf8');
    expect(results.slice(results.indexOf('\n\n', results.indexOf('Written by')) + 2)).toBe(block![1]);
  });

  test('the README is at most 200 lines', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  test('the README names the tarball `npm pack` writes for this version', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const named = [...readme.matchAll(/cdk8s-mysql-clusterip-(\d+\.\d+\.\d+[\w.-]*?)\.tgz/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect([...new Set(named)]).toEqual([pkg.version]);
  });

  test('finds a broken link and a missing anchor (the check itself)', () => {
    expect(anchors('# The tutorial, against our output\n## Before an upgrade: `check --previous`\n## A\n## A\n```sh\n# not a heading\n```\n'))
      .toEqual(new Set(['the-tutorial-against-our-output', 'before-an-upgrade-check---previous', 'a', 'a-1']));
    expect(links('see [x](docs/x.md#y) and [web](https://example.com)\n```\n[code](nope.md)\n```\n')).toEqual([{ target: 'docs/x.md#y', line: 1 }]);
  });
});
