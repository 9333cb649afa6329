// The checker as a cdk8s validation plugin: declare it under `validations:` in cdk8s.yaml and `cdk8s synth`
// prints its report and fails on errors. The types below mirror cdk8s-cli's plugin contract
// (cdk8s-cli/lib/plugins/validation.d.ts) so that the package does not need cdk8s-cli at run time.
import * as fs from 'fs';
import * as path from 'path';
import { checkLoaded, CheckResult } from './checker';
import { Loaded, loadPaths } from './load';
import { checkUpgradeLoaded } from './upgrade';

export interface ValidationViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

export interface ValidationViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly ValidationViolatingResource[];
}

export interface ValidationReport {
  addViolation(violation: ValidationViolation): void;
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

export interface ValidationContext {
  readonly manifests: readonly string[];
  readonly report: ValidationReport;
  readonly logger?: { log(message: string): void };
}

/** The file cdk8s writes beside the manifests when the CLI asks for construct metadata (any `validations:`). */
export const CONSTRUCT_METADATA_FILE = 'construct-metadata.json';

export interface ManifestCheckPluginProperties {
  /** Fail synth on warnings too. Default: only errors fail. */
  readonly failOnWarnings?: boolean;
  /** Check ids not to run. */
  readonly disable?: readonly string[];
  /**
   * Files or folders holding the previous version of the manifests (what the cluster runs, for example a copy of the
   * committed `dist/`): the synthesized manifests are compared with them, and a change the API server refuses in place
   * (`immutable-field`) fails the synth. Paths that do not exist are skipped with a note (a first synth has no previous version).
   */
  readonly previous?: string | readonly string[];
}

export class ManifestCheckPlugin {
  constructor(private readonly properties: ManifestCheckPluginProperties = {}) {}

  public async validate(context: ValidationContext): Promise<void> {
    for (const dir of new Set(context.manifests.map((m) => path.dirname(m)))) {
      if (fs.existsSync(path.join(dir, CONSTRUCT_METADATA_FILE))) {
        // not a finding of the manifests: a file beside them that breaks `kubectl apply -f <dir>` and Helm
        const message = `warning: ${path.join(dir, CONSTRUCT_METADATA_FILE)} lies beside the manifests, and `
          + `\`kubectl apply -f ${dir}\` (or Helm) reads it as one and fails: create the App with { recordConstructMetadata: false }`;
        if (context.logger) context.logger.log(message); else console.warn(message);
      }
    }
    const loaded: Loaded = loadPaths(context.manifests);
    const result: CheckResult = checkLoaded(loaded, { disable: this.properties.disable });
    const previousPaths = typeof this.properties.previous === 'string' ? [this.properties.previous] : (this.properties.previous ?? []);
    const present = previousPaths.filter((p) => fs.existsSync(p));
    for (const p of previousPaths.filter((x) => !present.includes(x))) {
      context.logger?.log(`previous manifests not found at ${p}: not compared`);
    }
    const upgrade = present.length ? checkUpgradeLoaded(loadPaths(present), loaded) : undefined;
    for (const f of [...(upgrade?.findings ?? []), ...result.findings]) {
      context.report.addViolation({
        ruleName: `${f.id} (${f.severity})`,
        recommendation: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}`,
        fix: f.fix,
        violatingResources: [{ resourceName: f.name, locations: [f.path ?? ''], manifestPath: f.file ?? '' }],
      });
    }
    const errors = result.errors + (upgrade?.errors ?? 0);
    const warnings = result.warnings + (upgrade?.warnings ?? 0);
    const failed = errors > 0 || (this.properties.failOnWarnings === true && warnings > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(result.objects),
      errors: String(errors),
      warnings: String(warnings),
      ...(upgrade ? { 'compared with previous': String(upgrade.compared) } : {}),
      waived: String(result.waived.length),
    });
  }
}
