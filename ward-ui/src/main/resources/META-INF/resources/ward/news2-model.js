// NEWS2 (Royal College of Physicians, 2017) in the browser: the sub-scores as the nurse types, the
// vital-sign transaction the server scores, and reading back what the server derived. Pure (no DOM,
// no network). The server's org.parity.news2.News2 is the reference: News2BrowserTest runs every band
// boundary of both through the same inputs, and the record always shows the server's score.
// Sources: clinical-reference §1.1 (RCP Chart 1), §1.2 (Chart 3), §1.3 (Chart 4), §1.4 (UK Core codes).

import { toFhirDateTime } from './format.js';

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const NEWS2_CS = 'https://parity-epr.org/fhir/CodeSystem/news2';
export const DEADLINE_CS = 'https://parity-epr.org/fhir/CodeSystem/deadline';
export const OBSERVATIONS_RULE = 'news2-observations';
export const TOTAL_CODE = '1104051000000101'; // UK Core EarlyWarningTotalScore, RCP NEWS2 total
export const ACVPU_CODE = '1104441000000107'; // UK Core ACVPU
export const AIR = '722742002'; // UK Core InspiredOxygen: breathing room air
export const OXYGEN = '371825009'; // UK Core InspiredOxygen: patient on oxygen
export const OUTBOX_KIND = 'news2-set';

/** The seven parameters in RCP Chart 1 order; `key` matches the Java enum name (RESPIRATION_RATE -> respiration-rate). */
export const PARAMETERS = [
  { key: 'respiration-rate', text: 'respiration rate', label: 'Respiration rate', unit: '/min' },
  { key: 'spo2', text: 'oxygen saturation (SpO2)', label: 'SpO2', unit: '%' },
  { key: 'air-or-oxygen', text: 'air or oxygen', label: 'Air or oxygen', unit: '' },
  { key: 'systolic-bp', text: 'systolic blood pressure', label: 'Systolic BP', unit: 'mmHg' },
  { key: 'pulse', text: 'pulse', label: 'Pulse', unit: '/min' },
  { key: 'consciousness', text: 'consciousness (ACVPU)', label: 'Consciousness', unit: '' },
  { key: 'temperature', text: 'temperature', label: 'Temperature', unit: '°C' },
];

// Bands are [low, high, score]; null = open. Between two bands the higher score (Parity decision, as the server).
// RCP Chart 1, respiration rate: ≤8 3, 9–11 1, 12–20 0, 21–24 2, ≥25 3
export const RESPIRATION = [[null, 8, 3], [9, 11, 1], [12, 20, 0], [21, 24, 2], [25, null, 3]];
// RCP Chart 1, SpO2 scale 1: ≤91 3, 92–93 2, 94–95 1, ≥96 0
export const SPO2_SCALE_1 = [[null, 91, 3], [92, 93, 2], [94, 95, 1], [96, null, 0]];
// RCP Chart 1, SpO2 scale 2 on air: ≤83 3, 84–85 2, 86–87 1, 88–92 0, ≥93 on air 0
export const SPO2_SCALE_2_AIR = [[null, 83, 3], [84, 85, 2], [86, 87, 1], [88, 92, 0], [93, null, 0]];
// RCP Chart 1, SpO2 scale 2 on oxygen: ≤83 3, 84–85 2, 86–87 1, 88–92 0, 93–94 1, 95–96 2, ≥97 3
export const SPO2_SCALE_2_OXYGEN = [[null, 83, 3], [84, 85, 2], [86, 87, 1], [88, 92, 0], [93, 94, 1], [95, 96, 2], [97, null, 3]];
// RCP Chart 1, systolic BP: ≤90 3, 91–100 2, 101–110 1, 111–219 0, ≥220 3
export const SYSTOLIC = [[null, 90, 3], [91, 100, 2], [101, 110, 1], [111, 219, 0], [220, null, 3]];
// RCP Chart 1, pulse: ≤40 3, 41–50 1, 51–90 0, 91–110 1, 111–130 2, ≥131 3
export const PULSE = [[null, 40, 3], [41, 50, 1], [51, 90, 0], [91, 110, 1], [111, 130, 2], [131, null, 3]];
// RCP Chart 1, temperature: ≤35.0 3, 35.1–36.0 1, 36.1–38.0 0, 38.1–39.0 1, ≥39.1 2
export const TEMPERATURE = [[null, 35.0, 3], [35.1, 36.0, 1], [36.1, 38.0, 0], [38.1, 39.0, 1], [39.1, null, 2]];

/** Physiologically possible values, as the server refuses outside them (docs/features/news2.md). */
export const POSSIBLE = {
  'respiration-rate': [0, 80],
  spo2: [0, 100],
  'systolic-bp': [0, 300],
  'diastolic-bp': [0, 300],
  pulse: [0, 300],
  temperature: [20, 45],
};

/** ACVPU with the UK Core value codes (§1.4); C is new confusion (RCP: treat as new until shown otherwise). */
export const ACVPU = [
  { code: 'alert', snomed: '248234008', label: 'Alert', display: 'Mentally alert' },
  { code: 'new-confusion', snomed: '130987000', label: 'New confusion', display: 'Acute confusion' },
  { code: 'voice', snomed: '300202002', label: 'Voice', display: 'Responds to voice' },
  { code: 'pain', snomed: '450847001', label: 'Pain', display: 'Responds to pain' },
  { code: 'unresponsive', snomed: '422768004', label: 'Unresponsive', display: 'Unresponsive' },
];

/** The Chart 4 rows (News2Response on the server), worded exactly as the server writes them. */
export const RESPONSES = {
  // RCP Chart 4: score 0
  routine: {
    band: 'Ward-based response',
    monitoring: 'Minimum 12-hourly',
    text: 'Continue routine NEWS monitoring.',
  },
  // RCP Chart 4: total 1–4
  'ward-assessment': {
    band: 'Ward-based response',
    monitoring: 'Minimum 4–6-hourly',
    text:
      'Inform the registered nurse, who must assess the patient. The registered nurse decides whether monitoring ' +
      'should be more frequent and/or care escalated.',
  },
  // RCP Chart 4: 3 in a single parameter (Chart 3: urgent ward-based response)
  'single-parameter-red': {
    band: 'Urgent ward-based response',
    monitoring: 'Minimum 1-hourly',
    text:
      'Score of 3 in a single parameter: the registered nurse informs the medical team caring for the patient, who ' +
      'review and decide whether care needs escalating.',
  },
  // RCP Chart 4: total 5 or more, urgent response threshold
  urgent: {
    band: 'Key threshold for urgent response',
    monitoring: 'Minimum 1-hourly',
    text:
      'Urgent response threshold: the registered nurse immediately informs the medical team and requests urgent ' +
      'assessment by a clinician or team with core competencies in acutely ill patients. Provide care in an ' +
      'environment with monitoring facilities.',
  },
  // RCP Chart 4: total 7 or more, emergency response threshold
  emergency: {
    band: 'Urgent or emergency response',
    monitoring: 'Continuous monitoring of vital signs',
    text:
      'Emergency response threshold: the registered nurse immediately informs the medical team, at specialist ' +
      'registrar level or above. Emergency assessment by a team with critical-care competencies, including ' +
      'advanced airway skills. Consider transfer to level 2/3 care (HDU/ICU). Care in an environment with ' +
      'monitoring facilities.',
  },
};

/** The score of a number in a band table; null when there is no number. */
export function lookup(bands, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let previous = null;
  for (const [low, high, score] of bands) {
    // between the previous band and this one: the higher score (Parity decision, as News2.lookup)
    if (low !== null && value < low) return previous === null ? score : Math.max(previous, score);
    if (high === null || value <= high) return score;
    previous = score;
  }
  return null;
}

/** The SpO2 bands for a scale and air/oxygen (RCP Chart 1; scale 2 above 92% depends on oxygen). */
export function spo2Bands(scale, onOxygen) {
  if (scale !== 2) return SPO2_SCALE_1;
  return onOxygen ? SPO2_SCALE_2_OXYGEN : SPO2_SCALE_2_AIR;
}

/**
 * Sub-scores of what is typed so far (null where a parameter, or what it depends on, is missing).
 * set: { respirationRate, spo2, onOxygen (true|false|null), systolic, pulse, consciousness (ACVPU code), temperature }.
 */
export function subScores(set, scale = 1) {
  const s = set ?? {};
  const oxygenKnown = s.onOxygen === true || s.onOxygen === false;
  return {
    'respiration-rate': lookup(RESPIRATION, s.respirationRate),
    // scale 2 needs air/oxygen to score 93% and above; below 93% both columns agree (RCP Chart 1)
    spo2:
      scale === 2 && !oxygenKnown
        ? lookup(SPO2_SCALE_2_AIR, s.spo2) === lookup(SPO2_SCALE_2_OXYGEN, s.spo2) ? lookup(SPO2_SCALE_2_AIR, s.spo2) : null
        : lookup(spo2Bands(scale, s.onOxygen === true), s.spo2),
    'air-or-oxygen': oxygenKnown ? (s.onOxygen ? 2 : 0) : null, // RCP Chart 1: oxygen 2, air 0
    'systolic-bp': lookup(SYSTOLIC, s.systolic),
    pulse: lookup(PULSE, s.pulse),
    // RCP Chart 1: alert 0; new confusion, voice, pain, unresponsive 3
    consciousness: ACVPU.some((a) => a.code === s.consciousness) ? (s.consciousness === 'alert' ? 0 : 3) : null,
    temperature: lookup(TEMPERATURE, s.temperature),
  };
}

/** The Chart 4 row for a total and red flag; the higher threshold wins (as News2.response). */
export function responseCode(total, red) {
  if (total >= 7) return 'emergency'; // RCP Chart 4: 7 or more
  if (total >= 5) return 'urgent'; // RCP Chart 4: 5 or more
  if (red) return 'single-parameter-red'; // RCP Chart 4: 3 in a single parameter
  if (total >= 1) return 'ward-assessment'; // RCP Chart 4: 1–4
  return 'routine'; // RCP Chart 4: 0
}

/** Words for the missing parameters, as the server's incomplete-set note. */
export function incompleteText(missing) {
  const names = missing.map((k) => PARAMETERS.find((p) => p.key === k)?.text ?? k);
  return `Incomplete NEWS2 set, no score. Not charted: ${names.join(', ')}.`;
}

/**
 * Score a set: { complete, sub, missing, total, red, response, band, monitoring, text, scale }.
 * Incomplete (any parameter missing, RCP NEWS2 needs all seven) → total and response null.
 */
export function score(set, scale = 1) {
  const sub = subScores(set, scale);
  const s = set ?? {};
  const charted = {
    'respiration-rate': isNum(s.respirationRate),
    spo2: isNum(s.spo2),
    'air-or-oxygen': s.onOxygen === true || s.onOxygen === false,
    'systolic-bp': isNum(s.systolic),
    pulse: isNum(s.pulse),
    consciousness: ACVPU.some((a) => a.code === s.consciousness),
    temperature: isNum(s.temperature),
  };
  const missing = PARAMETERS.map((p) => p.key).filter((k) => !charted[k]);
  if (missing.length) {
    return { complete: false, sub, missing, total: null, red: Object.values(sub).includes(3), response: null, scale, text: incompleteText(missing) };
  }
  // RCP: the aggregate is the sum of the seven sub-scores (0–20); a 3 in any one parameter is a red score (Chart 3)
  const total = Object.values(sub).reduce((a, b) => a + b, 0);
  const red = Object.values(sub).includes(3);
  const response = responseCode(total, red);
  return { complete: true, sub, missing, total, red, response, scale, ...RESPONSES[response] };
}

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** A typed number ('36.5', ' 98 ') -> number, '' -> null, anything else -> NaN. */
export function parseNumber(text) {
  const t = String(text ?? '').trim();
  if (t === '') return null;
  if (!/^\d+(\.\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/** Problems with typed values, { key: message } (not a number, or not physiologically possible). */
export function problems(values) {
  const out = {};
  for (const [key, [low, high]] of Object.entries(POSSIBLE)) {
    const v = values[key];
    if (v === null || v === undefined) continue;
    if (!isNum(v)) out[key] = 'Enter a number.';
    else if (v < low || v > high) out[key] = `${v} is not possible (expected ${low} to ${high}). Check the reading.`;
  }
  return out;
}

/**
 * Scale 2 only with an active SpO2 Goal (LOINC 2708-6) of exactly 88–92 % expressed by a Practitioner
 * (RCP via Thorax table, §1.1: decided by a competent clinical decision maker and recorded; as News2.scale).
 */
export function scaleFromGoals(goals) {
  for (const g of goals ?? []) {
    if (g?.resourceType !== 'Goal' || g.lifecycleStatus !== 'active') continue;
    if (!/^(?:.*\/)?Practitioner\/[^/]+$/.test(g.expressedBy?.reference ?? '')) continue;
    for (const t of g.target ?? []) {
      const measured = (t?.measure?.coding ?? []).some((c) => c?.system === LOINC && c?.code === '2708-6');
      const r = t?.detailRange;
      const percent = (q) => typeof q?.value === 'number' && q.code === '%' && (!q.system || q.system === UCUM);
      if (measured && r && percent(r.low) && percent(r.high) && r.low.value === 88 && r.high.value === 92) return 2;
    }
  }
  return 1;
}

// ---------------------------------------------------------------------------------------------
// The FHIR transaction (docs/features/news2.md "Charting vital signs")

const cc = (codings, text) => ({ coding: codings.map(([system, code, display]) => ({ system, code, ...(display ? { display } : {}) })), ...(text ? { text } : {}) });
const qty = (value, unit, code) => ({ value, unit, system: UCUM, code });

/**
 * The set as one transaction Bundle: a vital-sign Observation per charted parameter, each with its own client
 * identifier and ifNoneExist on it, so sending the Bundle again after a lost answer creates nothing twice.
 * input: { values: { respirationRate, spo2, onOxygen, systolic, diastolic, pulse, consciousness, temperature },
 *          identifiers: { <part>: 'urn:uuid:…' } (made once, kept through retries), setIdentifier,
 *          patientId, encounterId, effective (Date), performer ({ reference?, display }) }.
 */
export function buildTransaction(input) {
  const v = input.values;
  const base = (part, code, extra) => ({
    resourceType: 'Observation',
    identifier: [{ system: URI_SYSTEM, value: input.identifiers[part] }],
    status: 'final',
    category: [cc([[OBSERVATION_CATEGORY, 'vital-signs', 'Vital Signs']], 'Vital signs')],
    code,
    subject: { reference: `Patient/${input.patientId}` },
    encounter: { reference: `Encounter/${input.encounterId}` },
    effectiveDateTime: toFhirDateTime(input.effective),
    performer: [input.performer ?? { display: 'Ward nurse' }],
    ...extra,
  });
  const resources = [];
  if (isNum(v.respirationRate)) {
    resources.push(base('respiration-rate', cc([[LOINC, '9279-1', 'Respiratory rate'], [SNOMED, '86290005', 'Respiratory rate']], 'Respiration rate'),
      { valueQuantity: qty(v.respirationRate, 'breaths/minute', '/min') }));
  }
  if (isNum(v.spo2)) {
    resources.push(base('spo2', cc([[LOINC, '2708-6', 'Oxygen saturation in Arterial blood'], [SNOMED, '103228002', 'Blood oxygen saturation']], 'SpO2'),
      { valueQuantity: qty(v.spo2, '%', '%') }));
  }
  if (v.onOxygen === true || v.onOxygen === false) {
    resources.push(base('air-or-oxygen', cc([[SNOMED, v.onOxygen ? OXYGEN : AIR, v.onOxygen ? 'Patient on oxygen' : 'Breathing room air']], v.onOxygen ? 'On oxygen' : 'On air')));
  }
  if (isNum(v.systolic) || isNum(v.diastolic)) {
    const component = [];
    if (isNum(v.systolic)) {
      component.push({ code: cc([[LOINC, '8480-6', 'Systolic blood pressure'], [SNOMED, '72313002', 'Systolic arterial pressure']]), valueQuantity: qty(v.systolic, 'mmHg', 'mm[Hg]') });
    }
    if (isNum(v.diastolic)) {
      component.push({ code: cc([[LOINC, '8462-4', 'Diastolic blood pressure'], [SNOMED, '1091811000000102', 'Diastolic arterial pressure']]), valueQuantity: qty(v.diastolic, 'mmHg', 'mm[Hg]') });
    }
    resources.push(base('blood-pressure', cc([[LOINC, '85354-9', 'Blood pressure panel'], [SNOMED, '75367002', 'Blood pressure']], 'Blood pressure'), { component }));
  }
  if (isNum(v.pulse)) {
    resources.push(base('pulse', cc([[LOINC, '8867-4', 'Heart rate'], [SNOMED, '364075005', 'Heart rate']], 'Pulse'), { valueQuantity: qty(v.pulse, 'beats/minute', '/min') }));
  }
  const level = ACVPU.find((a) => a.code === v.consciousness);
  if (level) {
    resources.push(base('consciousness', cc([[SNOMED, ACVPU_CODE, 'ACVPU (Alert Confusion Voice Pain Unresponsive) scale score']], 'Consciousness (ACVPU)'),
      { valueCodeableConcept: cc([[SNOMED, level.snomed, level.display]], level.label) }));
  }
  if (isNum(v.temperature)) {
    resources.push(base('temperature', cc([[LOINC, '8310-5', 'Body temperature'], [SNOMED, '276885007', 'Core body temperature']], 'Temperature'), { valueQuantity: qty(v.temperature, '°C', 'Cel') }));
  }
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    identifier: { system: URI_SYSTEM, value: input.setIdentifier },
    entry: resources.map((r) => ({
      fullUrl: r.identifier[0].value,
      resource: r,
      request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=${URI_SYSTEM}|${r.identifier[0].value}` },
    })),
  };
}

/** The parts a set may carry, for making their identifiers once. */
export const PARTS = ['respiration-rate', 'spo2', 'air-or-oxygen', 'blood-pressure', 'pulse', 'consciousness', 'temperature'];

/** 'Observation/12' for each entry of a transaction-response Bundle (created or matched). */
export function storedReferences(response) {
  return (response?.entry ?? [])
    .map((e) => /(?:^|\/)(Observation\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(e?.response?.location ?? '')?.[1])
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Reading Observations back

const has = (concept, system, codes) => (concept?.coding ?? []).some((c) => c?.system === system && codes.includes(c?.code));

// docs/features/news2.md "Charting vital signs": the codes the server scores
const CODES = {
  'respiration-rate': [['9279-1'], ['86290005']],
  spo2: [['2708-6', '59408-5'], ['103228002', '431314004']],
  'systolic-bp': [['8480-6'], ['72313002']],
  pulse: [['8867-4'], ['364075005', '78564009']],
  temperature: [['8310-5'], ['276885007', '386725007']],
};

/** The search codes for the chart: every vital sign the server scores, and the NEWS2 total. */
export function chartSearchCodes() {
  const list = [];
  for (const [loincs, snomeds] of Object.values(CODES)) {
    loincs.forEach((c) => list.push(`${LOINC}|${c}`));
    snomeds.forEach((c) => list.push(`${SNOMED}|${c}`));
  }
  list.push(`${LOINC}|85354-9`, `${SNOMED}|75367002`, `${SNOMED}|${AIR}`, `${SNOMED}|${OXYGEN}`, `${SNOMED}|${ACVPU_CODE}`, `${SNOMED}|${TOTAL_CODE}`);
  return list;
}

/** What one Observation says for the chart: [{ key, value }] (several for a BP panel), [] when nothing scored. */
export function readVital(obs) {
  if (!obs || !['final', 'amended', 'corrected'].includes(obs.status)) return [];
  for (const [key, [loincs, snomeds]] of Object.entries(CODES)) {
    if (has(obs.code, LOINC, loincs) || has(obs.code, SNOMED, snomeds)) {
      return typeof obs.valueQuantity?.value === 'number' ? [{ key, value: obs.valueQuantity.value }] : [];
    }
  }
  if (has(obs.code, LOINC, ['85354-9']) || has(obs.code, SNOMED, ['75367002'])) {
    const out = [];
    for (const c of obs.component ?? []) {
      if (typeof c?.valueQuantity?.value !== 'number') continue;
      if (has(c.code, LOINC, ['8480-6']) || has(c.code, SNOMED, ['72313002'])) out.push({ key: 'systolic-bp', value: c.valueQuantity.value });
      if (has(c.code, LOINC, ['8462-4']) || has(c.code, SNOMED, ['1091811000000102'])) out.push({ key: 'diastolic-bp', value: c.valueQuantity.value });
    }
    return out;
  }
  if (has(obs.code, SNOMED, [ACVPU_CODE])) {
    const level = ACVPU.find((a) => has(obs.valueCodeableConcept, SNOMED, [a.snomed]));
    return level ? [{ key: 'consciousness', value: level.code }] : [];
  }
  for (const concept of [obs.code, obs.valueCodeableConcept]) {
    if (has(concept, SNOMED, [OXYGEN])) return [{ key: 'air-or-oxygen', value: 'oxygen' }];
    if (has(concept, SNOMED, [AIR])) return [{ key: 'air-or-oxygen', value: 'air' }];
  }
  return [];
}

export const isTotal = (obs) => has(obs?.code, SNOMED, [TOTAL_CODE]);

/** The server's NEWS2 Observation: { id, effective, total (null if incomplete), response, band, text, note, scale, derivedFrom }. */
export function readTotal(obs) {
  const interp = obs?.interpretation?.[0];
  const row = (interp?.coding ?? []).find((c) => c?.system === NEWS2_CS);
  const scale2 = (obs?.component ?? []).some((c) => has(c.code, SNOMED, ['1104321000000108']));
  return {
    id: obs?.id ?? null,
    effective: obs?.effectiveDateTime ?? null,
    total: typeof obs?.valueQuantity?.value === 'number' ? obs.valueQuantity.value : null,
    response: row?.code ?? null,
    band: row?.display ?? null,
    text: interp?.text ?? null,
    absent: obs?.dataAbsentReason?.text ?? null,
    note: (obs?.note ?? []).map((n) => n?.text).filter(Boolean).join(' '),
    scale: scale2 ? 2 : 1,
    derivedFrom: (obs?.derivedFrom ?? []).map((r) => /(?:^|\/)(Observation\/[^/]+)$/.exec(r?.reference ?? '')?.[1]).filter(Boolean),
  };
}

/** The open next-observations Task's due time (its restriction.period.end), or null. */
export function dueOf(task) {
  return task?.restriction?.period?.end ?? null;
}
