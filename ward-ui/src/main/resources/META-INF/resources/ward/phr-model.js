// Pure helpers for the admission physical health review (docs/features/physical-health-review.md): the
// Questionnaire's items, the answers of a stored response, the response to save, where the review stands,
// and the Lester highlights of $lester. No DOM. The server (PhrProgress, ReviewRules) decides; these mirror
// its rules so the form can say what is missing before the first save.

import { isKnown, toFhirDateTime } from './format.js';

const BASE = 'https://parity-epr.org/fhir';
export const QUESTIONNAIRE_ID = 'physical-health-review';
export const QUESTIONNAIRE_URL = `${BASE}/Questionnaire/physical-health-review`;
export const PROFILE_QR = `${BASE}/StructureDefinition/parity-phr-questionnaire-response`;
export const EXT_ITEM_SOURCE = `${BASE}/StructureDefinition/item-source`;
export const EXT_UNIT_OPTION = 'http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption';
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
/** The outbox kind of a review waiting to be saved. */
export const OUTBOX_KIND = 'phr-review';
export const NOT_DONE = '-not-done';

/** The required groups and the value items that record each (PhrItem): blood pressure needs both, others any. */
export const REQUIRED = [
  { group: 'weight', label: 'Weight', values: ['weight-value'] },
  { group: 'height', label: 'Height', values: ['height-value'] },
  { group: 'bmi', label: 'BMI', values: ['bmi-value'] },
  { group: 'blood-pressure', label: 'Blood pressure', values: ['bp-systolic', 'bp-diastolic'], all: true },
  { group: 'pulse', label: 'Pulse', values: ['pulse-value'] },
  { group: 'glucose', label: 'Blood glucose or HbA1c', values: ['hba1c', 'fasting-glucose', 'random-glucose'] },
  { group: 'lipids', label: 'Lipids', values: ['total-cholesterol', 'cvd-risk'] },
  { group: 'smoking', label: 'Smoking', values: ['smoking-status'] },
  { group: 'alcohol', label: 'Alcohol', values: ['alcohol-units', 'alcohol-details'] },
  { group: 'substance-use', label: 'Substance use', values: ['substance-use-any', 'substance-use-details'] },
  { group: 'physical-examination', label: 'Physical examination', values: ['examination-findings'] },
  { group: 'bloods', label: 'Routine bloods', values: ['bloods-taken', 'bloods-details'] },
  { group: 'ecg', label: 'ECG (an antipsychotic is prescribed)', values: ['ecg-findings', 'ecg-qtc'], antipsychotic: true },
  { group: 'lifestyle-advice', label: 'Lifestyle advice given', values: ['lifestyle-advice-details'] },
];

/** The form groups each Lester domain concerns (LesterFlags), so a highlight is shown beside them. */
export const DOMAIN_GROUPS = {
  smoking: ['smoking'],
  lifestyle: ['diet-activity', 'lifestyle-advice'],
  'bmi-weight': ['bmi', 'weight'],
  'blood-pressure': ['blood-pressure'],
  glucose: ['glucose'],
  lipids: ['lipids'],
};

/** The published source of an item (extension item-source), or null. */
export function itemSource(item) {
  const ext = (item?.extension ?? []).find((e) => e?.url === EXT_ITEM_SOURCE);
  return isKnown(ext?.valueString) ? ext.valueString : null;
}

/** The one UCUM unit a quantity item allows (questionnaire-unitOption), or null. */
export function unitOf(item) {
  return (item?.extension ?? []).find((e) => e?.url === EXT_UNIT_OPTION)?.valueCoding ?? null;
}

export function isNotDone(linkId) {
  return String(linkId).endsWith(NOT_DONE);
}

/** Every answered item of a stored response: Map linkId -> number | string | boolean | Coding. */
export function answersOf(response) {
  const answers = new Map();
  const walk = (items) => {
    for (const item of items ?? []) {
      const a = (item.answer ?? [])[0];
      if (a) {
        if (a.valueQuantity && typeof a.valueQuantity.value === 'number') answers.set(item.linkId, a.valueQuantity.value);
        else if (typeof a.valueDecimal === 'number') answers.set(item.linkId, a.valueDecimal);
        else if (typeof a.valueInteger === 'number') answers.set(item.linkId, a.valueInteger);
        else if (typeof a.valueBoolean === 'boolean') answers.set(item.linkId, a.valueBoolean);
        else if (a.valueCoding) answers.set(item.linkId, a.valueCoding);
        else if (isKnown(a.valueString)) answers.set(item.linkId, a.valueString);
        else if (isKnown(a.valueDateTime)) answers.set(item.linkId, a.valueDateTime);
      }
      walk(item.item);
      for (const answer of item.answer ?? []) walk(answer.item);
    }
  };
  walk(response?.item);
  return answers;
}

/** Is there an answer worth saving? (blank text and unset values are not answers) */
export function hasValue(value) {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') return value.trim() !== '';
  return Boolean(value.code);
}

/** A typed number: a finite decimal, else null (commas are not decimal points in UCUM quantities). */
export function parseNumber(text) {
  const t = String(text ?? '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** BMI from weight (kg) and height (cm) to 1 decimal place, as the server calculates it; null without both. */
export function bmiOf(answers) {
  const kg = answers.get('weight-value');
  const cm = answers.get('height-value');
  if (!(kg > 0) || !(cm > 0)) return null;
  return Math.round((kg / (cm / 100) ** 2) * 10) / 10;
}

function answered(req, answers) {
  if (req.group === 'bmi' && bmiOf(answers) !== null) return true;
  const has = (id) => hasValue(answers.get(id));
  return req.all ? req.values.every(has) : req.values.some(has);
}

/**
 * Where the review stands: { started, complete, missing: [{ group, label }] }. antipsychotic: true/false as the
 * server last said ($lester), or null when not known yet (the ECG is then listed as "if an antipsychotic is
 * prescribed" and does not count against completeness here; the server decides when it is saved).
 */
export function progress(answers, antipsychotic) {
  const started = [...answers.entries()].some(([, v]) => hasValue(v));
  const missing = [];
  for (const req of REQUIRED) {
    if (req.antipsychotic && antipsychotic !== true) continue;
    if (!answered(req, answers) && !hasValue(answers.get(req.group + NOT_DONE))) missing.push({ group: req.group, label: req.label });
  }
  return { started, complete: missing.length === 0, missing };
}

/** The status words of a stored response (or none): 'not-started' | 'started' | 'completed'. */
export function reviewState(response) {
  if (!response) return 'not-started';
  if (response.status === 'completed' || response.status === 'amended') return 'completed';
  return [...answersOf(response).values()].some(hasValue) ? 'started' : 'not-started';
}

export const STATE_WORDS = {
  'not-started': 'Not started',
  started: 'Started, not completed',
  completed: 'Completed',
};

function answerFor(item, value) {
  if (!hasValue(value)) return null;
  switch (item.type) {
    case 'quantity': {
      const unit = unitOf(item);
      return { valueQuantity: { value, ...(unit ? { unit: unit.display ?? unit.code, system: unit.system, code: unit.code } : {}) } };
    }
    case 'decimal':
      return { valueDecimal: value };
    case 'integer':
      return { valueInteger: Math.round(value) };
    case 'boolean':
      return { valueBoolean: value };
    case 'choice':
    case 'coding':
      return { valueCoding: { system: value.system, code: value.code, ...(value.display ? { display: value.display } : {}) } };
    case 'dateTime':
      return { valueDateTime: value };
    default:
      return { valueString: String(value).trim() };
  }
}

/**
 * The response to save. ctx: { identifier, patientId, encounterId, status, authored, author, id? }.
 * The identifier is the review's own, kept from its first save: every save of the same review is a conditional
 * update on it, so sending it again (lost answer, reload) writes the same review, never a second one.
 */
export function buildResponse(questionnaire, answers, ctx) {
  const build = (items) => {
    const out = [];
    for (const item of items ?? []) {
      if (item.type === 'group') {
        const children = build(item.item);
        if (children.length) out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), item: children });
        continue;
      }
      if (item.type === 'display') continue;
      const answer = answerFor(item, answers.get(item.linkId));
      if (answer) out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), answer: [answer] });
    }
    return out;
  };
  const response = {
    resourceType: 'QuestionnaireResponse',
    ...(ctx.id ? { id: ctx.id } : {}),
    meta: { profile: [PROFILE_QR] },
    identifier: { system: URI_SYSTEM, value: ctx.identifier },
    questionnaire: questionnaire?.url ?? QUESTIONNAIRE_URL,
    status: ctx.status ?? 'in-progress',
    subject: { reference: `Patient/${ctx.patientId}` },
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    authored: toFhirDateTime(ctx.authored ?? new Date()),
    ...(ctx.author ? { author: ctx.author } : {}),
  };
  const items = build(questionnaire?.item);
  if (items.length) response.item = items;
  return response;
}

/** The conditional update address of a review: the same review whatever its server id, created if new. */
export function updateUrl(identifier) {
  return `QuestionnaireResponse?identifier=${encodeURIComponent(`${URI_SYSTEM}|${identifier}`)}`;
}

/** The review's identifier value, or null. */
export function identifierOf(response) {
  const id = response?.identifier;
  return id?.system === URI_SYSTEM && isKnown(id.value) ? id.value : null;
}

/** The latest review of the admission from a search answer (most recently updated first). */
export function latest(responses) {
  return [...(responses ?? [])]
    .filter((r) => r?.status !== 'entered-in-error')
    .sort((a, b) => String(b?.meta?.lastUpdated ?? '').localeCompare(String(a?.meta?.lastUpdated ?? '')))[0] ?? null;
}

/** $lester's Parameters: { started, complete, antipsychotic, bmi, missing: [{ item, text }], highlights: [...] }. */
export function parseLester(parameters) {
  const out = { started: false, complete: false, antipsychotic: null, bmi: null, missing: [], highlights: [] };
  const parts = (p) => Object.fromEntries((p.part ?? []).map((x) => [x.name, valueOf(x)]));
  for (const p of parameters?.parameter ?? []) {
    if (p.name === 'started') out.started = p.valueBoolean === true;
    else if (p.name === 'complete') out.complete = p.valueBoolean === true;
    else if (p.name === 'antipsychotic') out.antipsychotic = p.valueString ?? null;
    else if (p.name === 'bmi') out.bmi = typeof p.valueDecimal === 'number' ? p.valueDecimal : null;
    else if (p.name === 'missing') out.missing.push(parts(p));
    else if (p.name === 'highlight') {
      const h = parts(p);
      out.highlights.push({ ...h, groups: DOMAIN_GROUPS[h.domain] ?? [] });
    }
  }
  return out;
}

function valueOf(part) {
  for (const [key, value] of Object.entries(part)) if (key.startsWith('value')) return value;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The admission's deadlines for the review (PlanDefinition parity-inpatient-deadlines: Tasks the server opens
// at admission and completes with the review as evidence)

export const DEADLINE_CS = `${BASE}/CodeSystem/deadline`;
export const DEADLINE_RULES = ['phr-started', 'phr-completed'];
export const DEADLINE_TOKENS = DEADLINE_RULES.map((r) => `${DEADLINE_CS}|${r}`).join(',');

const DEADLINE_WORDS = { 'phr-started': 'Start the review', 'phr-completed': 'Complete the review' };

/**
 * One line per rule from the admission's deadline Tasks: { rule, state: 'done'|'due'|'overdue'|'not-applicable',
 * due: Date|null, text }. The server's own business status says overdue (its poller moves it); a due time already
 * passed on this tablet's clock is shown overdue too, so the line never looks calmer than the clock.
 */
export function deadlineLines(tasks, now = new Date(), formatDue = (d) => d.toISOString()) {
  const lines = [];
  for (const rule of DEADLINE_RULES) {
    const task = (tasks ?? []).find((t) => (t?.code?.coding ?? []).some((c) => c?.system === DEADLINE_CS && c?.code === rule));
    if (!task) continue;
    const end = task.restriction?.period?.end;
    const due = end ? new Date(end) : null;
    const business = (task.businessStatus?.coding ?? []).map((c) => c?.code);
    const words = DEADLINE_WORDS[rule];
    let state;
    let text;
    if (task.status === 'completed') {
      state = 'done';
      text = `${words}: done.`;
    } else if (task.status === 'cancelled' || business.includes('not-applicable')) {
      state = 'not-applicable';
      text = `${words}: no longer applies${task.statusReason?.text ? ` (${task.statusReason.text})` : ''}.`;
    } else if (business.includes('overdue') || (due && due.getTime() <= now.getTime())) {
      state = 'overdue';
      text = `${words}: overdue${due ? `, was due by ${formatDue(due)}` : ''}.`;
    } else {
      state = 'due';
      text = `${words}: due by ${due ? formatDue(due) : 'a time not recorded'}.`;
    }
    lines.push({ rule, state, due, text, taskId: task.id ?? null });
  }
  return lines;
}
