// Helm (Go template) files in a folder of manifests: not YAML until rendered. They are skipped, with one note for the
// run instead of a syntax error per line.
import { CheckContext } from '../context';
import { fileItem } from '../model';
import { Report } from '../rule';

export const id = 'template-file';
export const severity = 'warning';
export const group = 'schema';
export const description = 'Helm template files ({{ ... }}) found among the manifests: skipped, render them first';

export function check(ctx: CheckContext, report: Report): void {
  const files = ctx.problems.filter((p) => p.id === id).map((p) => p.file ?? '<input>');
  if (files.length === 0) {
    return;
  }
  report(fileItem(files[0]), undefined,
    `${files.length === 1 ? 'a template file was' : `${files.length} template files were`} skipped (Go template actions {{ ... }} are not YAML): `
    + `${files.slice(0, 3).join(', ')}${files.length > 3 ? `, and ${files.length - 3} more` : ''}`,
    'Check the rendered manifests instead: helm template <chart> | cdk8s-mysql-clusterip check -');
}
