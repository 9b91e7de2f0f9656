// Safety plans (issue 6): the pure part of the "Safety plan" tab and the print view. No DOM, no
// network: CarePlan shapes per docs/features/safety-plan-contract.md, so every rule here can be tested.
// A plan is one CarePlan per version; each entry in the patient's words is one CarePlan.activity.

import { referenceKey } from './fhir.js';
import { localDate, toFhirDateTime } from './format.js';

export const P = 'https://parity-epr.org/fhir';
export const PROFILE = `${P}/StructureDefinition/parity-safety-plan`;
export const CS = `${P}/CodeSystem/safety-plan`;
export const CATEGORY_TOKEN = `${CS}|safety-plan`;
export const EXT = {
  agreement: `${P}/StructureDefinition/safety-plan-agreement`,
  reviewDue: `${P}/StructureDefinition/safety-plan-review-due`,
  reviewed: `${P}/StructureDefinition/safety-plan-reviewed`,
  author: `${P}/StructureDefinition/safety-plan-entry-author`,
  written: `${P}/StructureDefinition/safety-plan-entry-written`,
};
export const URI_SYSTEM = 'urn:ietf:rfc:3986';

// Stanley–Brown Safety Planning Intervention, sections 1–6; 7–8 UK practice addition (clinical-reference §5.1).
export const SECTIONS = [
  { code: 'warning-signs', title: 'My warning signs', prompt: 'How will I know a crisis may be starting?' },
  { code: 'coping-on-my-own', title: 'Things I can do on my own', prompt: 'What can I do by myself to take my mind off things?' },
  { code: 'people-places-distraction', title: 'People and places that help me feel better', prompt: 'Who or where can I go to take my mind off things?' },
  { code: 'people-to-ask', title: 'People I can ask for help', prompt: 'Who can I ask for help, and how do I reach them?' },
  {
    code: 'professionals-services',
    title: 'Professionals and services I can contact, including 24-hour crisis lines',
    prompt: 'Who can I call, day or night? Write the names and numbers.',
  },
  { code: 'safer-environment', title: 'Making my situation safer', prompt: 'What can I do to make where I am safer?' },
  { code: 'what-matters', title: 'What matters to me', prompt: 'What is most important to me?', optional: true },
  { code: 'reasons-for-living', title: 'My reasons for living', prompt: 'What keeps me going?', optional: true },
];

export const METHODS = [
  { code: 'agreed-in-person', display: 'Agreed in person' },
  { code: 'agreed-signed-paper', display: 'Signed on paper' },
  { code: 'agreed-by-phone', display: 'Agreed by phone or video' },
  { code: 'agreed-in-app', display: 'Agreed by the patient in the app' },
];

export const STATUS_WORDS = {
  draft: 'Being written',
  active: 'Agreed',
  revoked: 'Replaced by a newer version',
  completed: 'No longer in use',
  'entered-in-error': 'Entered in error',
};

const clone = (x) => JSON.parse(JSON.stringify(x));

export function sectionOf(code) {
  return SECTIONS.find((s) => s.code === code) ?? null;
}

/** A new entry key: 'e-' and 12 hex digits (random). */
export function newEntryId(random = Math.random) {
  let hex = '';
  for (let i = 0; i < 12; i++) hex += Math.floor(random() * 16).toString(16);
  return `e-${hex}`;
}

/** A client-chosen identifier for a new plan, so a repeated POST (If-None-Exist) never makes a second one. */
export function newPlanIdentifier() {
  const uuid = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(16)}-${newEntryId().slice(2)}`;
  return `urn:uuid:${uuid}`;
}

export function ifNoneExist(identifier) {
  return `identifier=${encodeURIComponent(`${URI_SYSTEM}|${identifier}`)}`;
}

function ext(resource, url) {
  return (resource?.extension ?? []).find((e) => e?.url === url) ?? null;
}

function sub(extension, url) {
  return (extension?.extension ?? []).find((e) => e?.url === url) ?? null;
}

/** The entries of a plan: [{ id, section, text, author: {reference, display}, written }], in plan order. */
export function entriesOf(plan) {
  return (plan?.activity ?? []).map((a) => ({
    id: a?.id ?? null,
    section: a?.detail?.code?.coding?.find((c) => c?.system === CS)?.code ?? a?.detail?.code?.coding?.[0]?.code ?? null,
    text: a?.detail?.description ?? '',
    author: ext(a, EXT.author)?.valueReference ?? null,
    written: ext(a, EXT.written)?.valueDateTime ?? null,
  }));
}

export function sectionEntries(plan, code) {
  return entriesOf(plan).filter((e) => e.section === code);
}

/** Agreement, review due and last review of a plan, for people to read. */
export function planFacts(plan) {
  const agreement = ext(plan, EXT.agreement);
  const reviewed = ext(plan, EXT.reviewed);
  const method = sub(agreement, 'method')?.valueCoding ?? null;
  return {
    id: plan?.id ?? null,
    version: plan?.meta?.versionId ?? null,
    status: plan?.status ?? null,
    statusWords: STATUS_WORDS[plan?.status] ?? plan?.status ?? '',
    created: plan?.created ?? null,
    agreedAt: sub(agreement, 'date')?.valueDateTime ?? null,
    method: method ? METHODS.find((m) => m.code === method.code)?.display ?? method.display ?? method.code : null,
    agreedBy: sub(agreement, 'recordedBy')?.valueReference ?? null,
    reviewDue: ext(plan, EXT.reviewDue)?.valueDate ?? null,
    reviewedAt: sub(reviewed, 'date')?.valueDateTime ?? null,
    reviewedBy: sub(reviewed, 'by')?.valueReference ?? null,
    reviewNote: sub(reviewed, 'note')?.valueString ?? null,
    replaces: (plan?.replaces ?? []).map((r) => referenceKey(r?.reference)).filter(Boolean),
  };
}

/** A new draft plan for a patient (POSTed with If-None-Exist on its identifier). */
export function newPlan({ patientId, encounterId = null, identifier, now = new Date() }) {
  return {
    resourceType: 'CarePlan',
    meta: { profile: [PROFILE] },
    identifier: [{ system: URI_SYSTEM, value: identifier }],
    status: 'draft',
    intent: 'plan',
    category: [{ coding: [{ system: CS, code: 'safety-plan', display: 'Safety plan' }] }],
    title: 'My safety plan',
    subject: { reference: `Patient/${patientId}` },
    ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
    created: toFhirDateTime(now),
  };
}

function activity({ id, section, text, author, written }) {
  const s = sectionOf(section);
  return {
    id,
    extension: [
      ...(author ? [{ url: EXT.author, valueReference: author }] : []),
      ...(written ? [{ url: EXT.written, valueDateTime: written }] : []),
    ],
    detail: {
      code: { coding: [{ system: CS, code: section, ...(s ? { display: s.title } : {}) }] },
      status: 'in-progress',
      description: text,
    },
  };
}

/**
 * The plan with an entry added (new id) or changed (same id; its section kept). The words are kept
 * exactly as typed except for surrounding blank space; the server stamps the time written.
 */
export function withEntry(plan, { id, section, text, author, now = new Date() }) {
  const next = clone(plan);
  const list = next.activity ?? [];
  const i = list.findIndex((a) => a?.id === id);
  const words = String(text ?? '').trim();
  if (i >= 0) {
    const old = entriesOf({ activity: [list[i]] })[0];
    list[i] = activity({ ...old, text: words, author: author ?? old.author, written: toFhirDateTime(now) });
  } else {
    list.push(activity({ id, section, text: words, author, written: toFhirDateTime(now) }));
  }
  next.activity = list;
  return next;
}

export function withoutEntry(plan, id) {
  const next = clone(plan);
  next.activity = (next.activity ?? []).filter((a) => a?.id !== id);
  if (!next.activity.length) delete next.activity;
  return next;
}

function setExt(plan, url, value) {
  plan.extension = [...(plan.extension ?? []).filter((e) => e?.url !== url), ...(value ? [{ url, ...value }] : [])];
  if (!plan.extension.length) delete plan.extension;
}

/** 'YYYY-MM-DD' + n calendar months (the 31st becomes the month's last day). */
export function addMonths(dateText, months) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(dateText ?? ''));
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1 + months;
  const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const d = new Date(Date.UTC(y, mo, Math.min(Number(m[3]), last)));
  return d.toISOString().slice(0, 10);
}

/** The default review date: three months after today (Europe/London). */
export function defaultReviewDue(now = new Date()) {
  return addMonths(localDate(now), 3);
}

/** What stops a draft being agreed, in plain words ([] when it can be). */
export function agreeProblems(plan, { reviewDue, now = new Date() }) {
  const problems = [];
  const sections = new Set(entriesOf(plan).map((e) => e.section));
  if (!sections.has('warning-signs')) problems.push('Write at least one warning sign first (“My warning signs”).');
  if (!sections.has('professionals-services')) {
    problems.push('Write at least one professional or service to contact first, such as a 24-hour crisis line.');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(reviewDue ?? ''))) problems.push('Choose a date to look at the plan again.');
  else if (reviewDue <= localDate(now)) problems.push('The date to look at the plan again must be after today.');
  return problems;
}

/** The plan agreed with the patient: active, with how and when, and the review date. */
export function agreed(plan, { method, recordedBy = null, reviewDue, now = new Date() }) {
  const next = clone(plan);
  const m = METHODS.find((x) => x.code === method) ?? METHODS[0];
  next.status = 'active';
  setExt(next, EXT.agreement, {
    extension: [
      { url: 'date', valueDateTime: toFhirDateTime(now) },
      { url: 'method', valueCoding: { system: CS, code: m.code, display: m.display } },
      ...(recordedBy ? [{ url: 'recordedBy', valueReference: recordedBy }] : []),
    ],
  });
  setExt(next, EXT.reviewDue, { valueDate: reviewDue });
  return next;
}

/** An active plan looked at together: the review recorded, a new review date. Entries unchanged. */
export function reviewed(plan, { by = null, note = '', reviewDue, now = new Date() }) {
  const next = clone(plan);
  const words = String(note ?? '').trim();
  setExt(next, EXT.reviewed, {
    extension: [
      { url: 'date', valueDateTime: toFhirDateTime(now) },
      ...(by ? [{ url: 'by', valueReference: by }] : []),
      ...(words ? [{ url: 'note', valueString: words }] : []),
    ],
  });
  setExt(next, EXT.reviewDue, { valueDate: reviewDue });
  return next;
}

/** A revision of an agreed plan: a new draft that replaces it, with the same entries and their authors. */
export function revision(plan, { identifier, now = new Date() }) {
  const next = newPlan({
    patientId: referenceKey(plan?.subject?.reference)?.split('/')[1] ?? '',
    encounterId: referenceKey(plan?.encounter?.reference)?.split('/')[1] ?? null,
    identifier,
    now,
  });
  next.title = plan?.title ?? next.title;
  next.replaces = [{ reference: `CarePlan/${plan.id}` }];
  if (plan?.activity?.length) next.activity = clone(plan.activity);
  return next;
}

/**
 * What matters when deciding whether the server already holds what was sent (a retried PUT that got 412
 * because the first try did arrive): status, entries (id, section, words, whose) and agreement/review
 * values. The server's stamps (meta, time written, displays) are left out.
 */
export function contentKey(plan) {
  const entries = entriesOf(plan)
    .map((e) => [e.id, e.section, e.text.trim(), referenceKey(e.author?.reference) ?? e.author?.display ?? ''])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const f = planFacts(plan);
  return JSON.stringify([f.status, entries, f.agreedAt ? 'agreed' : '', f.reviewDue, f.reviewNote, f.replaces]);
}

export function sameContent(a, b) {
  return contentKey(a) === contentKey(b);
}

/**
 * Both versions side by side, section by section: [{ section, rows: [{ id, mine, saved, state }] }] with
 * state 'same' | 'changed' | 'only-mine' | 'only-saved'. Sections with no entries in either are left out.
 */
export function compareVersions(mine, saved) {
  const a = entriesOf(mine);
  const b = entriesOf(saved);
  return SECTIONS.map((section) => {
    const ids = [...new Set([...a, ...b].filter((e) => e.section === section.code).map((e) => e.id))];
    const rows = ids.map((id) => {
      const m = a.find((e) => e.id === id) ?? null;
      const s = b.find((e) => e.id === id) ?? null;
      const state = !s ? 'only-mine' : !m ? 'only-saved' : m.text.trim() === s.text.trim() ? 'same' : 'changed';
      return { id, mine: m, saved: s, state };
    });
    return { section, rows };
  }).filter((x) => x.rows.length);
}

/**
 * "Keep everything from both": the saved version, plus every entry of mine it lacks (unless it was
 * removed there and I had not changed it), and for an entry both changed, theirs wins and mine is kept
 * alongside as a separate entry. base: the version my edits started from.
 */
export function mergeKeepBoth(mine, saved, base, { newId = () => newEntryId() } = {}) {
  const merged = clone(saved);
  const savedEntries = entriesOf(saved);
  const baseEntries = new Map(entriesOf(base).map((e) => [e.id, e]));
  const out = merged.activity ?? [];
  for (const [i, a] of (mine?.activity ?? []).entries()) {
    const e = entriesOf({ activity: [a] })[0];
    const there = savedEntries.find((s) => s.id === e.id);
    const before = baseEntries.get(e.id);
    const changedByMe = !before || before.text.trim() !== e.text.trim();
    if (!there) {
      if (before && !changedByMe) continue; // they removed it and I did not touch it
      out.push(clone(a));
    } else if (there.text.trim() !== e.text.trim() && changedByMe) {
      const copy = clone(a);
      copy.id = newId(i);
      out.push(copy);
    }
  }
  if (out.length) merged.activity = out;
  return merged;
}

/** The plan to show: a draft revising the agreed plan, else the agreed plan, else the newest draft. */
export function currentPlan(plans) {
  const live = (plans ?? []).filter((p) => p?.status === 'draft' || p?.status === 'active');
  const active = live.find((p) => p.status === 'active') ?? null;
  const newest = (list) => [...list].sort((x, y) => String(y.created ?? '').localeCompare(String(x.created ?? '')))[0] ?? null;
  const drafts = live.filter((p) => p.status === 'draft');
  if (active) {
    const revising = newest(drafts.filter((d) => planFacts(d).replaces.includes(`CarePlan/${active.id}`)));
    return revising ?? active;
  }
  return newest(drafts);
}

/** The chain of versions via `replaces`, newest first, starting from a plan. */
export function versionChain(plan, plans) {
  const byKey = new Map((plans ?? []).map((p) => [`CarePlan/${p.id}`, p]));
  const chain = [];
  const seen = new Set();
  let p = plan;
  while (p && !seen.has(p.id)) {
    chain.push(p);
    seen.add(p.id);
    p = byKey.get(planFacts(p).replaces[0]) ?? null;
  }
  return chain;
}

/** The RelatedPersons a Consent of the patient covers for an action ('contribute' | 'share'), by 'Type/id'. */
export function coveredActors(consents, patientId, action, now = new Date()) {
  const keys = new Set();
  for (const c of consents ?? []) {
    if (c?.status !== 'active') continue;
    if (referenceKey(c?.patient?.reference) !== `Patient/${patientId}`) continue;
    const p = c?.provision;
    if (p?.type !== 'permit') continue;
    const start = p?.period?.start ? Date.parse(p.period.start) : null;
    const end = p?.period?.end ? Date.parse(p.period.end) : null;
    if ((start && now.getTime() < start) || (end && now.getTime() > end)) continue;
    const actions = (p?.action ?? []).flatMap((a) => a?.coding ?? []);
    if (!actions.some((x) => x?.system === CS && x?.code === action)) continue;
    for (const actor of p?.actor ?? []) {
      const key = referenceKey(actor?.reference?.reference);
      if (key) keys.add(key);
    }
  }
  return keys;
}

/** Consents of the patient that allow sharing the plan (for the "Share" choice). */
export function shareConsents(consents, patientId, now = new Date()) {
  return (consents ?? []).filter((c) => coveredActors([c], patientId, 'share', now).size > 0 || isOpenShareConsent(c, patientId, now));
}

function isOpenShareConsent(c, patientId, now) {
  if (!(c?.provision?.actor ?? []).length && c?.status === 'active' && c?.provision?.type === 'permit') {
    const actions = (c.provision.action ?? []).flatMap((a) => a?.coding ?? []);
    const end = c.provision.period?.end ? Date.parse(c.provision.period.end) : null;
    return referenceKey(c?.patient?.reference) === `Patient/${patientId}` && actions.some((x) => x?.code === 'share') && !(end && now.getTime() > end);
  }
  return false;
}

function humanName(resource) {
  const n = (resource?.name ?? [])[0];
  if (!n) return null;
  return n.text || [...(n.given ?? []), n.family].filter(Boolean).join(' ') || null;
}

function givenName(resource) {
  const n = (resource?.name ?? []).find((x) => x?.use === 'usual') ?? (resource?.name ?? [])[0];
  return n?.given?.[0] ?? humanName(resource);
}

/** A short staff role from a Practitioner's qualification ('Registered mental health nurse, Willow Ward' -> 'nurse'). */
export function roleWord(practitioner) {
  const text = (practitioner?.qualification ?? []).map((q) => q?.code?.text ?? q?.code?.coding?.[0]?.display ?? '').join(' ').toLowerCase();
  for (const word of ['healthcare assistant', 'ward manager', 'nurse', 'doctor', 'psychologist', 'occupational therapist', 'social worker', 'psychiatrist']) {
    if (text.includes(word)) return word;
  }
  return 'staff';
}

/**
 * Who wrote an entry, in plain words: "Fatima (you)" for the patient (the screen speaks to them),
 * "Wren Ashdown, nurse" for staff, "Amara Nwosu, sister" for a family member or carer.
 * resources: Map 'Type/id' -> resource (the patient, Practitioners, RelatedPersons).
 */
export function authorLabel(author, resources, patientId) {
  const key = referenceKey(author?.reference);
  const r = key ? resources?.get(key) : null;
  if (key === `Patient/${patientId}`) return `${givenName(r) ?? author?.display?.split(' ')[0] ?? 'Me'} (you)`;
  if (key?.startsWith('Practitioner/')) return `${humanName(r) ?? author?.display ?? 'A member of staff'}, ${roleWord(r)}`;
  if (key?.startsWith('RelatedPerson/')) {
    const rel = r?.relationship?.[0];
    const relWord = (rel?.text ?? rel?.coding?.[0]?.display ?? '').toLowerCase();
    return `${humanName(r) ?? author?.display ?? 'Family member or carer'}${relWord ? `, ${relWord}` : ''}`;
  }
  return author?.display ?? 'Not recorded';
}

/** Plain label of a RelatedPerson for the "whose words" choice. */
export function relatedPersonLabel(rp) {
  return authorLabel({ reference: `RelatedPerson/${rp.id}` }, new Map([[`RelatedPerson/${rp.id}`, rp]]), null);
}

/** Parameters for CarePlan/[id]/$share. */
export function shareParameters({ recipient, consent = null, channel, note = '' }) {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'recipient', valueReference: { reference: recipient } },
      ...(consent ? [{ name: 'consent', valueReference: { reference: consent } }] : []),
      ...(channel ? [{ name: 'channel', valueString: channel }] : []),
      ...(String(note ?? '').trim() ? [{ name: 'note', valueString: String(note).trim() }] : []),
    ],
  };
}

/** A typed recipient: 'Organization/x', 'Practitioner/x' (also a full URL) -> 'Type/id', else null. */
export function recipientReference(text) {
  const key = referenceKey(String(text ?? '').trim());
  return key && /^(Organization|Practitioner|PractitionerRole|Patient|RelatedPerson)\//.test(key) ? key : null;
}

/** The reference of the Communication the $share answer names, or null. */
export function sharedCommunication(parameters) {
  const p = (parameters?.parameter ?? []).find((x) => x?.name === 'communication');
  return referenceKey(p?.valueReference?.reference) ?? (p?.resource?.id ? `Communication/${p.resource.id}` : null);
}

/** The printed copy: sections with the words and who wrote each (optional sections only when filled in). */
export function printModel(plan, resources, patientId) {
  const f = planFacts(plan);
  const sections = SECTIONS.map((s) => ({
    ...s,
    entries: sectionEntries(plan, s.code).map((e) => ({ ...e, who: authorLabel(e.author, resources, patientId) })),
  })).filter((s) => s.entries.length || !s.optional);
  return { facts: f, sections };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2027-02-27' or a dateTime (read in Europe/London) -> '27 February 2027'; '' when unreadable. */
export function longDate(value) {
  if (!value) return '';
  let text = String(value);
  if (text.length > 10) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return '';
    text = localDate(new Date(ms));
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}` : '';
}

/** One line about where the plan stands, in plain words. */
export function statusLine(plan, now = new Date()) {
  const f = planFacts(plan);
  if (f.status === 'draft') {
    return f.replaces.length ? 'A new version being written together. The agreed plan stays in use until this one is agreed.' : 'Being written together. Not agreed yet.';
  }
  if (f.status === 'active') {
    const agreedText = f.agreedAt ? `Agreed on ${longDate(f.agreedAt)}${f.method ? ` (${f.method.toLowerCase()})` : ''}.` : 'Agreed.';
    const reviewedText = f.reviewedAt ? ` Last looked at together on ${longDate(f.reviewedAt)}.` : '';
    const due = f.reviewDue
      ? f.reviewDue < localDate(now)
        ? ` The date to look at it again together has passed (${longDate(f.reviewDue)}).`
        : ` Look at it again together by ${longDate(f.reviewDue)}.`
      : '';
    return agreedText + reviewedText + due;
  }
  return f.statusWords;
}
