export * from './mysql-image';
export * from './mysql-backend';
export * from './cluster-ip-exposure';
export * from './debug-client';
export * from './mysql-cluster-ip-lab';
export * from './synth';
