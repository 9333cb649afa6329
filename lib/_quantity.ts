// Kubernetes resource quantities (`500m`, `1Gi`, `1e3`) as the API server reads and writes them: a port of
// ParseQuantity and String() from k8s.io/apimachinery/pkg/api/resource (quantity.go, suffix.go, amount.go).
// The server stores what String() returns, and `kubectl apply` sends a patch whenever that differs from what the
// manifest says: a manifest converges only when every quantity is already in that form.

/** How a quantity was written: with a binary suffix (`Ki`..`Ei`), a decimal one (`n`..`E`, or none), or `e<n>`. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** A parsed quantity: the exact value `unscaled * 10^exponent`, its format, and the text the server keeps as sent. */
export interface ParsedQuantity {
  readonly unscaled: bigint;
  readonly exponent: number;
  readonly format: QuantityFormat;
  /** The input, when ParseQuantity keeps it verbatim (it deems it canonical already); String() returns it unchanged. */
  readonly kept?: string;
}

const DECIMAL_SUFFIXES: Record<string, number> = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
/** maxInt64Factors in math.go: the most digits the int64 fast path takes. */
const MAX_INT64_FACTORS = 18;
/** The smallest scale a quantity keeps (nano): smaller fractions round up. */
const NANO = -9;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** parseQuantityString in quantity.go: sign, numerator, denominator and suffix, or undefined for ErrFormatWrong. */
function scan(str: string): { positive: boolean; value: string; num: string; denom: string; suffix: string } | undefined {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) {
    return { positive, value: '0', num: '0', denom: '', suffix: '' };
  }
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) {
    return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  }
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) {
      return { positive, value: str, num, denom, suffix: '' };
    }
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i])) i++;
  if (i >= end) {
    return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  }
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  for (i = pos; i < end; i++) {
    if (!isDigit(str[i])) return undefined;
  }
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** The suffixer's interpret(): base, exponent and format of a suffix, or undefined for ErrSuffix. */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = BigInt(suffix.slice(1));
    // strconv.ParseInt(.., 64) then int32(): out-of-range exponents wrap in Go; nobody writes them
    if (exponent > MAX_INT64 || exponent < MIN_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, exponent)), format: 'DecimalExponent' };
  }
  return undefined;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * Parses a quantity as the API server does (ParseQuantity), or returns undefined where the server rejects it.
 * Non-zero values are rounded up (away from zero) to whole nano units; binary values are capped at 2^63-1.
 */
export function parseQuantity(str: string): ParsedQuantity | undefined {
  if (str.length === 0) return undefined;
  if (str === '0') return { unscaled: 0n, exponent: 0, format: 'DecimalSI', kept: str };
  const scanned = scan(str);
  if (!scanned) return undefined;
  const { positive, value, num, denom } = scanned;
  const suffix = interpret(scanned.suffix);
  if (!suffix) return undefined;
  let { format } = suffix;
  const { base, exponent } = suffix;

  // The int64 fast path, which also decides whether the input is kept verbatim.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc(Math.fround(exponent * 3 / 10)) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      let result = v * mantissa;
      if (result <= MAX_INT64) {
        if (!positive) result = -result;
        const canonical = format === 'BinarySI'
          ? exponent % 10 === 0 && (v & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return { unscaled: result, exponent: scale, format, ...(canonical ? { kept: str } : {}) };
      }
    }
  }

  // The inf.Dec path: exact decimal arithmetic.
  const digits = value.replace(/^[+-]/, '');
  const [whole, fraction = ''] = digits.split('.');
  if (!/^[0-9]*$/.test(whole) || !/^[0-9]*$/.test(fraction) || whole.length + fraction.length === 0) return undefined;
  let unscaled = BigInt(`${whole}${fraction}` || '0');
  let exp = -fraction.length;
  if (base === 10) {
    exp += exponent;
  } else {
    unscaled *= 1n << BigInt(exponent);
  }
  if (unscaled !== 0n && exp < NANO) {
    const factor = pow10(NANO - exp);
    unscaled = unscaled / factor + (unscaled % factor === 0n ? 0n : 1n);
    exp = NANO;
  }
  if (format === 'BinarySI' && compare(unscaled, exp, MAX_INT64, 0) > 0) {
    unscaled = MAX_INT64;
    exp = 0;
  }
  if (format === 'BinarySI' && unscaled !== 0n && compare(unscaled, exp, 1n, 0) < 0) {
    format = 'DecimalSI';
  }
  return { unscaled: positive ? unscaled : -unscaled, exponent: exp, format };
}

/** Compares a * 10^ea with b * 10^eb. */
function compare(a: bigint, ea: number, b: bigint, eb: number): number {
  const e = Math.min(ea, eb);
  const x = a * pow10(ea - e);
  const y = b * pow10(eb - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares two parsed quantities by value: negative, zero or positive. */
export function compareQuantities(a: ParsedQuantity, b: ParsedQuantity): number {
  return compare(a.unscaled, a.exponent, b.unscaled, b.exponent);
}

/** A parsed quantity as a JavaScript number (approximate for very large or very precise values). */
export function quantityToNumber(q: ParsedQuantity): number {
  return Number(q.unscaled) * 10 ** q.exponent;
}

/** CanonicalizeBytes in quantity.go: the canonical text of a value in a format. */
function canonicalize(q: ParsedQuantity): string {
  const { unscaled, exponent } = q;
  if (unscaled === 0n) return '0';
  const sign = unscaled < 0n ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI') {
    if (compare(abs(unscaled), exponent, 1024n, 0) < 0) {
      format = 'DecimalSI';
    } else if (exponent < 0 && abs(unscaled) % pow10(-exponent) !== 0n) {
      // not an integer: shown in decimal, so that no precision is lost
      format = 'DecimalSI';
    } else {
      let amount = exponent >= 0 ? abs(unscaled) * pow10(exponent) : abs(unscaled) / pow10(-exponent);
      let times = 0;
      while (amount >= 1024n && amount % 1024n === 0n) {
        amount /= 1024n;
        times++;
      }
      const suffix = Object.keys(BINARY_SUFFIXES).find((s) => BINARY_SUFFIXES[s] === times * 10) ?? '';
      return `${sign}${amount}${suffix}`;
    }
  }
  let amount = abs(unscaled);
  let exp = exponent;
  while (amount >= 10n && amount % 10n === 0n) {
    amount /= 10n;
    exp++;
  }
  while (exp % 3 !== 0) {
    amount *= 10n;
    exp--;
  }
  let suffix: string;
  if (format === 'DecimalExponent') {
    suffix = exp === 0 ? '' : `e${exp}`;
  } else {
    // Beyond `E` (10^18) the server finds no suffix and writes none: `1000E` is stored as `1` (Kubernetes 1.20 to
    // 1.28 at least; newer apimachinery writes `1e21`). Either way it is not what was sent.
    suffix = Object.keys(DECIMAL_SUFFIXES).find((s) => DECIMAL_SUFFIXES[s] === exp) ?? '';
  }
  return `${sign}${amount}${suffix}`;
}

/**
 * What the API server stores for a quantity sent as this text (ParseQuantity, then String()), or undefined when
 * it rejects the text. `1024Mi` is stored as `1Gi`, `1000m` as `1`, `0.5` as `500m`; `1536Mi` and `500m` as sent.
 */
export function storedQuantity(text: string): string | undefined {
  const q = parseQuantity(text.trim());
  if (!q) return undefined;
  return q.kept ?? canonicalize(q);
}

/**
 * The canonical form of a quantity: what the server stores, so that `kubectl apply` converges. Throws on text the
 * server rejects.
 */
export function canonicalQuantity(text: string): string {
  const stored = storedQuantity(text);
  if (stored === undefined) {
    throw new Error(`invalid quantity ${JSON.stringify(text)}: write a number with an optional suffix (500m, 1, 512Mi, 1Gi, 1e3)`);
  }
  return stored;
}
