#!/usr/bin/env node
// Rewrites the lab's diagram in README.md (between the check-graph markers) from `check --graph dist/`.
'use strict';
const fs = require('fs');
const path = require('path');
const { checkDirectory, toMermaid } = require('../bin/check-module.js');

const root = path.join(__dirname, '..');
const readme = path.join(root, 'README.md');
const graph = toMermaid(checkDirectory(path.join(root, 'dist')).wiring);
const text = fs.readFileSync(readme, 'utf8');
const block = /<!-- check-graph:start -->\n[\s\S]*?<!-- check-graph:end -->/;
if (!block.test(text)) {
  throw new Error('README.md has no <!-- check-graph:start --> ... <!-- check-graph:end --> block');
}
fs.writeFileSync(readme, text.replace(block, () => `<!-- check-graph:start -->\n\`\`\`mermaid\n${graph}\n\`\`\`\n<!-- check-graph:end -->`));
console.log('README.md: diagram of dist/ updated');
