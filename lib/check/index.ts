/**
 * The manifest checker: functions over synthesized charts and files, the command line, and the cdk8s validation plugin `ManifestCheckPlugin`.
 *
 * @module cdk8s-mysql-clusterip/check
 */
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
export { checkUpgrade, checkUpgradeLoaded, checkUpgradePaths, UPGRADE_CHECKS, UPGRADE_RULES } from './upgrade';
export type { UpgradeCheckId, UpgradeResult } from './upgrade';
export type { FieldChange, UpgradeReport, UpgradeRule } from './upgrade/_diff';
