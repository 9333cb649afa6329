export * from './mysql-image';
export * from './mysql-storage';
export * from './mysql-client-peer';
export * from './mysql-backend';
export * from './cluster-ip-exposure';
export * from './debug-client';
export * from './mysql-connectivity-check';
export * from './mysql-cluster-ip-lab';
