import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import type { IClusterIpExposure } from './cluster-ip-exposure';
import type { IMysqlClientPeer } from './mysql-client-peer';

/** The label every namespace carries with its own name (Kubernetes 1.21 and later). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A NetworkPolicy peer for pods, as seen from a policy in `policyNamespace`. Undefined namespaces are the one
 * namespace that objects without `metadata.namespace` are applied to.
 */
export function podPeer(
  policyNamespace: string | undefined, namespace: string | undefined, labels: Readonly<Record<string, string>>,
): k8s.NetworkPolicyPeer {
  // A podSelector alone means "in the policy's own namespace": name the namespace for any other.
  return namespace === policyNamespace || namespace === undefined
    ? { podSelector: { matchLabels: { ...labels } } }
    : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector: { matchLabels: { ...labels } } };
}

/** Peers in a stable order without duplicates. */
export function uniquePeers(peers: readonly IMysqlClientPeer[]): IMysqlClientPeer[] {
  const seen = new Map<string, IMysqlClientPeer>();
  for (const peer of peers) {
    const key = JSON.stringify([peer.peerNamespace, Object.entries(peer.peerSelector).sort()]);
    if (!seen.has(key)) seen.set(key, peer);
  }
  return [...seen.values()];
}

/**
 * The egress a MySQL client needs, and nothing else: the backend's pods on their container port (a
 * policy sees the pod port after the Service has translated it), and the cluster DNS on UDP and TCP 53.
 */
export function clientEgressPolicy(
  scope: Construct, name: string, client: IMysqlClientPeer, exposure: IClusterIpExposure, id = 'Egress',
): k8s.KubeNetworkPolicy {
  const backend = exposure.backend;
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: {
      name: `${name}-egress`,
      namespace: client.peerNamespace,
      labels: { 'app.kubernetes.io/managed-by': 'cdk8s' },
    },
    spec: {
      podSelector: { matchLabels: { ...client.peerSelector } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [podPeer(client.peerNamespace, backend.namespace, backend.selectorLabels)],
          ports: [{ protocol: backend.protocol, port: k8s.IntOrString.fromNumber(backend.port) }],
        },
        {
          to: [{
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
      ],
    },
  });
}
