/**
 * The constructs: `MysqlBackend`, `ClusterIpExposure`, `DebugClient`, `MysqlConnectivityCheck` and the lab chart
 * `MysqlClusterIpLab`, with their props and types. Importing it loads neither the checker nor `synthApp`.
 *
 * @module cdk8s-mysql-clusterip
 */
export * from './mysql-image';
export * from './mysql-storage';
export * from './mysql-database';
export * from './mysql-client-peer';
export * from './mysql-client-options';
export * from './mysql-connection';
export * from './mysql-backend';
export * from './cluster-ip-exposure';
export * from './debug-client';
export * from './mysql-connectivity-check';
export * from './mysql-cluster-ip-lab';
