import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { durationSeconds, fail, formatValue, isSensitiveName, sizeKibibytes } from '../lib/_validation';
import { MysqlImage } from '../lib';

describe('formatValue shows any value safely', () => {
  test.each<[string, unknown, string]>([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['NaN', NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['-0', -0, '-0'],
    ['a number', 1.5, '1.5'],
    ['a bigint', 10n, '10n'],
    ['a boolean', false, 'false'],
    ['a symbol', Symbol('x'), 'Symbol(x)'],
    ['a string, quoted', 'a "b"', '"a \\"b\\""'],
    ['a named function', function toSeconds() { return 0; }, '[function toSeconds]'],
    ['an anonymous function', (() => () => 0)(), '[function (anonymous)]'],
    ['an object', { a: 1, b: [NaN, undefined] }, '{"a":1,"b":[NaN,undefined]}'],
    ['a Duration by its amount', Duration.millis(10500), '<Duration 10500 millis>'],
    ['a Size by its amount', Size.kibibytes(100), '<Size 100 kibibytes>'],
    ['a Cpu by its amount', kplus.Cpu.millis(250), '<Cpu "250m">'],
    ['another class instance by its class', MysqlImage.MYSQL_8_4, '<MysqlImage>'],
    ['nesting beyond three levels', { a: { b: { c: { d: 1 } } } }, '{"a":{"b":{"c":{…}}}}'],
    ['an array of more than 10 items', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], '[1,2,3,4,5,6,7,8,9,10,…]'],
  ])('%s', (_name, value, shown) => {
    expect(formatValue(value)).toBe(shown);
  });

  test('a construct by its class and path, the root by its class', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Pw', { stringData: { password: 'hunter2' } });
    expect(formatValue(secret)).toBe('<Secret test/Pw>');
    expect(formatValue({ secret, key: undefined })).toBe('{"secret":<Secret test/Pw>,"key":undefined}');
    expect(formatValue(chart.node.root)).toBe('<App>');
  });

  test('a circular structure without throwing', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(formatValue(a)).toBe('{"name":"a","self":<circular>}');
    // the same object twice, not nested in itself, is not circular
    const shared = { x: 1 };
    expect(formatValue([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  test('a value whose reading throws as unprintable', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    expect(formatValue(hostile)).toBe('<unprintable object>');
    expect(formatValue({ get boom(): string { throw new Error('no'); } })).toBe('<unprintable object>');
  });

  test('at most 120 characters', () => {
    const shown = formatValue('x'.repeat(1000));
    expect(shown).toHaveLength(120);
    expect(shown.endsWith('…')).toBe(true);
    expect(formatValue(Array.from({ length: 10 }, () => 'y'.repeat(50)))).toHaveLength(120);
  });

  test('secrets by their type only, at any depth', () => {
    expect(formatValue('hunter2', true)).toBe('<redacted string>');
    expect(formatValue(31415, true)).toBe('<redacted number>');
    expect(formatValue(undefined, true)).toBe('undefined');
    expect(formatValue({ user: 'app', password: 'hunter2' })).toBe('{"user":"app","password":<redacted string>}');
    expect(formatValue({ stringData: { root: 'hunter2' } })).toBe('{"stringData":{"root":<redacted string>}}');
    expect(formatValue({ rootPassword: { value: 'hunter2' } })).toBe('{"rootPassword":{"value":<redacted string>}}');
    expect(formatValue({ rootPasswordSecretName: 'db-root' })).toBe('{"rootPasswordSecretName":"db-root"}');
  });

  test.each<[string, boolean]>([
    ['rootPassword', true], ['password', true], ['apiToken', true], ['stringData', true], ['secret', true],
    ['rootPassword.key', false], ['rootPassword.secret.name', false], ['rootPasswordSecretName', false], ['name', false],
    ['labels["team"]', false],
  ])('isSensitiveName(%p) is %p', (name, sensitive) => {
    expect(isSensitiveName(name)).toBe(sensitive);
  });
});

describe('fail and the conversions name the prop', () => {
  test('fails with the construct, or the factory, that received the value', () => {
    const chart = Testing.chart();
    expect(() => fail(chart, 'replicas', NaN, 'must be an integer')).toThrow("invalid replicas NaN in Chart at 'test': must be an integer");
    expect(() => fail('MysqlImage.fromReference()', 'mysql image', 'x', 'pin it')).toThrow('invalid mysql image "x" in MysqlImage.fromReference(): pin it');
    expect(() => fail(chart, 'rootPassword', 'hunter2', 'pass a Secret')).toThrow("invalid rootPassword <redacted string> in Chart at 'test': pass a Secret");
  });

  test('fails on a Duration that is not whole seconds, naming the prop', () => {
    expect(() => durationSeconds(Testing.chart(), 'wait', Duration.millis(1500), 0, 10, ''))
      .toThrow("invalid wait <Duration 1500 millis> in Chart at 'test': '1500 millis' cannot be converted into a whole number of seconds: "
        + 'use a Duration that converts exactly, for example Duration.minutes(5)');
  });

  test('fails on a number where a Duration or a Size belongs', () => {
    expect(() => durationSeconds(Testing.chart(), 'wait', 300, 0, 1000, '')).toThrow("invalid wait 300 in Chart at 'test': must be a Duration");
    expect(() => sizeKibibytes(Testing.chart(), 'size', 10, true)).toThrow("invalid size 10 in Chart at 'test': must be a Size");
  });

  test('converts what is valid', () => {
    expect(durationSeconds(Testing.chart(), 'wait', Duration.millis(2000), 0, 10, '')).toBe(2);
    expect(sizeKibibytes(Testing.chart(), 'size', Size.mebibytes(1), true)).toBe(1024);
    expect(sizeKibibytes(Testing.chart(), 'size', Size.mebibytes(0), false)).toBe(0);
  });
});
