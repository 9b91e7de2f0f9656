// Pure helpers for VTE risk assessment (issue 7; /work/vte-contract.md): the Questionnaire's form,
// the answers $populate filled in from the record, the QuestionnaireResponse to save, the
// RiskAssessment the server derives, and the open reassessment Tasks. No DOM.

import { idFromReference } from './fhir.js';
import { formatDateTime, formatTime, isKnown, localDate, parseInstant, toFhirDateTime } from './format.js';

const BASE = 'https://parity-epr.org/fhir';
export const QUESTIONNAIRE_ID = 'vte-risk-assessment';
export const QUESTIONNAIRE_URL = `${BASE}/Questionnaire/vte-risk-assessment`;
export const VTE_CS = `${BASE}/CodeSystem/vte`;
export const RECOMMENDATION_CS = `${BASE}/CodeSystem/vte-recommendation`;
export const PROFILE_QR = `${BASE}/StructureDefinition/parity-vte-questionnaire-response`;
export const EXT_PREFILLED = `${BASE}/StructureDefinition/prefilled`;
export const EXT_ITEM_SOURCE = `${BASE}/StructureDefinition/item-source`;
export const EXT_RECOMMENDATION = `${BASE}/StructureDefinition/vte-recommendation`;
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const ASSESSMENT_TOKEN = `${VTE_CS}|vte-risk-assessment`;
/**
 * The history is searched by method (the DH VTE tool), a standard R4 RiskAssessment search parameter:
 * R4 has no RiskAssessment 'code' search parameter and the contract adds only 'basis'.
 */
export const METHOD_TOKEN = `${VTE_CS}|dh-vte-tool`;
export const REASSESSMENT_TOKEN = `${VTE_CS}|vte-reassessment`;
/** The outbox kind of a VTE assessment waiting to be saved. */
export const OUTBOX_KIND = 'vte-assessment';
export const PRECLUDES = 'bleeding-precludes-pharmacological';
/** The reassessment is shown amber this long before it is due. */
export const DUE_SOON_MS = 60 * 60_000;

/** The recommendation in plain words, by code (the tool's own terms; never a dose). */
export const RECOMMENDATION_WORDS = {
  'no-further-steps':
    'No further VTE assessment needed now: a medical patient not expected to have significantly reduced mobility. Use clinical judgement.',
  'no-risk-factors': 'No thrombosis risk factors ticked: thromboprophylaxis is not indicated by the tool. Reassess if anything changes.',
  'consider-pharmacological': 'Pharmacological thromboprophylaxis to be considered, as NICE NG89 recommends.',
  'weigh-bleeding-risk':
    'Thrombosis and bleeding risk are both present: weigh the bleeding risk before deciding on pharmacological thromboprophylaxis.',
  'consider-pharmacological-bleeding-weighed':
    'Pharmacological thromboprophylaxis to be considered: the bleeding risk was judged not to preclude it.',
  'consider-mechanical':
    'Mechanical prophylaxis to be considered: the bleeding risk was judged to preclude pharmacological thromboprophylaxis.',
};

export const REASON_WORDS = {
  admission: 'admission',
  restraint: 'restraint or seclusion recorded',
  'reduced-mobility': 'reduced mobility charted',
  antipsychotic: 'new antipsychotic',
  dehydration: 'dehydration or poor intake',
};

// ---------------------------------------------------------------------------------------------
// The Questionnaire

/** The published source of an item (extension item-source, else item.definition), or null. */
export function itemSource(item) {
  const ext = (item?.extension ?? []).find((e) => e?.url === EXT_ITEM_SOURCE);
  if (isKnown(ext?.valueString)) return ext.valueString;
  return isKnown(item?.definition) && !/^https?:/.test(item.definition) ? item.definition : null;
}

/** Is this the mental-health section (not part of the DH tool)? */
export function isMentalHealthGroup(item) {
  return item?.linkId === 'mental-health';
}

/** Every item of the Questionnaire by linkId (groups included). */
export function itemsByLinkId(questionnaire) {
  const map = new Map();
  const walk = (items) => {
    for (const item of items ?? []) {
      if (item?.linkId) map.set(item.linkId, item);
      walk(item?.item);
    }
  };
  walk(questionnaire?.item);
  return map;
}

/** The bleeding items (b-...), which make the "precludes" question appear. */
export function bleedingLinkIds(questionnaire) {
  return [...itemsByLinkId(questionnaire).values()]
    .filter((i) => i.type === 'boolean' && /^b-/.test(i.linkId))
    .map((i) => i.linkId);
}

/**
 * Is an item enabled for these answers? answers: Map linkId -> value (true/false/Coding/string).
 * Only what this Questionnaire uses: boolean and coding '=' / 'exists', enableBehavior any|all.
 * The "precludes" question is asked when any bleeding item is ticked even without enableWhen.
 */
export function isEnabled(item, answers, questionnaire) {
  const conditions = item?.enableWhen ?? [];
  if (!conditions.length) {
    if (item?.linkId === PRECLUDES) return bleedingLinkIds(questionnaire).some((id) => answers.get(id) === true);
    return true;
  }
  const test = (c) => {
    const value = answers.get(c.question);
    if (c.operator === 'exists') return (value !== undefined && value !== null) === (c.answerBoolean !== false);
    const equal =
      'answerBoolean' in c
        ? value === c.answerBoolean
        : c.answerCoding
          ? value?.code === c.answerCoding.code && (!c.answerCoding.system || value?.system === c.answerCoding.system)
          : 'answerString' in c
            ? value === c.answerString
            : false;
    return c.operator === '!=' ? !equal : equal;
  };
  return item.enableBehavior === 'all' ? conditions.every(test) : conditions.some(test);
}

// ---------------------------------------------------------------------------------------------
// $populate

/**
 * What $populate filled in: { prefilled: Map linkId -> { value, reason, source, extension }, issues: [text] }.
 * The 'prefilled' extension may sit on the answer (as Parity's server puts it) or on the item.
 */
export function parsePopulate(parameters) {
  const params = parameters?.resourceType === 'Parameters' ? parameters.parameter ?? [] : [];
  const response =
    params.find((p) => p?.name === 'response')?.resource ??
    (parameters?.resourceType === 'QuestionnaireResponse' ? parameters : null);
  const outcome = params.find((p) => p?.name === 'issues')?.resource;
  const prefilled = new Map();
  const walk = (items) => {
    for (const item of items ?? []) {
      for (const answer of item.answer ?? []) {
        const ext = [...(answer.extension ?? []), ...(item.extension ?? [])].find((e) => e?.url === EXT_PREFILLED);
        const value = answerValue(answer);
        if (ext && value === true) {
          const part = (name) => (ext.extension ?? []).find((e) => e?.url === name);
          prefilled.set(item.linkId, {
            value,
            reason: part('reason')?.valueString ?? null,
            source: part('source')?.valueReference ?? null,
            extension: ext,
          });
        }
        walk(answer.item);
      }
      walk(item.item);
    }
  };
  walk(response?.item);
  const issues = (outcome?.issue ?? []).map((i) => i?.diagnostics || i?.details?.text).filter(Boolean);
  return { prefilled, issues };
}

function answerValue(answer) {
  if (!answer) return undefined;
  if ('valueBoolean' in answer) return answer.valueBoolean;
  if (answer.valueCoding) return answer.valueCoding;
  if ('valueString' in answer) return answer.valueString;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The QuestionnaireResponse

/**
 * The completed response, its items under the Questionnaire's groups. answers: Map linkId -> value
 * (true, false, a Coding, a string). Only ticked boolean items are sent (an unticked box is not a
 * "no"), except the "precludes" question, whose answer is sent either way while it is asked.
 * Answers still as filled in from the record keep their 'prefilled' extension (the clinician confirmed them).
 * ctx: { identifier, patientId, encounterId, author (Reference), authored (Date), prefilled (Map) }.
 */
export function buildResponse(questionnaire, answers, ctx) {
  const build = (items) => {
    const out = [];
    for (const item of items ?? []) {
      if (!isEnabled(item, answers, questionnaire)) continue;
      if (item.type === 'group') {
        const children = build(item.item);
        if (children.length) out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), item: children });
        continue;
      }
      if (item.type === 'display') continue;
      const value = answers.get(item.linkId);
      let answer = null;
      if (item.type === 'boolean') {
        if (value === true || (value === false && item.linkId === PRECLUDES)) answer = { valueBoolean: value };
      } else if (item.type === 'choice' || item.type === 'coding') {
        if (value?.code) answer = { valueCoding: { system: value.system, code: value.code, ...(value.display ? { display: value.display } : {}) } };
      } else if (item.type === 'text' || item.type === 'string') {
        if (isKnown(value) && String(value).trim()) answer = { valueString: String(value).trim() };
      }
      if (!answer) continue;
      const pre = ctx.prefilled?.get(item.linkId);
      if (pre && value === true) answer.extension = [pre.extension];
      out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), answer: [answer] });
    }
    return out;
  };
  return {
    resourceType: 'QuestionnaireResponse',
    meta: { profile: [PROFILE_QR] },
    identifier: { system: URI_SYSTEM, value: ctx.identifier },
    questionnaire: questionnaire?.url ?? QUESTIONNAIRE_URL,
    status: 'completed',
    subject: { reference: `Patient/${ctx.patientId}` },
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    authored: toFhirDateTime(ctx.authored ?? new Date()),
    ...(ctx.author ? { author: ctx.author } : {}),
    item: build(questionnaire?.item),
  };
}

/** Who is recording: the signed-in user's fhirUser when known, else (sign-in off) "Ward nurse" as the charts do. */
export function authorReference(user) {
  if (user?.fhirUser && /(?:^|\/)(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/.test(user.fhirUser)) {
    return { reference: user.fhirUser.replace(/^.*\/((?:Practitioner|PractitionerRole)\/[^/]+)$/, '$1'), ...(user.name ? { display: user.name } : {}) };
  }
  if (user?.name) return { display: user.name };
  return { display: 'Ward nurse' };
}

// ---------------------------------------------------------------------------------------------
// The RiskAssessment

function hasCode(concept, code) {
  return (concept?.coding ?? []).some((c) => c?.code === code);
}

function prediction(ra, present, absent) {
  const p = (ra?.prediction ?? []).find((x) => hasCode(x?.outcome, present) || hasCode(x?.outcome, absent));
  if (!p) return { present: null, rationale: null };
  return { present: hasCode(p.outcome, present), rationale: p.rationale ?? null };
}

/** The factors listed in a rationale ('; ' or new lines separate them). */
export function splitFactors(text) {
  if (!isKnown(text)) return [];
  return String(text)
    .split(/\s*(?:;|\n)\s*/)
    .map((s) => s.replace(/^[-•]\s*/, '').trim())
    .filter(Boolean);
}

/** The outcome the server derived: what the clinician needs to read. */
export function parseRiskAssessment(ra) {
  const thrombosis = prediction(ra, 'thrombosis-risk-present', 'thrombosis-risk-absent');
  const bleeding = prediction(ra, 'bleeding-risk-present', 'bleeding-risk-absent');
  const ext = (ra?.extension ?? []).find((e) => e?.url === EXT_RECOMMENDATION);
  const coding = ext?.valueCoding ?? ext?.valueCodeableConcept?.coding?.[0] ?? null;
  const code = coding?.code ?? null;
  const performer = ra?.performer;
  return {
    id: ra?.id ?? null,
    at: ra?.occurrenceDateTime ?? ra?.occurrencePeriod?.start ?? null,
    who: performer?.display || (performer?.reference ? performer.reference : null),
    thrombosis: thrombosis.present,
    bleeding: bleeding.present,
    thrombosisFactors: splitFactors(thrombosis.rationale),
    bleedingFactors: splitFactors(bleeding.rationale),
    code,
    recommendation: (code && RECOMMENDATION_WORDS[code]) || ra?.mitigation || coding?.display || 'Recommendation not recorded',
    serverText: ra?.mitigation ?? null,
    advisory: (ra?.note ?? []).map((n) => n?.text).filter(Boolean),
    basis: (ra?.basis ?? []).map((b) => idFromReference(b?.reference, 'QuestionnaireResponse')).find(Boolean) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reassessment Tasks

/**
 * The state of an open reassessment Task at `now`: { state: 'overdue'|'soon'|'due', due (Date|null),
 * reasons (text), encounterId, patientId }.
 */
export function reassessmentState(task, now = new Date()) {
  const due = parseInstant(task?.restriction?.period?.end);
  const left = due ? due.getTime() - now.getTime() : null;
  const state = left === null ? 'due' : left <= 0 ? 'overdue' : left <= DUE_SOON_MS ? 'soon' : 'due';
  const codes = (task?.reasonCode?.coding ?? []).map((c) => c?.code).filter(Boolean);
  const reasons = task?.reasonCode?.text || codes.map((c) => REASON_WORDS[c] ?? c).join('; ') || null;
  return {
    state,
    due,
    reasons,
    encounterId: idFromReference(task?.encounter?.reference, 'Encounter'),
    patientId: idFromReference(task?.for?.reference, 'Patient'),
  };
}

/** 'HH:MM' for a time today (London), else the date and time. */
export function formatDue(due, now = new Date()) {
  if (!due) return null;
  return localDate(due) === localDate(now) ? formatTime(due) : formatDateTime(due);
}

/** "VTE reassessment due by 14:30 (admission)" / "VTE reassessment overdue since 14:30 (…)". */
export function reassessmentText(info, now = new Date()) {
  const reason = info.reasons ? ` (${info.reasons})` : '';
  if (!info.due) return `VTE reassessment due${reason}`;
  if (info.state === 'overdue') return `VTE reassessment overdue: was due by ${formatDue(info.due, now)}${reason}`;
  return `VTE reassessment due by ${formatDue(info.due, now)}${reason}`;
}

/** The soonest-due open Task of a list (a patient should have at most one per admission). */
export function soonestTask(tasks) {
  const time = (t) => parseInstant(t?.restriction?.period?.end)?.getTime() ?? Infinity;
  return [...(tasks ?? [])].sort((a, b) => time(a) - time(b))[0] ?? null;
}

/** Words and class for the ward list's VTE cell. */
export function vteBadge(task, now = new Date()) {
  if (!task) return { text: '', cls: '', state: 'none' };
  const info = reassessmentState(task, now);
  if (info.state === 'overdue') return { text: 'VTE overdue', cls: 'badge badge--urgent', state: 'overdue', title: reassessmentText(info, now) };
  const by = info.due ? ` by ${formatDue(info.due, now)}` : '';
  return {
    text: `VTE due${by}`,
    cls: info.state === 'soon' ? 'badge badge--warning' : 'badge badge--due',
    state: info.state === 'soon' ? 'soon' : 'due',
    title: reassessmentText(info, now),
  };
}
