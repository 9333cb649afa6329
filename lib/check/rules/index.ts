// The catalog: every check, one file each, in the order they run and docs/checker.md lists them. Adding a check means
// adding its file here, a fixture folder under test/fixtures/check/<id>/ and a row in the checks table of docs/checker.md.
import * as yamlSyntax from './yaml-syntax';
import * as yamlDuplicateKey from './yaml-duplicate-key';
import * as templateFile from './template-file';
import * as schemaKind from './schema-kind';
import * as schemaUnknownField from './schema-unknown-field';
import * as schemaType from './schema-type';
import * as schemaRequired from './schema-required';
import * as apiName from './api-name';
import * as apiDuplicateObject from './api-duplicate-object';
import * as apiLabel from './api-label';
import * as apiContainer from './api-container';
import * as apiContainerPort from './api-container-port';
import * as apiServicePort from './api-service-port';
import * as apiWorkloadSelector from './api-workload-selector';
import * as apiWorkloadSpec from './api-workload-spec';
import * as apiEnv from './api-env';
import * as apiResources from './api-resources';
import * as apiProbe from './api-probe';
import * as apiConfigData from './api-config-data';
import * as applyDrift from './apply-drift';
import * as serviceNoPods from './service-no-pods';
import * as serviceUnintendedPods from './service-unintended-pods';
import * as serviceTargetPort from './service-target-port';
import * as workloadSelectorOverlap from './workload-selector-overlap';
import * as probePort from './probe-port';
import * as clientUnknownHost from './client-unknown-host';
import * as clientWrongPort from './client-wrong-port';
import * as clientWrongSecret from './client-wrong-secret';
import * as ingressBackend from './ingress-backend';
import * as netpolBlocksClient from './netpol-blocks-client';
import * as netpolBlocksDns from './netpol-blocks-dns';
import * as netpolSelectsNoPods from './netpol-selects-no-pods';
import * as waiverReason from './waiver-reason';
import * as pssBaseline from './pss-baseline';
import * as pssRestricted from './pss-restricted';
import * as envLiteralSecret from './env-literal-secret';
import * as imageTag from './image-tag';
import * as resources from './resources';

/** Every check, in the order they run. */
export const RULES = [
  yamlSyntax,
  yamlDuplicateKey,
  templateFile,
  schemaKind,
  schemaUnknownField,
  schemaType,
  schemaRequired,
  apiName,
  apiDuplicateObject,
  apiLabel,
  apiContainer,
  apiContainerPort,
  apiServicePort,
  apiWorkloadSelector,
  apiWorkloadSpec,
  apiEnv,
  apiResources,
  apiProbe,
  apiConfigData,
  applyDrift,
  serviceNoPods,
  serviceUnintendedPods,
  serviceTargetPort,
  workloadSelectorOverlap,
  probePort,
  clientUnknownHost,
  clientWrongPort,
  clientWrongSecret,
  ingressBackend,
  netpolBlocksClient,
  netpolBlocksDns,
  netpolSelectsNoPods,
  waiverReason,
  pssBaseline,
  pssRestricted,
  envLiteralSecret,
  imageTag,
  resources,
] as const;
