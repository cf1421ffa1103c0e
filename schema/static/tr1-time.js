// Time: BigInt microseconds since the epoch, so comparisons are exact.
// Part of the TR1 verifier; tr1.js is its public entry.

const MICROS = 1000000n;

function timeFromSeconds(seconds) {
  return BigInt(seconds) * MICROS;
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:.(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?)?)?(Z|z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?$/u;

/** Parse an ISO 8601 date-time with a time zone into BigInt microseconds (null if invalid). */
export function parseIsoMicros(text) {
  if (typeof text !== 'string') return null;
  const m = ISO_PATTERN.exec(text);
  if (!m || m[4] === undefined || m[8] === undefined) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(m[i] ?? 0),
  );
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : daysInMonth) || year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  let micros = BigInt(date.getTime()) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0') || '0');
  const zone = m[8];
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(/:/g, '');
    const offset =
      Number(digits.slice(0, 2)) * 3600 +
      Number(digits.slice(2, 4) || 0) * 60 +
      Number(digits.slice(4, 6) || 0);
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2, 4) || 0) > 59) return null;
    micros -= BigInt(offset) * MICROS * (zone[0] === '-' ? -1n : 1n);
  }
  return micros;
}

function toMicros(now) {
  if (now === undefined || now === null) return BigInt(Date.now()) * 1000n;
  if (now instanceof Date) return BigInt(now.getTime()) * 1000n;
  if (typeof now === 'number') return BigInt(Math.round(now)) * 1000n;
  if (typeof now === 'bigint') return now;
  const micros = parseIsoMicros(String(now));
  if (micros === null) throw new TypeError('now must be a Date, epoch milliseconds or ISO 8601');
  return micros;
}

function isoFromMicros(micros) {
  return new Date(Number(micros / 1000n)).toISOString().replace('.000Z', 'Z');
}

export { isoFromMicros, timeFromSeconds, toMicros };
