import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { DebugClient } from '../lib';
import { assertConsistentWiring, wiringFindings, wiringMatchers } from '../lib/testing';
import '../lib/testing/jest';
import { exposureChart } from './_fixtures';

/** A backend, its Service and a debug client: consistent wiring. */
function wired(): ReturnType<typeof exposureChart> & { client: DebugClient } {
  const fixture = exposureChart();
  const client = new DebugClient(fixture.chart, 'Client', { exposure: fixture.exposure });
  return { ...fixture, client };
}

describe('expect(chart).toHaveConsistentWiring()', () => {
  test('passes on a consistent chart, and on its manifests', () => {
    const { chart } = wired();
    expect(chart).toHaveConsistentWiring();
    expect(Testing.synth(chart)).toHaveConsistentWiring();
  });

  test('fails on a Service whose selector matches no pod, with the finding in the message', () => {
    // GIVEN a selector broken by hand
    const { chart, exposure } = wired();
    ApiObject.of(exposure.service).addJsonPatch(JsonPatch.replace('/spec/selector/app.kubernetes.io~1instance', 'mysqll'));
    // THEN
    expect(() => expect(chart).toHaveConsistentWiring())
      .toThrow(/^expected consistent wiring, but the manifest checker found errors:\n[\s\S]*service-no-pods {2}Service default\/mysql-service/);
    expect(chart).not.toHaveConsistentWiring();
  });

  test("fails on a client port the Service does not serve, naming the env var and the Service's port", () => {
    const { chart, client } = wired();
    ApiObject.of(client.pod).addJsonPatch(JsonPatch.replace('/spec/containers/0/env/1/value', '3307'));
    expect(() => expect(chart).toHaveConsistentWiring())
      .toThrow(new RegExp('client-wrong-port {2}Pod default/mysql-client spec.containers\\[0\\].env\\[1\\]\\n\\s+'
        + 'env MYSQL_TCP_PORT dials port 3307 on Service default/mysql-service \\(the host is in MYSQL_HOST\\), which serves 3306'));
  });

  test('fails on warnings only when asked to, and skips disabled checks', () => {
    const { chart } = wired();
    const manifests = Testing.synth(chart);
    // an image without a tag is a warning
    manifests.find((m) => m.kind === 'Pod').spec.containers[0].image = 'mysql';
    const warnings = wiringFindings(manifests, { failOn: 'warning' });
    expect(warnings.map((f) => f.id)).toContain('image-tag');
    expect(wiringFindings(manifests, { failOn: 'warning', disable: ['image-tag'] }).map((f) => f.id)).not.toContain('image-tag');
  });
});

describe('the plain functions, for other runners', () => {
  test('wiringFindings returns nothing for a consistent chart, the errors for a broken one', () => {
    const { chart, backend } = wired();
    expect(wiringFindings(chart)).toEqual([]);
    // the container port renamed by hand: the Service targets it by name
    backend.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/ports/0/name', 'mysqlx'));
    const findings = wiringFindings(chart);
    expect(findings.map((f) => [f.id, f.kind, f.name])).toEqual(expect.arrayContaining([['service-target-port', 'Service', 'mysql-service']]));
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });

  test('assertConsistentWiring returns on a consistent chart and throws the report on a broken one', () => {
    const { chart, exposure } = wired();
    expect(assertConsistentWiring(chart)).toBeUndefined();
    ApiObject.of(exposure.service).addJsonPatch(JsonPatch.replace('/spec/selector/app.kubernetes.io~1instance', 'other'));
    expect(() => assertConsistentWiring(chart)).toThrow(/service-no-pods/);
  });

  test('the matcher object takes the shape expect.extend() takes', () => {
    const { chart } = wired();
    const result = wiringMatchers.toHaveConsistentWiring(chart);
    expect(result.pass).toBe(true);
    expect(result.message()).toBe('expected the manifest checker to find wiring errors, and it found none');
  });

  test('fails on something that is neither a chart nor manifests', () => {
    expect(() => wiringFindings('dist/' as never)).toThrow('cannot check the wiring of string: pass a cdk8s Chart, or the manifests of Testing.synth(chart)');
  });

  test('the jest entry fails, saying what to do, where there is no global expect', () => {
    const saved = expect;
    let error: unknown;
    try {
      delete (globalThis as { expect?: unknown }).expect;
      jest.isolateModules(() => {
        try {
          require('../lib/testing/jest');
        } catch (e) {
          error = e;
        }
      });
    } finally {
      (globalThis as { expect?: unknown }).expect = saved;
    }
    expect(String(error)).toMatch(/registers its matcher on the global `expect` of jest, and there is none here/);
  });
});
