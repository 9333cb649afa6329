#!/usr/bin/env node
// Rewrites the lab's diagram in docs/checker.md (between the check-graph markers) from `check --graph dist/`.
'use strict';
const fs = require('fs');
const path = require('path');
const { checkDirectory, toMermaid } = require('../bin/check-module.js');

const root = path.join(__dirname, '..');
const page = path.join(root, 'docs', 'checker.md');
const graph = toMermaid(checkDirectory(path.join(root, 'dist')).wiring);
const text = fs.readFileSync(page, 'utf8');
const block = /<!-- check-graph:start -->\n[\s\S]*?<!-- check-graph:end -->/;
if (!block.test(text)) {
  throw new Error('docs/checker.md has no <!-- check-graph:start --> ... <!-- check-graph:end --> block');
}
fs.writeFileSync(page, text.replace(block, () => `<!-- check-graph:start -->\n\`\`\`mermaid\n${graph}\n\`\`\`\n<!-- check-graph:end -->`));
console.log('docs/checker.md: diagram of dist/ updated');
