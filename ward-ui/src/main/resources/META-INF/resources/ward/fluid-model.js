// Food and fluid charts: the FHIR shapes of docs/features/fluid-balance.md (the contract), as pure
// functions with no DOM and no network, so they can be unit tested.

import { idFromReference } from './fhir.js';
import { isKnown, parseInstant, toFhirDateTime } from './format.js';

export const CANONICAL = 'https://parity-epr.org/fhir';
export const OBSERVATION_CS = `${CANONICAL}/CodeSystem/parity-observation`;
export const CATEGORY_CS = `${CANONICAL}/CodeSystem/parity-observation-category`;
export const ROUTE_CS = `${CANONICAL}/CodeSystem/fluid-intake-route`;
export const OUTPUT_TYPE_CS = `${CANONICAL}/CodeSystem/fluid-output-type`;
export const UNMEASURED_CS = `${CANONICAL}/CodeSystem/unmeasured-output`;
export const MEAL_CS = `${CANONICAL}/CodeSystem/meal`;
export const PORTION_CS = `${CANONICAL}/CodeSystem/portion-eaten`;
export const MUST_RISK_CS = `${CANONICAL}/CodeSystem/must-risk`;
export const DATA_ABSENT_CS = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
export const VITAL_SIGNS_CATEGORY_CS = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const URI_SYSTEM = 'urn:ietf:rfc:3986';

export const PROFILE = {
  intake: `${CANONICAL}/StructureDefinition/parity-fluid-intake`,
  output: `${CANONICAL}/StructureDefinition/parity-fluid-output`,
  food: `${CANONICAL}/StructureDefinition/parity-food-intake`,
  weight: `${CANONICAL}/StructureDefinition/parity-body-weight`,
  height: `${CANONICAL}/StructureDefinition/parity-body-height`,
  must: `${CANONICAL}/StructureDefinition/parity-must-screening`,
};

export const LOINC_WEIGHT = '29463-7';
export const LOINC_HEIGHT = '8302-2';

/** Value sets of the contract, in the order the UI offers them, with the words shown. */
export const ROUTES = [
  { code: 'oral', label: 'Oral' },
  { code: 'iv', label: 'IV' },
  { code: 'enteral-ng', label: 'NG' },
  { code: 'enteral-nj', label: 'NJ' },
  { code: 'enteral-peg', label: 'PEG' },
  { code: 'subcutaneous', label: 'Subcutaneous' },
];

export const OUTPUT_TYPES = [
  { code: 'urine', label: 'Urine' },
  { code: 'vomit', label: 'Vomit' },
  { code: 'stool-stoma', label: 'Stool / stoma' },
  { code: 'drain', label: 'Drain' },
  { code: 'ng-aspirate', label: 'NG aspirate' },
  { code: 'other', label: 'Other' },
];

export const UNMEASURED = [
  { code: 'passed-not-measured', label: 'Passed, not measured' },
  { code: 'incontinent', label: 'Incontinent' },
  { code: 'other-unmeasured', label: 'Other, not measured' },
];

export const MEALS = [
  { code: 'breakfast', label: 'Breakfast' },
  { code: 'mid-morning', label: 'Mid-morning' },
  { code: 'lunch', label: 'Lunch' },
  { code: 'mid-afternoon', label: 'Mid-afternoon' },
  { code: 'evening-meal', label: 'Evening meal' },
  { code: 'supper', label: 'Supper' },
];

export const PORTIONS = [
  { code: 'none', label: 'None', short: 'None' },
  { code: 'quarter', label: 'A quarter', short: '¼' },
  { code: 'half', label: 'Half', short: '½' },
  { code: 'three-quarters', label: 'Three quarters', short: '¾' },
  { code: 'all', label: 'All', short: 'All' },
];

export const MUST_RISKS = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' };

export const QUICK_VOLUMES = [50, 100, 150, 200, 250, 500];

/** Common fluid types offered as one-tap choices, by route. */
export const FLUID_TYPES = {
  oral: ['Water', 'Tea', 'Coffee', 'Juice', 'Milk', 'Squash', 'Soup'],
  iv: ['0.9% sodium chloride', '5% glucose', "Hartmann's", '0.18% sodium chloride / 4% glucose'],
  'enteral-ng': ['Enteral feed', 'Water flush'],
  'enteral-nj': ['Enteral feed', 'Water flush'],
  'enteral-peg': ['Enteral feed', 'Water flush'],
  subcutaneous: ['0.9% sodium chloride', '5% glucose'],
};

export const MAX_ENTRY_ML = 5000; // the server's default parity.fluid-balance.max-entry-ml
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000; // the server's default future tolerance

const labelOf = (list, code) => list.find((x) => x.code === code)?.label ?? code ?? 'Not Known';
export const routeLabel = (code) => labelOf(ROUTES, code);
export const outputTypeLabel = (code) => labelOf(OUTPUT_TYPES, code);
export const unmeasuredLabel = (code) => labelOf(UNMEASURED, code);
export const mealLabel = (code) => labelOf(MEALS, code);
export const portionLabel = (code) => labelOf(PORTIONS, code);

/** The meal a nurse is most likely charting at a local time of day ('HH:MM'). */
export function mealForTime(time) {
  const m = /^(\d{2}):(\d{2})/.exec(String(time ?? ''));
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : 12 * 60;
  if (minutes < 10 * 60) return 'breakfast';
  if (minutes < 11 * 60 + 45) return 'mid-morning';
  if (minutes < 14 * 60 + 30) return 'lunch';
  if (minutes < 16 * 60 + 30) return 'mid-afternoon';
  if (minutes < 19 * 60 + 30) return 'evening-meal';
  return 'supper';
}

// ---------------------------------------------------------------------------------------------
// Building chart entries

/** A random (version 4) UUID: crypto.randomUUID() where the page is a secure context (HTTPS or localhost). */
export function randomUuid() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Plain-HTTP pages have no randomUUID(); getRandomValues() is available everywhere.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new idempotency key: 'urn:uuid:…' (generated once per entry, kept through every retry). */
export function newEntryIdentifier() {
  return `urn:uuid:${randomUuid()}`;
}

/** The If-None-Exist header value for an entry's identifier. */
export function ifNoneExist(identifierValue) {
  return `identifier=${URI_SYSTEM}|${identifierValue}`;
}

/** The entry's client identifier value ('urn:uuid:…'), or null. */
export function entryIdentifier(resource) {
  return (resource?.identifier ?? []).find((i) => i?.system === URI_SYSTEM && isKnown(i.value))?.value ?? null;
}

const coding = (system, code) => ({ coding: [{ system, code }] });
const concept = (system, code, text) => ({ coding: [{ system, code }], ...(text ? { text } : {}) });
const mL = (value) => ({ value, unit: 'mL', system: UCUM, code: 'mL' });

/**
 * What every chart entry carries (contract: "Every chart entry has"): profile, identifier, status,
 * category, subject, encounter, effectiveDateTime with offset, performer.
 * ctx: { identifier, patientId, encounterId, effective (Date) }.
 */
function chartEntry(profile, category, code, ctx) {
  return {
    resourceType: 'Observation',
    meta: { profile: [profile] },
    identifier: [{ system: URI_SYSTEM, value: ctx.identifier }],
    status: 'final',
    category: [category],
    code,
    subject: { reference: `Patient/${ctx.patientId}` },
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    effectiveDateTime: toFhirDateTime(ctx.effective),
    // Sign-in is not built yet (issue 3), so the UI cannot name the person charting. Every entry
    // says "Ward nurse" until it can carry a reference to the signed-in practitioner.
    performer: [{ display: 'Ward nurse' }],
  };
}

const FLUID_CATEGORY = { coding: [{ system: CATEGORY_CS, code: 'fluid-balance' }], text: 'Fluid balance' };
const NUTRITION_CATEGORY = { coding: [{ system: CATEGORY_CS, code: 'nutrition' }], text: 'Nutrition' };
const VITAL_SIGNS_CATEGORY = { coding: [{ system: VITAL_SIGNS_CATEGORY_CS, code: 'vital-signs' }], text: 'Vital signs' };

/** parity-fluid-intake. input: { volume (mL), route (code), fluidType (text, optional) }. */
export function buildIntake(input, ctx) {
  const obs = chartEntry(PROFILE.intake, FLUID_CATEGORY, concept(OBSERVATION_CS, 'fluid-intake', 'Fluid intake'), ctx);
  obs.valueQuantity = mL(input.volume);
  obs.component = [{ code: coding(OBSERVATION_CS, 'route'), valueCodeableConcept: concept(ROUTE_CS, input.route, routeLabel(input.route)) }];
  if (isKnown(input.fluidType)) {
    obs.component.push({ code: coding(OBSERVATION_CS, 'fluid-type'), valueString: String(input.fluidType).trim() });
  }
  return obs;
}

/** parity-fluid-output. input: { type (code), volume (mL) | unmeasured (code) }. */
export function buildOutput(input, ctx) {
  const obs = chartEntry(PROFILE.output, FLUID_CATEGORY, concept(OBSERVATION_CS, 'fluid-output', 'Fluid output'), ctx);
  obs.component = [
    { code: coding(OBSERVATION_CS, 'output-type'), valueCodeableConcept: concept(OUTPUT_TYPE_CS, input.type, outputTypeLabel(input.type)) },
  ];
  if (input.unmeasured) {
    obs.dataAbsentReason = { coding: [{ system: DATA_ABSENT_CS, code: 'not-performed' }], text: 'Not measured' };
    obs.component.push({
      code: coding(OBSERVATION_CS, 'unmeasured-episode'),
      valueCodeableConcept: concept(UNMEASURED_CS, input.unmeasured, unmeasuredLabel(input.unmeasured)),
    });
  } else {
    obs.valueQuantity = mL(input.volume);
  }
  return obs;
}

/** parity-food-intake. input: { meal, offered?, portion, supplement?, supplementVolume? (mL) }. */
export function buildFood(input, ctx) {
  const obs = chartEntry(PROFILE.food, NUTRITION_CATEGORY, concept(OBSERVATION_CS, 'food-intake', 'Food intake'), ctx);
  obs.valueCodeableConcept = concept(PORTION_CS, input.portion, portionLabel(input.portion));
  obs.component = [{ code: coding(OBSERVATION_CS, 'meal'), valueCodeableConcept: concept(MEAL_CS, input.meal, mealLabel(input.meal)) }];
  if (isKnown(input.offered)) obs.component.push({ code: coding(OBSERVATION_CS, 'offered'), valueString: String(input.offered).trim() });
  if (isKnown(input.supplement)) {
    obs.component.push({ code: coding(OBSERVATION_CS, 'supplement'), valueString: String(input.supplement).trim() });
  }
  if (typeof input.supplementVolume === 'number') {
    obs.component.push({ code: coding(OBSERVATION_CS, 'supplement-volume'), valueQuantity: mL(input.supplementVolume) });
  }
  return obs;
}

/** parity-body-weight (on the FHIR vital signs body weight profile): kg. */
export function buildWeight(kg, ctx) {
  const obs = chartEntry(PROFILE.weight, VITAL_SIGNS_CATEGORY, concept(LOINC, LOINC_WEIGHT, 'Body weight'), ctx);
  obs.valueQuantity = { value: kg, unit: 'kg', system: UCUM, code: 'kg' };
  return obs;
}

/** parity-body-height (on the FHIR vital signs body height profile): cm. */
export function buildHeight(cm, ctx) {
  const obs = chartEntry(PROFILE.height, VITAL_SIGNS_CATEGORY, concept(LOINC, LOINC_HEIGHT, 'Body height'), ctx);
  obs.valueQuantity = { value: cm, unit: 'cm', system: UCUM, code: 'cm' };
  return obs;
}

/** The Parameters body of POST Patient/{id}/$must. */
export function mustParameters(acutelyIllNoIntakeOver5Days) {
  return {
    resourceType: 'Parameters',
    parameter: [{ name: 'acutelyIllNoIntakeOver5Days', valueBoolean: Boolean(acutelyIllNoIntakeOver5Days) }],
  };
}

/**
 * The MUST Observation returned by $must, made ready to store: without server-assigned id/meta
 * version, and with everything a chart entry carries (added only where the server left it out).
 */
export function prepareMustForSaving(observation, ctx) {
  const obs = structuredClone(observation);
  delete obs.id;
  delete obs.text;
  const profiles = new Set(obs.meta?.profile ?? []);
  profiles.add(PROFILE.must);
  obs.meta = { profile: [...profiles] };
  obs.identifier = [...(obs.identifier ?? []).filter((i) => i?.system !== URI_SYSTEM), { system: URI_SYSTEM, value: ctx.identifier }];
  obs.status = obs.status && obs.status !== 'preliminary' && obs.status !== 'registered' ? obs.status : 'final';
  if (!obs.category?.length) obs.category = [NUTRITION_CATEGORY];
  if (!obs.subject) obs.subject = { reference: `Patient/${ctx.patientId}` };
  if (!obs.encounter && ctx.encounterId) obs.encounter = { reference: `Encounter/${ctx.encounterId}` };
  if (!obs.effectiveDateTime) obs.effectiveDateTime = toFhirDateTime(ctx.effective);
  // Sign-in is not built yet (issue 3): the screening is attributed to "Ward nurse" for now.
  if (!obs.performer?.length) obs.performer = [{ display: 'Ward nurse' }];
  return obs;
}

/** The Observation marked entered-in-error with the reason as a note (for a PUT with If-Match). */
export function markEnteredInError(observation, reason, now = new Date()) {
  const obs = structuredClone(observation);
  obs.status = 'entered-in-error';
  obs.note = [
    ...(obs.note ?? []),
    // Sign-in is not built yet (issue 3): the correction is attributed to "Ward nurse" for now.
    { authorString: 'Ward nurse', time: toFhirDateTime(now), text: `Entered in error: ${String(reason).trim()}` },
  ];
  return obs;
}

/** The weak ETag for If-Match from a resource's meta.versionId: 'W/"3"', or null. */
export function ifMatchOf(resource) {
  const version = resource?.meta?.versionId;
  return isKnown(version) ? `W/"${version}"` : null;
}

// ---------------------------------------------------------------------------------------------
// Reading chart entries

const hasCode = (cc, system, code) => (cc?.coding ?? []).some((c) => c?.system === system && c.code === code);
const codeIn = (cc, system) => (cc?.coding ?? []).find((c) => c?.system === system && c.code)?.code ?? null;

function component(obs, code) {
  return (obs?.component ?? []).find((c) => hasCode(c.code, OBSERVATION_CS, code)) ?? null;
}

/** 'intake' | 'output' | 'food' | 'weight' | 'height' | 'must' | null. */
export function entryKind(obs) {
  const code = obs?.code;
  if (hasCode(code, OBSERVATION_CS, 'fluid-intake')) return 'intake';
  if (hasCode(code, OBSERVATION_CS, 'fluid-output')) return 'output';
  if (hasCode(code, OBSERVATION_CS, 'food-intake')) return 'food';
  if (hasCode(code, OBSERVATION_CS, 'must-screening')) return 'must';
  if (hasCode(code, LOINC, LOINC_WEIGHT)) return 'weight';
  if (hasCode(code, LOINC, LOINC_HEIGHT)) return 'height';
  return null;
}

const volumeOf = (q) => (typeof q?.value === 'number' ? q.value : null);

/** A chart entry in plain terms (for lists, the food record and the hourly chart). */
export function readEntry(obs) {
  const kind = entryKind(obs);
  const entry = {
    kind,
    id: obs?.id ?? null,
    identifier: entryIdentifier(obs),
    status: obs?.status ?? null,
    enteredInError: obs?.status === 'entered-in-error',
    effective: obs?.effectiveDateTime ?? obs?.effectivePeriod?.start ?? null,
    performer: (obs?.performer ?? []).map((p) => p?.display).filter(Boolean).join(', ') || null,
    notes: (obs?.note ?? []).map((n) => n?.text).filter(Boolean),
    volume: null,
    resource: obs,
  };
  if (kind === 'intake') {
    entry.volume = volumeOf(obs.valueQuantity);
    entry.route = codeIn(component(obs, 'route')?.valueCodeableConcept, ROUTE_CS);
    entry.fluidType = component(obs, 'fluid-type')?.valueString ?? null;
  } else if (kind === 'output') {
    entry.volume = volumeOf(obs.valueQuantity);
    entry.type = codeIn(component(obs, 'output-type')?.valueCodeableConcept, OUTPUT_TYPE_CS);
    entry.unmeasured = codeIn(component(obs, 'unmeasured-episode')?.valueCodeableConcept, UNMEASURED_CS);
  } else if (kind === 'food') {
    entry.meal = codeIn(component(obs, 'meal')?.valueCodeableConcept, MEAL_CS);
    entry.offered = component(obs, 'offered')?.valueString ?? null;
    entry.portion = codeIn(obs.valueCodeableConcept, PORTION_CS);
    entry.supplement = component(obs, 'supplement')?.valueString ?? null;
    entry.supplementVolume = volumeOf(component(obs, 'supplement-volume')?.valueQuantity);
    entry.volume = entry.supplementVolume;
  } else if (kind === 'weight' || kind === 'height') {
    entry.value = volumeOf(obs.valueQuantity);
    entry.unit = obs.valueQuantity?.unit ?? obs.valueQuantity?.code ?? '';
  }
  return entry;
}

const ml = (v) => `${Number(v).toLocaleString('en-GB')} mL`;

/** One line describing an entry: 'Intake · Oral · 200 mL · Tea'. */
export function describeEntry(entry) {
  switch (entry.kind) {
    case 'intake':
      return ['Intake', routeLabel(entry.route), entry.volume !== null ? ml(entry.volume) : null, entry.fluidType]
        .filter(Boolean)
        .join(' · ');
    case 'output':
      return [
        'Output',
        outputTypeLabel(entry.type),
        entry.unmeasured ? unmeasuredLabel(entry.unmeasured) : entry.volume !== null ? ml(entry.volume) : 'Not measured',
      ].join(' · ');
    case 'food': {
      const parts = ['Food', mealLabel(entry.meal), `${portionLabel(entry.portion)} eaten`];
      if (entry.offered) parts.push(`offered ${entry.offered}`);
      if (entry.supplement || entry.supplementVolume !== null) {
        parts.push(
          `supplement${entry.supplement ? ` ${entry.supplement}` : ''}${entry.supplementVolume !== null ? ` ${ml(entry.supplementVolume)}` : ''}`,
        );
      }
      return parts.join(' · ');
    }
    case 'weight':
      return `Weight · ${entry.value} kg`;
    case 'height':
      return `Height · ${entry.value} cm`;
    case 'must':
      return 'MUST screening';
    default:
      return 'Chart entry';
  }
}

/** Describe a resource (built or stored) in one line. */
export function describeResource(resource) {
  return describeEntry(readEntry(resource));
}

// ---------------------------------------------------------------------------------------------
// MUST result

/** The MUST Observation in plain terms. */
export function readMust(obs) {
  const score = (code) => {
    const c = component(obs, code);
    return typeof c?.valueInteger === 'number' ? c.valueInteger : null;
  };
  const risk =
    (obs?.interpretation ?? []).map((i) => codeIn(i, MUST_RISK_CS) ?? i?.coding?.[0]?.code).find(Boolean) ?? null;
  return {
    bmiScore: score('must-bmi-score'),
    weightLossScore: score('must-weight-loss-score'),
    acuteDiseaseScore: score('must-acute-disease-score'),
    total: typeof obs?.valueInteger === 'number' ? obs.valueInteger : null,
    risk,
    riskLabel: MUST_RISKS[risk] ?? (risk ? String(risk) : 'Not Known'),
    guidance: (obs?.note ?? []).map((n) => n?.text).filter(Boolean),
    effective: obs?.effectiveDateTime ?? null,
    status: obs?.status ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// $fluid-balance

const part = (parts, name) => (parts ?? []).find((p) => p?.name === name) ?? null;
const parts = (list, name) => (list ?? []).filter((p) => p?.name === name);
const qty = (p) => (typeof p?.valueQuantity?.value === 'number' ? p.valueQuantity.value : null);
const num = (p) => (p ? qty(p) ?? 0 : 0);

function readAlert(p) {
  const a = p?.part ?? [];
  return {
    code: part(a, 'code')?.valueCode ?? null,
    severity: part(a, 'severity')?.valueCode ?? 'warning',
    at: part(a, 'at')?.valueDateTime ?? null,
    message: part(a, 'message')?.valueString ?? null,
  };
}

function readDay(p) {
  const d = p?.part ?? [];
  return {
    date: part(d, 'date')?.valueDate ?? null,
    start: part(d, 'start')?.valueDateTime ?? null,
    end: part(d, 'end')?.valueDateTime ?? null,
    hours: part(d, 'hours')?.valueInteger ?? null,
    intake: num(part(d, 'intake')),
    output: num(part(d, 'output')),
    balance: num(part(d, 'balance')),
    cumulativeBalance: qty(part(d, 'cumulativeBalance')),
    unmeasuredOutputs: part(d, 'unmeasuredOutputs')?.valueInteger ?? 0,
    hourRows: parts(d, 'hour').map((h) => {
      const x = h.part ?? [];
      return {
        start: part(x, 'start')?.valueDateTime ?? null,
        end: part(x, 'end')?.valueDateTime ?? null,
        intake: num(part(x, 'intake')),
        output: num(part(x, 'output')),
        balance: num(part(x, 'balance')),
      };
    }),
    alerts: parts(d, 'alert').map(readAlert),
  };
}

/** The $fluid-balance Parameters in plain terms (contract: docs/features/fluid-balance.md). */
export function parseFluidBalance(parameters) {
  const top = parameters?.parameter ?? [];
  const ref = (name) => part(top, name)?.valueReference?.reference ?? null;
  const days = parts(top, 'day').map(readDay);
  // Alerts are parts of a day; a server may also return them at the top level.
  const topAlerts = parts(top, 'alert').map(readAlert);
  return {
    patientId: idFromReference(ref('patient'), 'Patient'),
    encounterId: idFromReference(ref('encounter'), 'Encounter'),
    dayStartTime: part(top, 'dayStartTime')?.valueTime ?? null,
    weight: qty(part(top, 'weight')),
    target: qty(part(top, 'target')),
    days,
    alerts: [...topAlerts, ...days.flatMap((d) => d.alerts)],
  };
}

/** Index of the first row of the second 12-hour block (local clock = day start + 12 h), or -1. */
export function secondHalfIndex(hourRows, hourOfLocal) {
  if (hourRows.length < 2) return -1;
  const first = hourOfLocal(hourRows[0].start);
  if (first === null) return Math.min(12, hourRows.length);
  const wanted = (first + 12) % 24;
  const i = hourRows.findIndex((r, index) => index > 0 && hourOfLocal(r.start) === wanted);
  return i > 0 ? i : Math.min(12, hourRows.length);
}

/** Sum of intake, output and balance over rows. */
export function sumRows(rows) {
  return rows.reduce(
    (acc, r) => ({ intake: acc.intake + r.intake, output: acc.output + r.output, balance: acc.balance + r.balance }),
    { intake: 0, output: 0, balance: 0 },
  );
}

/** Which hour row (index) an instant falls in, or -1. */
export function hourIndexOf(hourRows, instant) {
  const t = parseInstant(instant)?.getTime();
  if (t === undefined) return -1;
  return hourRows.findIndex((r) => {
    const s = parseInstant(r.start)?.getTime();
    const e = parseInstant(r.end)?.getTime();
    return s !== undefined && e !== undefined && t >= s && t < e;
  });
}

/** Severity order for alerts: urgent first. */
export function sortAlerts(alerts) {
  const rank = (a) => (a.severity === 'urgent' ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || String(a.at ?? '').localeCompare(String(b.at ?? '')));
}

/** Words for alert codes (used when the server sends no message). */
export const ALERT_TITLES = {
  oliguria: 'Low urine output (oliguria)',
  'intake-behind-target': 'Intake behind target',
  'no-output': 'No output charted',
  'incomplete-balance': 'Balance incomplete: outputs not measured',
};
