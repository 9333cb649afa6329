#!/usr/bin/env node
// Writes lib/check/k8s-1.28-schema.json, the strict schema the manifest checker uses, from the Kubernetes 1.28
// OpenAPI definitions (Apache-2.0): the `definitions` of api/openapi-spec/swagger.json at kubernetes v1.28.0, the
// same file `cdk8s import k8s@1.28.0` downloads as `_definitions.json`. Keeps types, properties, required fields
// and group/version/kind; drops descriptions. Nothing is downloaded: pass the file.
//
//   node scripts/trim-k8s-schema.js path/to/k8s-v1.28.0-definitions.json
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const input = process.argv[2];
if (!input) {
  console.error('usage: node scripts/trim-k8s-schema.js <kubernetes 1.28 definitions.json>');
  process.exit(2);
}
const raw = fs.readFileSync(input);
const defs = JSON.parse(raw).definitions;
const REF = '#/definitions/';

// definitions that are not plain objects with properties
function alias(name, def) {
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return 'int-or-string';
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return 'quantity';
  if (def.properties) return undefined;
  if (def.type === 'string') return 'string';
  if (def.type === 'object' || def.type === undefined) return 'any';
  return def.type;
}

function prop(p) {
  if (p.$ref) {
    const name = p.$ref.slice(REF.length);
    return alias(name, defs[name]) ?? `#${name}`;
  }
  switch (p.type) {
    case 'array': return { a: p.items ? prop(p.items) : 'any' };
    case 'object': return p.additionalProperties ? { m: prop(p.additionalProperties) } : 'any';
    case 'string': return p.format === 'byte' ? 'string' : 'string';
    case 'integer': case 'number': case 'boolean': return p.type;
    default: return 'any';
  }
}

const out = { kinds: {}, definitions: {} };
for (const [name, def] of Object.entries(defs)) {
  if (alias(name, def) !== undefined) continue;
  const p = {};
  for (const [field, spec] of Object.entries(def.properties)) {
    p[field] = prop(spec);
  }
  out.definitions[name] = def.required ? { p, r: def.required } : { p };
  for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
    // List and WatchEvent types share gvk entries with real kinds; keep the object whose kind property allows it
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    if (def.properties.kind && def.properties.metadata && !name.endsWith('List') && !name.endsWith('.WatchEvent') && !name.endsWith('.Status')
      && !name.endsWith('.DeleteOptions') && gvk.kind === name.split('.').pop()) {
      out.kinds[`${apiVersion}/${gvk.kind}`] = name;
    }
  }
}
const sorted = Object.fromEntries(Object.entries(out.kinds).sort());
const result = {
  source: `Kubernetes v1.28.0 OpenAPI definitions (Apache-2.0), sha256 ${crypto.createHash('sha256').update(raw).digest('hex')}; written by scripts/trim-k8s-schema.js`,
  kinds: sorted,
  definitions: out.definitions,
};
const target = path.join(__dirname, '..', 'lib', 'check', 'k8s-1.28-schema.json');
fs.writeFileSync(target, `${JSON.stringify(result)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}: ${Object.keys(sorted).length} kinds, ${Object.keys(out.definitions).length} types, `
  + `${fs.statSync(target).size} bytes`);
