import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { renderResources, resolveNamespace, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './_pod';
import { checkImage, checkLabels, fail, selects } from './_validation';
import { isExposure } from './_brand';
import { connectionVars, resolveConnection, toEnvVars } from './_connection';
import type { IClusterIpExposure } from './cluster-ip-exposure';
import { MysqlClientOptions } from './mysql-client-options';
import { MysqlImage } from './mysql-image';

/** What `resolveClient` takes: the shared options plus the pod's name. */
export interface ClientProps extends MysqlClientOptions {
  readonly name?: string;
}

/** What differs between the kinds of client. */
export interface ClientDefaults {
  /** The rule for the object's name: a Pod's is a DNS-1123 subdomain, a Job's a label (see checkDns1123Label). */
  readonly checkName: (scope: Construct, what: string, value: string) => void;
  readonly name: string;
  /** How the default name is derived, for the error when it is invalid. */
  readonly nameFrom?: string;
  readonly appName: string;
  readonly component: string;
}

/** The resolved settings of a client pod. */
export interface ResolvedClient {
  readonly exposure: IClusterIpExposure;
  readonly name: string;
  /** The prop an invalid name is reported as: `name`, or how the default was derived from another prop. */
  readonly nameProp: string;
  readonly namespace?: string;
  readonly host: string;
  readonly image: MysqlImage;
  readonly password: kplus.SecretValue;
  readonly labels: Record<string, string>;
  /** The smallest set of labels that selects this client's pods: name and instance. */
  readonly selector: Record<string, string>;
  readonly resources: k8s.ResourceRequirements;
  readonly env: k8s.EnvVar[];
}

/**
 * Validates and resolves a client's props: namespace, the host it dials, the Secret it may read,
 * labels that never match the Service's selector.
 */
export function resolveClient(scope: Construct, props: ClientProps, defaults: ClientDefaults): ResolvedClient {
  const exposure = props?.exposure;
  if (!isExposure(exposure)) {
    fail(scope, 'exposure', exposure, 'pass the ClusterIpExposure to connect through (for example backend.exposeViaClusterIp())');
  }
  const name = props.name ?? defaults.name;
  // A default name derived from another prop says which: that prop is the one to change (or set `name`).
  const nameProp = props.name === undefined && defaults.nameFrom ? `name (by default ${defaults.nameFrom}: set name, or shorten that)` : 'name';
  defaults.checkName(scope, nameProp, name);
  // The exposure's namespace by default; with none there, the client's chart decides (cdk8s writes a chart's
  // namespace into every object that names none), and a named namespace makes hostFor() refuse what it cannot resolve.
  const namespace = resolveNamespace(scope, props.namespace ?? exposure.namespace);
  // Root, as the tutorial's client does: these are tools for the database's operators, not applications.
  const connection = resolveConnection(scope, exposure, namespace, 'root', props.password);
  const host = connection.host;
  const password = connection.password;

  const extraLabels = props.labels ?? {};
  checkLabels(scope, 'labels', extraLabels);
  const selector: Record<string, string> = { 'app.kubernetes.io/name': defaults.appName, 'app.kubernetes.io/instance': name };
  if (name.length > 63) {
    fail(scope, nameProp, name, 'must be at most 63 characters: it is the value of the label app.kubernetes.io/instance that selects the pod');
  }
  for (const key of Object.keys(selector)) {
    if (key in extraLabels && extraLabels[key] !== selector[key]) {
      fail(scope, `labels[${JSON.stringify(key)}]`, extraLabels[key], `it selects this pod in NetworkPolicies and must be ${JSON.stringify(selector[key])}: remove it from labels`);
    }
  }
  const labels: Record<string, string> = {
    ...selector,
    'app.kubernetes.io/component': defaults.component,
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...extraLabels,
  };
  if (namespace === exposure.namespace && selects(exposure.backend.selectorLabels, labels)) {
    fail(scope, 'labels', extraLabels, `they match the selector of Service "${exposure.serviceName}" `
      + `(${JSON.stringify(exposure.backend.selectorLabels)}), which would send database traffic to this pod: remove them`);
  }

  const resources = renderResources(scope, 'resources', props.resources ?? {
    cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
    memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
  });

  const env: k8s.EnvVar[] = [
    // the names the mysql client reads itself
    ...toEnvVars(connectionVars(connection, { host: 'MYSQL_HOST', port: 'MYSQL_TCP_PORT', password: 'MYSQL_PWD' })),
    // The root filesystem is read-only: keep shell and client state in /tmp, and no history file.
    { name: 'HOME', value: '/tmp' },
    { name: 'MYSQL_HISTFILE', value: '/dev/null' },
  ];
  const image = checkImage(scope, props.image === undefined ? "the backend's image" : 'image', props.image ?? exposure.backend.image);
  return { exposure, name, nameProp, namespace, host, image, password, labels, selector, resources, env };
}

/**
 * The pod spec of a client: one container running `command` with the client's image, environment and
 * resources, "restricted" security, and a writable /tmp on a read-only root filesystem.
 */
export function clientPodSpec(client: ResolvedClient, container: { name: string; command: string[]; env?: k8s.EnvVar[] }, restartPolicy: 'Always' | 'Never'): k8s.PodSpec {
  return {
    restartPolicy: restartPolicy === 'Always' ? undefined : restartPolicy,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: restrictedPodSecurityContext(),
    containers: [{
      name: container.name,
      image: client.image.reference,
      imagePullPolicy: 'IfNotPresent',
      command: container.command,
      env: [...client.env, ...(container.env ?? [])],
      resources: client.resources,
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}
