// Formats an instant with a Java DateTimeFormatter pattern, the language
// of Firehose's `!{timestamp:…}` prefix expressions, in an IANA zone. The
// subset Firehose prefixes use: y, M, d, H, h, m, s, S, a, quoted text.

const partsCache = new Map<string, Intl.DateTimeFormat>();

interface CalendarFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsCache.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, formatter);
  }
  return formatter;
}

/** Calendar fields of an instant in a zone. */
function fieldsOf(epochMs: number, timeZone: string): CalendarFields {
  const fields: CalendarFields = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    ms: ((epochMs % 1000) + 1000) % 1000,
  };
  for (const part of zoneFormatter(timeZone).formatToParts(epochMs)) {
    const type: string = part.type;
    if (type in fields && type !== 'ms')
      fields[type as keyof CalendarFields] = Number(part.value);
  }
  return fields;
}

const pad = (value: number, width: number): string =>
  String(value).padStart(width, '0');

function letterValue(
  letter: string,
  count: number,
  f: CalendarFields,
): string | undefined {
  switch (letter) {
    case 'y':
    case 'u':
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case 'M':
      return pad(f.month, count);
    case 'd':
      return pad(f.day, count);
    case 'H':
      return pad(f.hour, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return pad(f.ms, 3).slice(0, count).padEnd(count, '0');
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    default:
      return undefined;
  }
}

/**
 * Check a pattern; throws naming the first unsupported letter.
 *
 * @example
 *   checkJavaPattern("yyyy-MM-dd'T'HH"); // ok
 */
export function checkJavaPattern(pattern: string): void {
  formatJavaPattern(0, pattern, 'UTC');
}

/**
 * Format `epochMs` with a Java DateTimeFormatter pattern in `timeZone`.
 *
 * @example
 *   formatJavaPattern(Date.UTC(2026, 2, 1, 9), 'yyyy/MM/dd/HH', 'UTC'); // '2026/03/01/09'
 */
export function formatJavaPattern(
  epochMs: number,
  pattern: string,
  timeZone = 'UTC',
): string {
  const f = fieldsOf(epochMs, timeZone);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] ?? '';
    if (char === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unterminated quote in ${pattern}`);
      out += pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count++;
      const value = letterValue(char, count, f);
      if (value === undefined) {
        throw new Error(
          `pattern letter '${char}' in ${JSON.stringify(pattern)} is not emulated (supported: y M d H h m s S a and 'quoted text')`,
        );
      }
      out += value;
      i += count;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}
