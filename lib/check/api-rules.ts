// What the API server rejects although the OpenAPI schema allows it (Kubernetes 1.28, validation.go and
// k8s.io/apimachinery/pkg/util/validation).
import {
  isDns1035Label, isDns1123Label, isDns1123Subdomain, isEnvVarName, isIanaSvcName, isLabelValue, isPort, isQualifiedName,
} from '../_k8s-rules';
import { parseQuantity as parseServerQuantity, quantityToNumber } from '../_quantity';
import { FindingSink } from './catalog';
import { asArray, asRecord, containersOf, isObject, Item, Json, podOf, selectorMatches, stringMap } from './model';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** How each kind's name is validated; kinds not listed (custom resources, RBAC path segments) are not checked. */
const NAME_RULES: Record<string, { test: (v: string) => boolean; rule: string }> = (() => {
  const label = { test: isDns1123Label, rule: "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters" };
  const dns1035 = { test: isDns1035Label, rule: "a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters" };
  const subdomain = {
    test: isDns1123Subdomain,
    rule: "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
  };
  const cronJob = { test: (v: string) => isDns1123Subdomain(v) && v.length <= 52, rule: `${subdomain.rule.replace('253', '52')} (Jobs get a suffix)` };
  const rules: Record<string, { test: (v: string) => boolean; rule: string }> = {
    Service: dns1035, Namespace: label, StatefulSet: label, CronJob: cronJob,
  };
  for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'ReplicationController', 'Secret', 'ConfigMap', 'ServiceAccount',
    'PersistentVolumeClaim', 'PersistentVolume', 'NetworkPolicy', 'Ingress', 'IngressClass', 'PodDisruptionBudget', 'HorizontalPodAutoscaler',
    'Endpoints', 'EndpointSlice', 'LimitRange', 'ResourceQuota', 'StorageClass', 'PriorityClass']) {
    rules[kind] = subdomain;
  }
  return rules;
})();

function checkName(item: Item, out: FindingSink): void {
  const meta = asRecord(item.object.metadata);
  if (!item.kind) {
    return;
  }
  if (meta.name === undefined && meta.generateName === undefined) {
    out.add('api-name', item, 'metadata.name', `${item.kind} has no metadata.name`, 'Set metadata.name.');
    return;
  }
  const rule = NAME_RULES[item.kind];
  if (rule && typeof meta.name === 'string' && !rule.test(meta.name)) {
    out.add('api-name', item, 'metadata.name', `${item.kind} name "${meta.name}" is not ${rule.rule}`,
      `Rename the ${item.kind} to ${rule.rule.split(':')[0]}, for example "${suggestName(meta.name)}", and update everything that refers to it.`);
  }
  if (typeof meta.namespace === 'string' && !isDns1123Label(meta.namespace)) {
    out.add('api-name', item, 'metadata.namespace', `namespace "${meta.namespace}" is not a DNS-1123 label`,
      `Use a namespace name of lowercase letters, digits and '-', for example "${suggestName(meta.namespace)}".`);
  }
}

function suggestName(value: string): string {
  const s = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 63).replace(/-+$/, '');
  return s || 'my-name';
}

function checkLabelMap(item: Item, path: string, labels: Json, what: string, out: FindingSink): void {
  for (const [key, value] of Object.entries(asRecord(labels))) {
    if (!isQualifiedName(key)) {
      out.add('api-label', item, `${path}.${key}`, `${what} key "${key}" is invalid`,
        "Use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.");
    }
    // a value that is not a string is a schema-type finding already
    if (what !== 'annotation' && typeof value === 'string' && !isLabelValue(value)) {
      out.add('api-label', item, `${path}.${key}`, `${what} value ${JSON.stringify(value)} for "${key}" is invalid`,
        "Use a string of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty); quote numbers and booleans.");
    }
  }
}

function checkSelectorSyntax(item: Item, path: string, selector: Json, out: FindingSink): void {
  if (!isObject(selector)) {
    return;
  }
  checkLabelMap(item, `${path}.matchLabels`, selector.matchLabels, 'selector', out);
  asArray(selector.matchExpressions).forEach((expr, i) => {
    if (!isQualifiedName(expr?.key)) {
      out.add('api-label', item, `${path}.matchExpressions[${i}].key`, `selector key ${JSON.stringify(expr?.key)} is invalid`, 'Use a valid label key.');
    }
    const values = asArray(expr?.values);
    if ((expr?.operator === 'In' || expr?.operator === 'NotIn') && values.length === 0) {
      out.add('api-label', item, `${path}.matchExpressions[${i}].values`, `operator ${expr.operator} needs at least one value`, 'Add values, or use Exists.');
    }
    if ((expr?.operator === 'Exists' || expr?.operator === 'DoesNotExist') && values.length > 0) {
      out.add('api-label', item, `${path}.matchExpressions[${i}].values`, `operator ${expr.operator} takes no values`, 'Remove values.');
    }
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(expr?.operator)) {
      out.add('api-label', item, `${path}.matchExpressions[${i}].operator`, `operator ${JSON.stringify(expr?.operator)} is not In, NotIn, Exists or DoesNotExist`,
        'Use In, NotIn, Exists or DoesNotExist.');
    }
    values.forEach((v, j) => {
      if (!isLabelValue(v)) {
        out.add('api-label', item, `${path}.matchExpressions[${i}].values[${j}]`, `selector value ${JSON.stringify(v)} is invalid`, 'Use a valid label value.');
      }
    });
  });
}

function checkProbe(item: Item, path: string, probe: Json, kind: string, out: FindingSink): void {
  if (!isObject(probe)) {
    return;
  }
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length !== 1) {
    out.add('api-probe', item, path, handlers.length === 0 ? `${kind} has no handler` : `${kind} has ${handlers.length} handlers (${handlers.join(', ')})`,
      'Give the probe exactly one of exec, httpGet, tcpSocket or grpc.');
  }
  if ((kind === 'livenessProbe' || kind === 'startupProbe') && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    out.add('api-probe', item, `${path}.successThreshold`, `${kind} successThreshold is ${probe.successThreshold}; it must be 1`, 'Set successThreshold to 1 or remove it.');
  }
  for (const h of ['httpGet', 'tcpSocket']) {
    const port = probe[h]?.port;
    if (port !== undefined && !(typeof port === 'string' ? isIanaSvcName(port) : isPort(port))) {
      out.add('api-probe', item, `${path}.${h}.port`, `${kind} port ${JSON.stringify(port)} is neither a port number from 1 to 65535 nor a port name`,
        "Use the container port's number or its name.");
    }
  }
}

/** A resource quantity (`500m`, `1.5`, `512Mi`, `1e3`) as a number, or undefined where the API server rejects it. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  const q = typeof value === 'string' ? parseServerQuantity(value.trim()) : undefined;
  return q === undefined ? undefined : quantityToNumber(q);
}

function checkResources(item: Item, path: string, container: Json, out: FindingSink): void {
  const requests = asRecord(container.resources?.requests);
  const limits = asRecord(container.resources?.limits);
  for (const [kind, map] of [['requests', requests], ['limits', limits]] as const) {
    for (const [resource, value] of Object.entries(map)) {
      const q = parseQuantity(value);
      if (q === undefined || q < 0) {
        out.add('api-resources', item, `${path}.resources.${kind}.${resource}`, `${kind}.${resource} ${JSON.stringify(value)} is not a quantity`,
          'Use a quantity such as 250m or 1 (cpu), 512Mi or 1Gi (memory).');
      }
    }
  }
  for (const [resource, value] of Object.entries(requests)) {
    const request = parseQuantity(value);
    const limit = parseQuantity(limits[resource]);
    if (request !== undefined && limit !== undefined && request > limit) {
      out.add('api-resources', item, `${path}.resources.requests.${resource}`,
        `requests.${resource} ${JSON.stringify(value)} is above limits.${resource} ${JSON.stringify(limits[resource])}: the API server rejects it`,
        `Lower requests.${resource} to at most the limit, or raise the limit.`);
    }
  }
}

const STATEFULSET_NOTE = ' (the API server accepts it in a StatefulSet, whose pod template it does not validate; the controller then fails to create the pods)';

function checkPod(item: Item, findings: FindingSink): void {
  const pod = podOf(item);
  if (!pod) {
    return;
  }
  const out: FindingSink = item.kind !== 'StatefulSet' ? findings : {
    add: (id, it, path, message, fix, severity) => findings.add(id, it, path, `${message}${STATEFULSET_NOTE}`, fix, severity),
  };
  const templateLabels = item.kind === 'CronJob' ? item.object.spec?.jobTemplate?.spec?.template?.metadata?.labels : item.object.spec?.template?.metadata?.labels;
  checkLabelMap(item, `${pod.templatePath}.labels`, item.kind === 'Pod' ? undefined : templateLabels, 'label', out);
  const names = new Set<string>();
  for (const { container, path } of containersOf(pod)) {
    const name = container.name;
    if (!isDns1123Label(name)) {
      out.add('api-container', item, `${path}.name`, `container name ${JSON.stringify(name)} is not a DNS-1123 label`,
        "Name the container with at most 63 lowercase letters, digits and '-'.");
    } else if (names.has(name)) {
      out.add('api-container', item, `${path}.name`, `container name "${name}" is used twice in the pod`, 'Give every container and init container its own name.');
    }
    names.add(name);
    if (typeof container.image !== 'string' || container.image.trim() === '') {
      out.add('api-container', item, `${path}.image`, `container "${name}" has no image`, 'Set image.');
    }
    const portNames = new Set<string>();
    const portKeys = new Set<string>();
    asArray(container.ports).forEach((port, i) => {
      const p = `${path}.ports[${i}]`;
      if (!isPort(port?.containerPort)) {
        out.add('api-container-port', item, `${p}.containerPort`, `containerPort ${JSON.stringify(port?.containerPort)} is not an integer from 1 to 65535`,
          'Set containerPort to the port the process listens on.');
      }
      if (port?.hostPort !== undefined && !(port.hostPort === 0 || isPort(port.hostPort))) {
        out.add('api-container-port', item, `${p}.hostPort`, `hostPort ${JSON.stringify(port.hostPort)} is not from 1 to 65535`, 'Remove hostPort, or fix it.');
      }
      const protocol = port?.protocol ?? 'TCP';
      if (!PROTOCOLS.includes(protocol)) {
        out.add('api-container-port', item, `${p}.protocol`, `protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP`, 'Use TCP, UDP or SCTP.');
      }
      const key = `${port?.containerPort}/${protocol}`;
      if (portKeys.has(key)) {
        out.add('api-container-port', item, p, `port ${key} is declared twice in container "${name}"`, 'Remove the duplicate.');
      }
      portKeys.add(key);
      if (port?.name !== undefined) {
        if (!isIanaSvcName(port.name)) {
          out.add('api-container-port', item, `${p}.name`, `port name ${JSON.stringify(port.name)} is not an IANA service name`,
            "Use at most 15 lowercase letters, digits and '-', with at least one letter and no leading, trailing or double '-' (e.g. \"http-metrics\" not \"http-metrics-port\").");
        } else if (portNames.has(port.name)) {
          out.add('api-container-port', item, `${p}.name`, `port name "${port.name}" is used twice in container "${name}"`, 'Give every port its own name.');
        }
        portNames.add(port.name);
      }
    });
    asArray(container.env).forEach((env, i) => {
      const p = `${path}.env[${i}]`;
      if (!isEnvVarName(env?.name)) {
        out.add('api-env', item, `${p}.name`, `env var name ${JSON.stringify(env?.name)} is invalid`,
          "Use letters, digits, '_', '-' and '.', not starting with a digit.");
      }
      if (isObject(env?.valueFrom)) {
        const sources = ['configMapKeyRef', 'fieldRef', 'resourceFieldRef', 'secretKeyRef'].filter((s) => env.valueFrom[s] !== undefined);
        if (sources.length !== 1) {
          out.add('api-env', item, `${p}.valueFrom`, `env var "${env.name}" valueFrom has ${sources.length} sources`,
            'Use exactly one of configMapKeyRef, fieldRef, resourceFieldRef or secretKeyRef.');
        }
        if (typeof env.value === 'string' && env.value !== '') {
          out.add('api-env', item, `${p}.value`, `env var "${env.name}" has both value and valueFrom`, 'Keep one of them.');
        }
      }
    });
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      checkProbe(item, `${path}.${probe}`, container[probe], probe, out);
    }
    checkResources(item, path, container, out);
  }
}

const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

function checkWorkloadSelector(item: Item, out: FindingSink): void {
  const spec = item.object.spec;
  if (!isObject(spec) || !isObject(spec.template)) {
    return;
  }
  const templateLabels = stringMap(spec.template.metadata?.labels);
  if (item.kind === 'ReplicationController') {
    const selector = stringMap(spec.selector);
    if (spec.selector !== undefined && Object.entries(selector).some(([k, v]) => templateLabels[k] !== v)) {
      out.add('api-workload-selector', item, 'spec.selector', 'spec.selector does not match the pod template labels',
        'Make spec.template.metadata.labels include every pair of spec.selector.');
    }
    checkLabelMap(item, 'spec.selector', spec.selector, 'selector', out);
    return;
  }
  if (!SELECTOR_REQUIRED.has(item.kind) && !(item.kind === 'Job' && spec.selector !== undefined)) {
    return;
  }
  const selector = spec.selector;
  if (!isObject(selector) || (Object.keys(asRecord(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0)) {
    out.add('api-workload-selector', item, 'spec.selector', `${item.kind} has no selector, or an empty one`,
      'Set spec.selector.matchLabels to labels of spec.template.metadata.labels (it cannot change after creation).');
    return;
  }
  checkSelectorSyntax(item, 'spec.selector', selector, out);
  if (!selectorMatches(selector, templateLabels)) {
    out.add('api-workload-selector', item, 'spec.selector', 'spec.selector does not match the pod template labels: the API server rejects it',
      `Make spec.template.metadata.labels include ${JSON.stringify(selector.matchLabels ?? {})}, or fix the selector.`);
  }
}

function checkWorkloadSpec(item: Item, out: FindingSink): void {
  const pod = podOf(item);
  const spec = asRecord(item.object.spec);
  if (!pod || item.kind === 'Pod') {
    return;
  }
  const restartPolicy = pod.spec.restartPolicy;
  const runToCompletion = item.kind === 'Job' || item.kind === 'CronJob';
  if (runToCompletion && restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    out.add('api-workload-spec', item, `${pod.specPath}.restartPolicy`,
      `a ${item.kind}'s pod template needs restartPolicy OnFailure or Never${restartPolicy === undefined ? ' (the default, Always, is rejected)' : `, not ${restartPolicy}`}`,
      'Set restartPolicy: OnFailure (retry in place) or Never (a new pod per retry).');
  }
  if (!runToCompletion && restartPolicy !== undefined && restartPolicy !== 'Always') {
    out.add('api-workload-spec', item, `${pod.specPath}.restartPolicy`, `a ${item.kind}'s pod template must have restartPolicy Always, not ${restartPolicy}`,
      'Remove restartPolicy (Always is the default), or use a Job for a task that ends.');
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    out.add('api-workload-spec', item, 'spec.replicas', `replicas is ${spec.replicas}`, 'Use 0 or more replicas.');
  }
  if (item.kind === 'Deployment' && spec.strategy?.type === 'Recreate' && spec.strategy?.rollingUpdate !== undefined) {
    out.add('api-workload-spec', item, 'spec.strategy.rollingUpdate', 'strategy Recreate with a rollingUpdate block: the API server rejects it',
      'Remove spec.strategy.rollingUpdate, or use type RollingUpdate.');
  }
}

function checkService(item: Item, out: FindingSink): void {
  if (item.kind !== 'Service') {
    return;
  }
  const spec = asRecord(item.object.spec);
  checkLabelMap(item, 'spec.selector', spec.selector, 'selector', out);
  if (spec.type === 'ExternalName') {
    return;
  }
  const ports = asArray(spec.ports);
  if (ports.length === 0 && spec.clusterIP !== 'None') {
    out.add('api-service-port', item, 'spec.ports', 'the Service has no ports', 'Add the port clients connect to, and the targetPort of the pods.');
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, i) => {
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && (port?.name === undefined || port.name === '')) {
      out.add('api-service-port', item, `${p}.name`, `port ${port?.port} has no name; a Service with more than one port needs a name on every port`,
        'Name every port (a DNS-1123 label, e.g. "http", "metrics").');
    } else if (port?.name !== undefined && port.name !== '' && !isDns1123Label(port.name)) {
      out.add('api-service-port', item, `${p}.name`, `port name ${JSON.stringify(port.name)} is not a DNS-1123 label`, "Use lowercase letters, digits and '-'.");
    }
    if (typeof port?.name === 'string' && port.name !== '') {
      if (names.has(port.name)) {
        out.add('api-service-port', item, `${p}.name`, `port name "${port.name}" is used twice`, 'Give every Service port its own name.');
      }
      names.add(port.name);
    }
    if (!isPort(port?.port)) {
      out.add('api-service-port', item, `${p}.port`, `port ${JSON.stringify(port?.port)} is not an integer from 1 to 65535`, 'Set port to the port clients connect to.');
    }
    const protocol = port?.protocol ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      out.add('api-service-port', item, `${p}.protocol`, `protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP`, 'Use TCP, UDP or SCTP.');
    }
    const key = `${port?.port}/${protocol}`;
    if (keys.has(key)) {
      out.add('api-service-port', item, p, `port ${key} is declared twice`, 'Remove the duplicate port.');
    }
    keys.add(key);
    const target = port?.targetPort;
    // a quoted number is a port *name* to the API server, and a name needs a letter
    if (target !== undefined && !(typeof target === 'string' ? isIanaSvcName(target) : isPort(target))) {
      out.add('api-service-port', item, `${p}.targetPort`, `targetPort ${JSON.stringify(target)} is neither a port number from 1 to 65535 nor a port name`,
        'Use the number of the container port or its name (at most 15 lowercase letters, digits and -).');
    }
  });
}

function checkNetworkPolicySelectors(item: Item, out: FindingSink): void {
  if (item.kind !== 'NetworkPolicy') {
    return;
  }
  const spec = asRecord(item.object.spec);
  checkSelectorSyntax(item, 'spec.podSelector', spec.podSelector, out);
  for (const dir of ['ingress', 'egress'] as const) {
    asArray(spec[dir]).forEach((rule, i) => {
      asArray(rule?.[dir === 'ingress' ? 'from' : 'to']).forEach((peer, j) => {
        const p = `spec.${dir}[${i}].${dir === 'ingress' ? 'from' : 'to'}[${j}]`;
        checkSelectorSyntax(item, `${p}.podSelector`, peer?.podSelector, out);
        checkSelectorSyntax(item, `${p}.namespaceSelector`, peer?.namespaceSelector, out);
      });
    });
  }
}

/** Checks one object against the API server's rules. */
export function checkApiRules(items: readonly Item[], out: FindingSink): void {
  const seen = new Map<string, Item>();
  for (const item of items) {
    if (!item.kind || !isObject(item.object)) {
      continue;
    }
    checkName(item, out);
    const meta = asRecord(item.object.metadata);
    checkLabelMap(item, 'metadata.labels', meta.labels, 'label', out);
    checkLabelMap(item, 'metadata.annotations', meta.annotations, 'annotation', out);
    checkPod(item, out);
    checkWorkloadSelector(item, out);
    checkWorkloadSpec(item, out);
    checkService(item, out);
    checkNetworkPolicySelectors(item, out);
    if (item.name && !item.name.endsWith('*')) {
      const key = `${String(item.object.apiVersion).split('/')[0]}|${item.kind}|${item.namespace}|${item.name}`;
      const first = seen.get(key);
      if (first) {
        out.add('api-duplicate-object', item, 'metadata.name', `${item.kind} ${item.namespace}/${item.name} is defined twice${first.file ? ` (also in ${first.file})` : ''}`,
          'Keep one definition: the second apply overwrites the first.');
      } else {
        seen.set(key, item);
      }
    }
  }
}
