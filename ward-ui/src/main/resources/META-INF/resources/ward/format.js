// Pure formatting functions (no DOM, no network), following NHS Common User Interface (CUI)
// display conventions. Every function takes its "now" or time zone as an argument where it
// matters, so they can be unit tested.

export const NOT_KNOWN = 'Not Known';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const LONDON = 'Europe/London';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

export function isKnown(value) {
  return value !== undefined && value !== null && String(value).trim() !== '';
}

// ---------------------------------------------------------------------------------------------
// NHS number

/** '9434765919' -> '943 476 5919'. Values that are not 10 digits are shown as given. */
export function formatNhsNumber(value) {
  if (!isKnown(value)) return NOT_KNOWN;
  const digits = String(value).replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return String(value).trim();
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** Modulus 11 check of a 10-digit NHS number (spaces allowed). */
export function isValidNhsNumber(value) {
  const digits = String(value ?? '').replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === Number(digits[9]);
}

/** The NHS number identifier value of a FHIR Patient, or null. */
export function nhsNumberOf(patient) {
  const id = (patient?.identifier ?? []).find((i) => i?.system === NHS_NUMBER_SYSTEM && isKnown(i.value));
  return id ? String(id.value).trim() : null;
}

// ---------------------------------------------------------------------------------------------
// Names

function isCurrentPeriod(period, now) {
  if (!period?.end) return true;
  const end = Date.parse(period.end);
  return Number.isNaN(end) || end > now.getTime();
}

/** The name to display: official, then usual, then any other current name that is not old/maiden. */
export function preferredName(names, now = new Date()) {
  const list = (names ?? []).filter((n) => n && isCurrentPeriod(n.period, now));
  return (
    list.find((n) => n.use === 'official') ??
    list.find((n) => n.use === 'usual') ??
    list.find((n) => n.use !== 'old' && n.use !== 'maiden') ??
    list[0] ??
    null
  );
}

/** HumanName -> 'FAMILY, Given Middle (Title)' (CUI). */
export function formatHumanName(name) {
  if (!name) return NOT_KNOWN;
  const family = (name.family ?? '').trim();
  const given = (name.given ?? []).map((g) => (g ?? '').trim()).filter(Boolean).join(' ');
  const prefix = (name.prefix ?? []).map((p) => (p ?? '').trim()).filter(Boolean).join(' ');
  if (!family && !given) return isKnown(name.text) ? name.text.trim() : NOT_KNOWN;
  let text = [family.toLocaleUpperCase('en-GB'), given].filter(Boolean).join(', ');
  if (prefix) text += ` (${prefix})`;
  return text;
}

export function formatPatientName(patient, now = new Date()) {
  return formatHumanName(preferredName(patient?.name, now));
}

// ---------------------------------------------------------------------------------------------
// Gender

const GENDERS = { male: 'Male', female: 'Female', other: 'Other', unknown: NOT_KNOWN };

export function formatGender(gender) {
  return GENDERS[gender] ?? NOT_KNOWN;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** A FHIR date ('1945-07-14', '1945-07' or '1945') -> '14-Jul-1945', 'Jul-1945', '1945'. */
export function formatDate(value) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(value ?? ''));
  if (!m) return NOT_KNOWN;
  const [, year, month, day] = m;
  if (!month) return year;
  const mon = MONTHS[Number(month) - 1];
  if (!mon) return NOT_KNOWN;
  return day ? `${day}-${mon}-${year}` : `${mon}-${year}`;
}

const partsFormatters = new Map();

/** Calendar parts of an instant in a time zone: {year, month, day, hour, minute} as numbers. */
export function zonedParts(date, timeZone = LONDON) {
  let fmt = partsFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, fmt);
  }
  const parts = {};
  for (const p of fmt.formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  if (parts.hour === 24) parts.hour = 0;
  return parts;
}

/** A FHIR dateTime/instant string (or Date) -> Date, or null when missing or unreadable. */
export function parseInstant(value) {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (!isKnown(value)) return null;
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? null : new Date(ms);
}

const pad = (n) => String(n).padStart(2, '0');

/** '2025-03-30T01:30:00Z' -> '30-Mar-2025 02:30' in Europe/London, 24-hour clock. */
export function formatDateTime(value, timeZone = LONDON) {
  const date = parseInstant(value);
  if (!date) return NOT_KNOWN;
  const p = zonedParts(date, timeZone);
  return `${pad(p.day)}-${MONTHS[p.month - 1]}-${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Time of day only, 24-hour: '14:05'. */
export function formatTime(value, timeZone = LONDON) {
  const date = parseInstant(value);
  if (!date) return NOT_KNOWN;
  const p = zonedParts(date, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

// ---------------------------------------------------------------------------------------------
// Ages and durations

function daysInMonth(year, month /* 1-12 */) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Age on a given date, CUI style: '61y', '15y 3m', '1y 2m'... (under 2 years: '14m 3d';
 * under 1 year: '10w 2d'; under 4 weeks: '12d'). Null when the birth date is not a full date
 * or is in the future.
 */
export function formatAge(birthDate, now = new Date(), timeZone = LONDON) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(birthDate ?? '').trim());
  if (!m) return null;
  const by = Number(m[1]);
  const bm = Number(m[2]);
  const bd = Number(m[3]);
  const t = zonedParts(now instanceof Date ? now : new Date(now), timeZone);
  const days = Math.round((Date.UTC(t.year, t.month - 1, t.day) - Date.UTC(by, bm - 1, bd)) / DAY);
  if (Number.isNaN(days) || days < 0) return null;

  // Whole months and remaining days between the two calendar dates.
  let months = (t.year - by) * 12 + (t.month - bm);
  let dayRem = t.day - bd;
  if (dayRem < 0) {
    months -= 1;
    const prevMonth = t.month === 1 ? 12 : t.month - 1;
    const prevYear = t.month === 1 ? t.year - 1 : t.year;
    dayRem += daysInMonth(prevYear, prevMonth);
  }
  const years = Math.floor(months / 12);

  if (days < 28) return `${days}d`;
  if (years < 1) {
    const w = Math.floor(days / 7);
    const d = days % 7;
    return d ? `${w}w ${d}d` : `${w}w`;
  }
  if (years < 2) return dayRem ? `${months}m ${dayRem}d` : `${months}m`;
  if (years < 18) {
    const mo = months % 12;
    return mo ? `${years}y ${mo}m` : `${years}y`;
  }
  return `${years}y`;
}

/** 'Born' value for the banner: '14-Jul-1945 (61y)'. */
export function formatBorn(birthDate, now = new Date(), timeZone = LONDON) {
  if (!isKnown(birthDate)) return NOT_KNOWN;
  const date = formatDate(birthDate);
  if (date === NOT_KNOWN) return NOT_KNOWN;
  const age = formatAge(birthDate, now, timeZone);
  return age ? `${date} (${age})` : date;
}

/** Milliseconds -> '< 1 min', '45 min', '5 h 3 min', '2 d 5 h'. */
export function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return NOT_KNOWN;
  if (ms < 0) return ms > -5 * MINUTE ? '< 1 min' : NOT_KNOWN; // small clock skew only
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const min = minutes % 60;
    return min ? `${hours} h ${min} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${days} d ${h} h` : `${days} d`;
}

/** '< 1 min' ago is awkward: 'less than a minute ago', '12 min ago'. */
export function formatAgo(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return NOT_KNOWN;
  return ms < MINUTE ? 'less than a minute ago' : `${formatDuration(ms)} ago`;
}

/** Time elapsed since a FHIR dateTime: '2 d 5 h'. */
export function formatTimeSince(start, now = new Date()) {
  const date = parseInstant(start);
  if (!date) return NOT_KNOWN;
  return formatDuration(now.getTime() - date.getTime());
}

// ---------------------------------------------------------------------------------------------
// Sorting

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Natural order for bed labels ('Bed 2' before 'Bed 10'); missing labels last. */
export function compareLabels(a, b) {
  if (!isKnown(a) && !isKnown(b)) return 0;
  if (!isKnown(a)) return 1;
  if (!isKnown(b)) return -1;
  return collator.compare(String(a), String(b));
}

// ---------------------------------------------------------------------------------------------
// Wall-clock times in Europe/London, stored with their offset (FHIR dateTime)

/** Minutes east of UTC of a time zone at an instant: 60 in British Summer Time, 0 in winter. */
export function offsetMinutes(date, timeZone = LONDON) {
  const ms = date.getTime();
  const minute = Math.floor(ms / MINUTE) * MINUTE;
  const p = zonedParts(new Date(minute), timeZone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - minute) / MINUTE);
}

/** An instant as a FHIR dateTime in local time with its offset: '2026-03-29T14:05:09+01:00'. */
export function toFhirDateTime(date, timeZone = LONDON) {
  const p = zonedParts(date, timeZone);
  const offset = offsetMinutes(date, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const seconds = pad(date.getUTCSeconds());
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${seconds}${sign}${pad(
    Math.floor(abs / 60),
  )}:${pad(abs % 60)}`;
}

/** The local calendar date of an instant: '2026-03-29'. */
export function localDate(date, timeZone = LONDON) {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local time of day of an instant: '14:05'. */
export function localTime(date, timeZone = LONDON) {
  const p = zonedParts(date, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * A local wall-clock date and time ('2026-03-29', '14:05') -> the instant (Date), or null when
 * unreadable. In the hour that is skipped when clocks go forward the time is read with the winter
 * offset (so 01:30 becomes 02:30 BST); in the repeated hour in October the later (GMT) one is used.
 */
export function fromLocalDateTime(dateText, timeText, timeZone = LONDON) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(dateText ?? ''));
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(String(timeText ?? ''));
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  if (Number.isNaN(wall)) return null;
  const first = offsetMinutes(new Date(wall), timeZone);
  let ms = wall - first * MINUTE;
  const second = offsetMinutes(new Date(ms), timeZone);
  if (second !== first) ms = wall - second * MINUTE;
  return new Date(ms);
}

/** Calendar arithmetic on 'YYYY-MM-DD' dates. */
export function addDays(dateText, days) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(dateText ?? ''));
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return date.toISOString().slice(0, 10);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** '2026-03-29' -> 'Sun 29-Mar-2026'. */
export function formatDayDate(dateText) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(dateText ?? ''));
  if (!m) return NOT_KNOWN;
  const weekday = WEEKDAYS[new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay()];
  return `${weekday} ${formatDate(dateText)}`;
}

/** The offset written in a FHIR dateTime ('…+01:00' -> 60, '…Z' -> 0), or null. */
export function writtenOffsetMinutes(value) {
  const m = /(Z|([+-])(\d{2}):(\d{2}))$/.exec(String(value ?? ''));
  if (!m) return null;
  if (m[1] === 'Z') return 0;
  return (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** 1250 -> '1,250'; null -> 'Not Known'. */
export function formatNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) ? numberFormat.format(value) : NOT_KNOWN;
}

/** A volume in mL: '1,250 mL'. */
export function formatMl(value) {
  return typeof value === 'number' && Number.isFinite(value) ? `${numberFormat.format(value)} mL` : NOT_KNOWN;
}

/** A balance with its sign: '+450 mL', '−200 mL' (a true minus sign), '0 mL'. */
export function formatBalance(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NOT_KNOWN;
  if (value > 0) return `+${numberFormat.format(value)} mL`;
  if (value < 0) return `\u2212${numberFormat.format(-value)} mL`;
  return '0 mL';
}
