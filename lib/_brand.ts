import type { IClusterIpExposure } from './cluster-ip-exposure';
import type { IMysqlBackend } from './mysql-backend';

/**
 * Brands mark an object as an instance of one of this package's classes, from any installed copy of the package:
 * `instanceof` fails when a consumer's dependencies bring two copies, a registered symbol does not (the way cdk8s's
 * `ApiObject.isApiObject` works).
 */
function symbolOf(className: string): symbol {
  return Symbol.for(`cdk8s-mysql-clusterip.${className}`);
}

/** Marks `obj` as an instance of `className`. */
export function brand(obj: object, className: string): void {
  Object.defineProperty(obj, symbolOf(className), { value: true });
}

/** True when `x` carries the brand of `className`. */
export function hasBrand(x: unknown, className: string): boolean {
  return x !== null && typeof x === 'object' && symbolOf(className) in x;
}

/** A `MysqlBackend` of any copy of this package, or another implementation of `IMysqlBackend`. */
export function isBackend(x: unknown): x is IMysqlBackend {
  if (hasBrand(x, 'MysqlBackend')) return true;
  const b = x as Partial<IMysqlBackend> | undefined;
  return b !== null && typeof b === 'object' && typeof b.name === 'string' && typeof b.port === 'number'
    && typeof b.portName === 'string' && typeof b.protocol === 'string' && typeof b.selectorLabels === 'object'
    && typeof b.rootPassword === 'object' && typeof b.image === 'object';
}

/** A `ClusterIpExposure` of any copy of this package, or another implementation of `IClusterIpExposure`. */
export function isExposure(x: unknown): x is IClusterIpExposure {
  if (hasBrand(x, 'ClusterIpExposure')) return true;
  const e = x as Partial<IClusterIpExposure> | undefined;
  return e !== null && typeof e === 'object' && typeof e.serviceName === 'string' && typeof e.port === 'number'
    && typeof e.hostFor === 'function' && typeof e.allowFrom === 'function' && isBackend(e.backend);
}
