// Pure helpers for the ward board (issue 5; docs/features/ward-board.md): reading the answer of
// Location/[ward]/$ward-board, the state of a Task now (due / due-soon / overdue) and the countdown
// words. No DOM, so the rules can be checked in isolation; the view ticks them every second.

import { idFromReference } from './fhir.js';
import { parseInstant } from './format.js';

export const DEFAULT_DUE_SOON_MS = 60 * 60_000;

const parts = (node) => node?.part ?? node?.parameter ?? [];
const part = (node, name) => parts(node).find((p) => p?.name === name) ?? null;
const all = (node, name) => parts(node).filter((p) => p?.name === name);
const ref = (p) => p?.valueReference?.reference ?? null;

/**
 * The board from the operation's Parameters: { time, dueSoonMs, rows: [...] }, rows in the server's bed order.
 * Each row: { patientId, bed, name, nhsNumber, admitted, tasks: [{ id, code, description, due, status }],
 * news2: { score, time, escalating, response } | null,
 * flags: [{ id, text }], fluids: { intake, output, balance } | null }.
 */
export function parseWardBoard(parameters) {
  const minutes = part(parameters, 'dueSoonMinutes')?.valueInteger;
  const rows = all(parameters, 'inpatient').map((p) => {
    const news2 = part(p, 'news2');
    const fluids = part(p, 'fluids');
    return {
      patientId: idFromReference(ref(part(p, 'patient')), 'Patient'),
      bed: part(p, 'bed')?.valueReference?.display ?? null,
      name: part(p, 'patient')?.valueReference?.display ?? null,
      nhsNumber: part(p, 'nhsNumber')?.valueString ?? null,
      admitted: part(p, 'admitted')?.valueDateTime ?? null,
      tasks: all(p, 'task').map((t) => ({
        id: ref(part(t, 'task')),
        code: part(t, 'code')?.valueCoding?.code ?? null,
        description: part(t, 'description')?.valueString ?? part(t, 'code')?.valueCoding?.display ?? 'Task',
        due: part(t, 'due')?.valueDateTime ?? null,
        status: part(t, 'status')?.valueCode ?? null,
      })),
      news2: news2
        ? {
            score: part(news2, 'score')?.valueInteger ?? null,
            time: part(news2, 'time')?.valueDateTime ?? null,
            escalating: part(news2, 'escalating')?.valueBoolean === true,
            response: part(news2, 'response')?.valueString ?? null,
          }
        : null,
      flags: all(p, 'flag').map((f) => ({
        id: ref(part(f, 'flag')),
        text: part(f, 'text')?.valueString ?? part(f, 'code')?.valueCoding?.display ?? 'Flag',
      })),
      fluids: fluids
        ? {
            intake: part(fluids, 'intake')?.valueQuantity?.value ?? 0,
            output: part(fluids, 'output')?.valueQuantity?.value ?? 0,
            balance: part(fluids, 'balance')?.valueQuantity?.value ?? 0,
          }
        : null,
    };
  });
  return {
    time: part(parameters, 'time')?.valueDateTime ?? null,
    dueSoonMs: Number.isInteger(minutes) ? minutes * 60_000 : DEFAULT_DUE_SOON_MS,
    rows,
  };
}

/**
 * How far the tablet's clock is behind the server's (ms), from the board's time and when it arrived, so
 * countdowns follow the server's clock; 0 when unknown. Half the round trip is not worth correcting for.
 */
export function clockOffset(serverTime, receivedAt = new Date()) {
  const server = parseInstant(serverTime);
  return server ? server.getTime() - receivedAt.getTime() : 0;
}

/** The state of a Task due at `due` (same rule as the server's WardBoard.state): overdue once the time has passed. */
export function taskState(due, now, dueSoonMs = DEFAULT_DUE_SOON_MS) {
  const at = parseInstant(due);
  if (!at) return null;
  const left = at.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= dueSoonMs) return 'due-soon';
  return 'due';
}

const RANK = { overdue: 3, 'due-soon': 2, due: 1 };

/** The most urgent state among a row's Tasks, or null when none has a due time. */
export function rowState(tasks, now, dueSoonMs = DEFAULT_DUE_SOON_MS) {
  let worst = null;
  for (const task of tasks ?? []) {
    const state = taskState(task.due, now, dueSoonMs);
    if (state && (!worst || RANK[state] > RANK[worst])) worst = state;
  }
  return worst;
}

/** The Task to show first: the earliest due (Tasks without one last). */
export function nextTask(tasks) {
  const time = (t) => parseInstant(t?.due)?.getTime() ?? Infinity;
  return [...(tasks ?? [])].sort((a, b) => time(a) - time(b))[0] ?? null;
}

const pad = (n) => String(n).padStart(2, '0');

/**
 * A countdown in words: "due in 45:09" under an hour (minutes and seconds, so it visibly ticks),
 * "due in 3 h 05 min", "due in 2 d 4 h"; "overdue by 2:10" / "overdue by 1 h 20 min" / "overdue by 3 d 2 h".
 */
export function formatCountdown(due, now) {
  const at = parseInstant(due);
  if (!at) return '';
  const diff = at.getTime() - now.getTime();
  const overdue = diff < 0;
  const s = Math.floor(Math.abs(diff) / 1000);
  let words;
  if (s < 3600) words = `${Math.floor(s / 60)}:${pad(s % 60)}`;
  else if (s < 86_400) words = `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  else words = `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  return overdue ? `overdue by ${words}` : `due in ${words}`;
}

/** Words for the NEWS2 cell. */
export function news2Text(news2) {
  if (!news2 || news2.score == null) return '';
  return `NEWS2 ${news2.score}${news2.escalating ? ' – escalate' : ''}`;
}
