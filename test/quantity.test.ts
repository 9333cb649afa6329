// The API server's quantity rules (lib/_quantity.ts): what it stores for what a manifest sends. `kubectl apply`
// converges only when the two are equal.
import * as fs from 'fs';
import * as path from 'path';
import { canonicalQuantity, compareQuantities, parseQuantity, storedQuantity } from '../lib/_quantity';

describe('storedQuantity: what the API server writes back', () => {
  // Measured on a real kube-apiserver: sent with `kubectl apply`, read back with `kubectl get -o yaml`.
  test.each([
    ['1024Mi', '1Gi'], ['10240Mi', '10Gi'], ['1536Mi', '1536Mi'], ['1000Mi', '1000Mi'], ['0.5Gi', '512Mi'], ['1.5Gi', '1536Mi'],
    ['1000m', '1'], ['1500m', '1500m'], ['0.5', '500m'], ['0.1', '100m'], ['1000', '1k'], ['2000', '2k'],
    ['1G', '1G'], ['1000M', '1G'], ['1e3', '1e3'], ['1048576', '1048576'], ['1Ki', '1Ki'], ['1.1Gi', '1181116006400m'],
  ])('%s is stored as %s (measured)', (sent, stored) => {
    expect(storedQuantity(sent)).toBe(stored);
  });

  test.each([
    // zero, in every spelling, is "0"
    ['0', '0'], ['-0', '0'], ['00', '0'], ['0Mi', '0'], ['0.0', '0'], ['0e3', '0'],
    // the largest suffix of the same family, no fraction, no precision lost
    ['3072Mi', '3Gi'], ['1048576Ki', '1Gi'], ['1024Gi', '1Ti'], ['8Ki', '8Ki'], ['1.000', '1'], ['1.5', '1500m'], ['100m', '100m'],
    // binary values under 1024, and inexact ones, switch to decimal
    ['0.5Ki', '512'], ['1023', '1023'], ['1.1Ki', '1126400m'], ['.001Ki', '1024m'], ['-1.5Gi', '-1536Mi'],
    // decimal exponent forms keep the exponent form, in multiples of 3
    ['1e4', '10e3'], ['1E3', '1E3'], ['1e+3', '1e+3'], ['1.5e3', '1500'], ['12e5', '1200e3'], ['1e0', '1e0'], ['1e-3', '1e-3'], ['1e-4', '100e-6'],
    // below a nano unit rounds up; very large binary values are capped at 2^63-1
    ['0.1m', '100u'], ['0.1n', '1n'], ['1e-10', '1e-9'], ['.000000000001Ki', '2n'],
    ['9Ei', '9223372036854775807'], ['9223372036854775807', '9223372036854775807'], ['99999999999999999999', '99999999999999999999'],
    // the server's own oddities, kept because they are what it stores: a text it deems canonical is kept as sent,
    // and a decimal value beyond the largest suffix (E = 10^18) loses its suffix
    ['+1', '+1'], ['1.500', '1.500'], ['1000E', '1'],
    // a suffix or a sign with no digits is zero
    ['Mi', '0'], ['-', '0'],
  ])('%s is stored as %s', (sent, stored) => {
    expect(storedQuantity(sent)).toBe(stored);
  });

  test.each(['', '1K', '1e', '1.5.5', '1 Gi', '1Gib'])('the server rejects %j', (text) => {
    expect(storedQuantity(text)).toBeUndefined();
  });

  test('surrounding spaces are trimmed from a JSON string, so " 1Gi" is stored as "1Gi"', () => {
    expect(storedQuantity(' 1Gi')).toBe('1Gi');
  });

  test('every row of the table produced by the server\'s own code (ParseQuantity then String(), apimachinery v0.20.2)', () => {
    const rows = fs.readFileSync(path.join(__dirname, 'fixtures', 'quantity', 'apimachinery-v0.20.2.tsv'), 'utf8').split('\n').filter((l) => l !== '');
    expect(rows.length).toBeGreaterThan(800);
    const wrong = rows.map((row) => row.split('\t')).filter(([sent, stored]) => (storedQuantity(sent) ?? '!') !== stored);
    expect(wrong).toEqual([]);
  });

  test('the stored form is a fixed point: storing it again changes nothing', () => {
    const rows = fs.readFileSync(path.join(__dirname, 'fixtures', 'quantity', 'apimachinery-v0.20.2.tsv'), 'utf8').split('\n');
    for (const [, stored] of rows.map((row) => row.split('\t')).filter(([, s]) => s !== undefined && s !== '!')) {
      expect({ stored, again: storedQuantity(stored) }).toEqual({ stored, again: stored });
    }
  });
});

describe('canonicalQuantity', () => {
  test('the form the constructs write', () => {
    expect(canonicalQuantity('1024Mi')).toBe('1Gi');
    expect(canonicalQuantity('1000m')).toBe('1');
    expect(canonicalQuantity('524288Ki')).toBe('512Mi');
  });

  test('fails on a text the server rejects, showing it', () => {
    expect(() => canonicalQuantity('NaNm')).toThrow('invalid quantity "NaNm": write a number with an optional suffix (500m, 1, 512Mi, 1Gi, 1e3)');
  });
});

describe('parseQuantity', () => {
  test('compares exactly, across suffixes', () => {
    const q = (s: string) => parseQuantity(s)!;
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('1G'), q('1Gi'))).toBeLessThan(0);
    expect(compareQuantities(q('1500m'), q('1.5'))).toBe(0);
    expect(compareQuantities(q('9223372036854775807'), q('9223372036854775806'))).toBeGreaterThan(0);
  });
});
