export { CHECKS } from './catalog';
export type { CheckId } from './catalog';
export { checkDirectory, checkManifests, checkPaths, formatJson, formatText } from './checker';
export type { CheckOptions, CheckResult } from './checker';
export { main as checkCli } from './cli';
export type { CliIo } from './cli';
export { toMermaid } from './graph';
export { parseManifestText } from './load';
export type { Loaded, LoadedObject, LoadProblem } from './load';
export type { CheckGroup } from './rule';
export { WAIVER_PREFIX } from './model';
export type { Finding, Item, Json, PodShape, Severity, WaivedFinding } from './model';
export { ManifestCheckPlugin } from './plugin';
export type {
  ManifestCheckPluginProperties, ValidationContext, ValidationReport, ValidationViolatingResource, ValidationViolation,
} from './plugin';
export type { ClientEdge, IngressEdge, PolicyEdge, ServiceEdge, Wiring } from './wiring';
