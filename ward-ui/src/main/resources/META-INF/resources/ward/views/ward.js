// A ward's current inpatients: bed, name, NHS number, time since admission; sorted by bed. This is the
// ward's home: the ward board (Location/[ward]/$ward-board, issue 5) adds what is due with a countdown that
// ticks every second (overdue rows red, due within the hour amber) and the latest NEWS2.

import { h, setText } from '../dom.js';
import { idFromReference, indexResources, matches } from '../fhir.js';
import {
  NOT_KNOWN,
  compareLabels,
  formatDateTime,
  formatAgo,
  formatNhsNumber,
  formatPatientName,
  formatTime,
  formatTimeSince,
  nhsNumberOf,
  parseInstant,
} from '../format.js';
import { currentPlacement } from '../model.js';
import { parseFluidBalance } from '../fluid-model.js';
import { findPatientSection } from './find-patient.js';
import { REASSESSMENT_TOKEN, soonestTask, vteBadge } from '../vte-model.js';
import { clockOffset, formatCountdown, news2Text, nextTask, parseWardBoard, rowState, taskState } from '../board-model.js';
import { startLive } from '../live.js';

/**
 * Live updates: live.js (a websocket Subscription on deadline Task changes) dispatches this event on window; the
 * board then reloads at once. When the socket is down the board reloads with the app's periodic refresh, and its
 * countdowns tick locally either way.
 */
export const PUSH_EVENT = 'parity:ward-board-changed';
const TICK_MS = 1000;

// Fluid alert counts per patient ('Fluids' column): fetched lazily after the list is shown, a few
// at a time, and kept for a short while so the minute-by-minute refresh does not refetch them all.
const FLUID_TTL_MS = 2 * 60_000;
const FLUID_CONCURRENCY = 2;
const fluidCache = new Map(); // patientId -> { at, alerts: [{severity}], state: 'ok'|'unavailable' }

/** Words and class for the 'Fluids' cell. */
export function fluidBadge(info) {
  if (!info) return { text: 'Checking…', cls: 'badge badge--muted', state: 'loading' };
  if (info.state === 'unavailable') return { text: 'Not available', cls: 'badge badge--muted', state: 'unavailable' };
  const n = info.alerts.length;
  if (n === 0) return { text: 'No alerts', cls: 'badge badge--none', state: 'none' };
  const urgent = info.alerts.some((a) => a.severity === 'urgent');
  return {
    text: `${n} alert${n === 1 ? '' : 's'}${urgent ? ', urgent' : ''}`,
    cls: `badge ${urgent ? 'badge--urgent' : 'badge--warning'}`,
    state: urgent ? 'urgent' : 'warning',
  };
}

/** The search for a ward's current inpatients (the Parity data contract). */
export function inpatientSearch(wardId) {
  return {
    location: `Location/${wardId}`,
    status: 'in-progress',
    class: 'IMP',
    _include: ['Encounter:subject', 'Encounter:location'],
    _count: 100,
  };
}

/**
 * Rows for the table from the search Bundle: one per patient whose current ward is this ward
 * (the search also matches encounters that were at this ward earlier), sorted by bed.
 */
export function inpatientRows(bundle, wardId, now = new Date()) {
  const resources = indexResources(bundle);
  const byPatient = new Map();
  for (const encounter of matches(bundle, 'Encounter')) {
    const placement = currentPlacement(encounter, resources, now);
    if (placement.ward?.id !== wardId) continue;
    const patientId = idFromReference(encounter.subject?.reference, 'Patient');
    if (!patientId) continue;
    const patient = resources.get(`Patient/${patientId}`) ?? null;
    const row = {
      patientId,
      encounterId: encounter.id,
      bed: placement.bed?.name ?? null,
      name: patient ? formatPatientName(patient, now) : encounter.subject?.display || NOT_KNOWN,
      nhsNumber: patient ? nhsNumberOf(patient) : null,
      admitted: encounter.period?.start ?? null,
    };
    // One row per patient: if the data has two open admissions, show the latest.
    const existing = byPatient.get(patientId);
    const start = (r) => parseInstant(r.admitted)?.getTime() ?? -Infinity;
    if (!existing || start(row) > start(existing)) byPatient.set(patientId, row);
  }
  return [...byPatient.values()].sort(
    (a, b) => compareLabels(a.bed, b.bed) || compareLabels(a.name, b.name) || compareLabels(a.patientId, b.patientId),
  );
}

export function mount(main, route, ctx) {
  const { wardId } = route;
  const wardName = () => ctx.findWard(wardId)?.name ?? null;

  const heading = h('h1', { class: 'page-title', tabindex: '-1' }, wardName() ?? 'Ward');
  const summary = h('p', { class: 'page-summary', id: 'ward-summary' }, 'Loading current inpatients…');
  const liveStatus = h('span', { class: 'live-status', id: 'live-status', role: 'status', 'aria-live': 'polite', dataset: { live: 'polling' } }, 'Updating every minute');
  const refreshButton = h('button', { type: 'button', class: 'button button--secondary', id: 'refresh-button' }, 'Refresh');
  const staleNote = h('p', { class: 'stale-note', id: 'stale-note', hidden: true });
  const notFound = h('div', { class: 'notice', hidden: true });
  const caption = h('caption', { class: 'visually-hidden' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { id: 'inpatients', class: 'inpatients', dataset: { wardId, state: 'loading' }, 'aria-describedby': 'ward-summary' },
    caption,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'col-bed' }, 'Bed'),
        h('th', { scope: 'col', class: 'col-name' }, 'Name'),
        h('th', { scope: 'col', class: 'col-nhs' }, 'NHS number'),
        h('th', { scope: 'col', class: 'col-since' }, 'Time since admission'),
        h('th', { scope: 'col', class: 'col-fluids' }, h('span', { 'aria-hidden': 'true' }, 'Fluids'), h('span', { class: 'visually-hidden' }, 'Fluid balance alerts today')),
        h('th', { scope: 'col', class: 'col-vte' }, h('span', { 'aria-hidden': 'true' }, 'VTE'), h('span', { class: 'visually-hidden' }, 'VTE reassessment due')),
        h('th', { scope: 'col', class: 'col-due' }, 'Due next'),
        h('th', { scope: 'col', class: 'col-news2' }, 'NEWS2'),
      ),
    ),
    tbody,
  );
  const tableWrap = h('div', { class: 'table-wrap' }, table);

  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('div', { class: 'page-head__text' }, heading, summary),
      h('div', { class: 'page-head__actions' }, liveStatus, refreshButton),
    ),
    staleNote,
    notFound,
    tableWrap,
    findPatientSection(ctx),
  );

  let rows = null; // last loaded rows
  let loadedAt = null;
  let loading = null;
  let destroyed = false;

  function renderHeading() {
    const name = wardName();
    setText(heading, name ?? 'Ward');
    ctx.setTitle(name ?? 'Ward');
    setText(caption, `Current inpatients on ${name ?? 'this ward'}, sorted by bed`);
  }

  function messageRow(text) {
    return h('tr', { class: 'inpatients__message' }, h('td', { colspan: '8' }, text));
  }

  let renderedSignature = null;

  /**
   * Render the rows. When the list is unchanged (the usual background refresh) only the times
   * since admission are updated in place, so keyboard focus and screen-reader position survive.
   */
  function renderRows() {
    const now = new Date();
    if (!rows) return;
    const signature = JSON.stringify(rows);
    if (signature === renderedSignature) {
      for (const time of tbody.querySelectorAll('time[datetime]')) {
        setText(time, formatTimeSince(time.getAttribute('datetime'), now));
      }
      for (const td of tbody.querySelectorAll('td[data-col="fluids"]')) paintFluid(td, td.closest('tr').dataset.patientId);
      for (const td of tbody.querySelectorAll('td[data-col="vte"]')) paintVte(td, td.closest('tr').dataset.patientId);
      paintBoard();
      return;
    }
    renderedSignature = signature;
    const focusedPatient = tbody.contains(document.activeElement)
      ? document.activeElement.closest('tr')?.dataset.patientId
      : null;
    renderAllRows(now);
    if (focusedPatient) {
      const link = [...tbody.querySelectorAll('tr[data-patient-id]')]
        .find((tr) => tr.dataset.patientId === focusedPatient)
        ?.querySelector('a');
      (link ?? heading).focus({ preventScroll: true });
    }
  }

  function renderAllRows(now) {
    if (rows.length === 0) {
      tbody.replaceChildren(messageRow('There are no current inpatients recorded on this ward.'));
      return;
    }
    tbody.replaceChildren(
      ...rows.map((row) => {
        const href = `#/patient/${encodeURIComponent(row.patientId)}`;
        const admitted = parseInstant(row.admitted);
        return h(
          'tr',
          { class: 'inpatients__row', dataset: { patientId: row.patientId, href } },
          h('td', { class: 'col-bed', dataset: { col: 'bed' } }, row.bed ?? NOT_KNOWN),
          h('td', { class: 'col-name', dataset: { col: 'name' } }, h('a', { class: 'row-link', href }, row.name)),
          h('td', { class: 'col-nhs nhs-number', dataset: { col: 'nhs-number' } }, formatNhsNumber(row.nhsNumber)),
          h(
            'td',
            { class: 'col-since', dataset: { col: 'since-admission' } },
            admitted
              ? h(
                  'time',
                  { datetime: admitted.toISOString(), title: `Admitted ${formatDateTime(admitted)}` },
                  formatTimeSince(admitted, now),
                )
              : NOT_KNOWN,
          ),
          fluidCell(row.patientId),
          vteCell(row.patientId),
          h('td', { class: 'col-due', dataset: { col: 'due' } }),
          h('td', { class: 'col-news2', dataset: { col: 'news2' } }),
        );
      }),
    );
    paintBoard();
  }

  // The ward board: open Tasks with countdowns, the latest NEWS2. One request for the whole ward.
  let board = null; // { byPatient: Map, dueSoonMs, offset } once loaded
  let boardFailed = false;

  // The board is for the ward's own staff (the server refuses it to others, break-glass included): on another
  // ward's list a nurse sees the patients she may open, without the board's columns.
  function mayReadBoard() {
    return !ctx.auth?.enabled || (ctx.userWardIds ?? []).includes(wardId);
  }

  async function loadBoard() {
    if (!mayReadBoard()) {
      board = null;
      boardFailed = false;
      paintBoard();
      table.dataset.boardState = 'not-staff';
      return;
    }
    try {
      const parameters = await ctx.fhir.get(`Location/${encodeURIComponent(wardId)}/$ward-board`, { signal: ctx.signal });
      if (destroyed) return;
      const parsed = parseWardBoard(parameters);
      board = {
        byPatient: new Map(parsed.rows.map((r) => [r.patientId, r])),
        dueSoonMs: parsed.dueSoonMs,
        offset: clockOffset(parsed.time),
      };
      boardFailed = false;
      table.dataset.boardLoadedAt = new Date().toISOString();
    } catch (error) {
      if (error.aborted || destroyed) return;
      console.warn('[parity] ward board not loaded', error);
      boardFailed = !board;
    }
    paintBoard();
    table.dataset.boardState = board ? 'loaded' : 'unavailable';
  }

  /** Paint the Due and NEWS2 cells and each row's state at the server's 'now'; runs every second. */
  function paintBoard() {
    const now = new Date(Date.now() + (board?.offset ?? 0));
    for (const tr of tbody.querySelectorAll('tr[data-patient-id]')) {
      const entry = board?.byPatient.get(tr.dataset.patientId) ?? null;
      const dueTd = tr.querySelector('td[data-col="due"]');
      const newsTd = tr.querySelector('td[data-col="news2"]');
      if (!dueTd || !newsTd) continue;
      if (!board) {
        const text = boardFailed ? 'Not available' : '';
        if (dueTd.textContent !== text) dueTd.replaceChildren(text ? h('span', { class: 'badge badge--muted' }, text) : '');
        continue;
      }
      const state = entry ? rowState(entry.tasks, now, board.dueSoonMs) : null;
      tr.dataset.boardState = state ?? 'none';
      tr.classList.toggle('inpatients__row--overdue', state === 'overdue');
      tr.classList.toggle('inpatients__row--due-soon', state === 'due-soon');
      const next = nextTask((entry?.tasks ?? []).filter((t) => t.due));
      if (!next) {
        dueTd.dataset.state = 'none';
        if (dueTd.textContent !== '') dueTd.replaceChildren();
      } else {
        const nextState = taskState(next.due, now, board.dueSoonMs);
        const more = entry.tasks.length - 1;
        const cls = nextState === 'overdue' ? 'badge badge--urgent' : nextState === 'due-soon' ? 'badge badge--warning' : 'badge badge--due';
        const text = `${next.description}: ${formatCountdown(next.due, now)}`;
        dueTd.dataset.state = nextState;
        const badge = dueTd.querySelector('.badge');
        if (badge && badge.className === cls && badge.dataset.task === next.id) {
          setText(badge, text);
        } else {
          dueTd.replaceChildren(h('span', { class: cls, dataset: { task: next.id ?? '' } }, text));
        }
        const moreText = more > 0 ? ` +${more} more` : '';
        let moreSpan = dueTd.querySelector('.due-more');
        if (moreText && !moreSpan) dueTd.append((moreSpan = h('span', { class: 'due-more' })));
        if (moreSpan) setText(moreSpan, moreText);
      }
      const flags = entry?.flags?.length ?? 0;
      const news = news2Text(entry?.news2);
      const newsWords = news + (flags ? `${news ? ' · ' : ''}${flags} flag${flags === 1 ? '' : 's'}` : '');
      newsTd.dataset.state = entry?.news2?.escalating ? 'escalating' : entry?.news2 ? 'scored' : 'none';
      if (newsTd.textContent !== newsWords) {
        newsTd.replaceChildren(
          newsWords ? h('span', { class: `badge ${entry?.news2?.escalating ? 'badge--urgent' : 'badge--none'}` }, newsWords) : '',
        );
      }
    }
  }

  const ticker = setInterval(() => {
    if (!destroyed && board) paintBoard();
  }, TICK_MS);
  const onPush = () => load({ background: true });
  window.addEventListener(PUSH_EVENT, onPush);
  const live = ctx.fhir
    ? startLive({
        fhir: ctx.fhir,
        auth: ctx.auth,
        onPush: () => window.dispatchEvent(new CustomEvent(PUSH_EVENT)),
        onStatus: (state) => {
          liveStatus.dataset.live = state;
          setText(liveStatus, state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Updating every minute');
        },
      })
    : null;

  function fluidCell(patientId) {
    const td = h('td', { class: 'col-fluids', dataset: { col: 'fluids' } });
    paintFluid(td, patientId);
    return td;
  }

  function paintFluid(td, patientId) {
    const badge = fluidBadge(fluidCache.get(patientId));
    td.dataset.state = badge.state;
    const content =
      badge.state === 'urgent' || badge.state === 'warning'
        ? h('a', { class: `${badge.cls} badge--link`, href: `#/patient/${encodeURIComponent(patientId)}/fluids` }, badge.text)
        : h('span', { class: badge.cls }, badge.text);
    if (td.textContent !== badge.text || td.firstChild?.className !== content.className) td.replaceChildren(content);
  }

  // VTE reassessment due: one search for the open reassessment Tasks of the listed admissions.
  let vteTasks = null; // patientId -> the soonest open Task; null until loaded
  let vteFailed = false;

  function vteCell(patientId) {
    const td = h('td', { class: 'col-vte', dataset: { col: 'vte' } });
    paintVte(td, patientId);
    return td;
  }

  function paintVte(td, patientId) {
    if (!vteTasks) {
      td.dataset.state = vteFailed ? 'unavailable' : 'loading';
      const text = vteFailed ? 'Not available' : '';
      if (td.textContent !== text) td.replaceChildren(text ? h('span', { class: 'badge badge--muted' }, text) : '');
      return;
    }
    const badge = vteBadge(vteTasks.get(patientId) ?? null);
    td.dataset.state = badge.state;
    if (badge.state === 'none') {
      if (td.textContent !== '') td.replaceChildren();
      return;
    }
    const content = h(
      'a',
      { class: `${badge.cls} badge--link`, href: `#/patient/${encodeURIComponent(patientId)}/vte`, title: badge.title },
      badge.text,
    );
    if (td.textContent !== badge.text || td.firstChild?.className !== content.className) td.replaceChildren(content);
  }

  async function loadVteBadges() {
    if (!rows?.length) return;
    try {
      const bundle = await ctx.fhir.searchAll(
        'Task',
        {
          code: REASSESSMENT_TOKEN,
          status: 'requested',
          patient: rows.map((r) => `Patient/${r.patientId}`).join(','),
          _count: 100,
        },
        { signal: ctx.signal },
      );
      if (destroyed) return;
      const byPatient = new Map();
      const listed = new Map(rows.map((r) => [r.patientId, r]));
      for (const e of bundle.entry ?? []) {
        const task = e.resource;
        if (task?.resourceType !== 'Task') continue;
        const patientId = idFromReference(task.for?.reference, 'Patient');
        if (!listed.has(patientId)) continue;
        byPatient.set(patientId, soonestTask([byPatient.get(patientId), task].filter(Boolean)));
      }
      vteTasks = byPatient;
      vteFailed = false;
    } catch (error) {
      if (error.aborted || destroyed) return;
      console.warn('[parity] VTE reassessment Tasks not loaded', error);
      vteFailed = !vteTasks;
    }
    for (const td of tbody.querySelectorAll('td[data-col="vte"]')) paintVte(td, td.closest('tr').dataset.patientId);
    table.dataset.vteState = vteTasks ? 'loaded' : 'unavailable';
  }

  let fluidRun = 0;
  /** Fetch the alert counts the cache does not have (or has old), a few at a time, updating cells in place. */
  async function loadFluidBadges() {
    if (!rows?.length) return;
    const run = ++fluidRun;
    const now = Date.now();
    const queue = rows.map((r) => r.patientId).filter((id) => !(now - (fluidCache.get(id)?.at ?? 0) < FLUID_TTL_MS));
    const worker = async () => {
      while (queue.length && !destroyed && run === fluidRun) {
        const id = queue.shift();
        try {
          const result = parseFluidBalance(await ctx.fhir.get(`Patient/${encodeURIComponent(id)}/$fluid-balance`, { signal: ctx.signal }));
          fluidCache.set(id, { at: Date.now(), state: 'ok', alerts: result.days.at(-1)?.alerts ?? result.alerts });
        } catch (error) {
          if (error.aborted || destroyed) return;
          // Keep an older answer if there is one; otherwise say the count is not available.
          const old = fluidCache.get(id);
          if (!old || old.state !== 'ok') fluidCache.set(id, { at: Date.now() - FLUID_TTL_MS / 2, state: 'unavailable', alerts: [] });
        }
        const td = tbody.querySelector(`tr[data-patient-id="${CSS.escape(id)}"] td[data-col="fluids"]`);
        if (td) paintFluid(td, id);
      }
    };
    await Promise.all(Array.from({ length: FLUID_CONCURRENCY }, worker));
  }

  function renderSummary() {
    if (!rows) return;
    const count = rows.length === 1 ? '1 current inpatient' : `${rows.length} current inpatients`;
    setText(summary, `${count} · Updated ${formatTime(loadedAt)}`);
  }

  function markStale(isStale) {
    table.dataset.stale = String(isStale);
    staleNote.hidden = !isStale;
    if (isStale && loadedAt) {
      setText(
        staleNote,
        `Not up to date: this list was last updated at ${formatTime(loadedAt)} (${formatAgo(
          Date.now() - loadedAt.getTime(),
        )}). Patients may have been admitted, moved or discharged since then.`,
      );
    }
  }

  async function load({ background = false } = {}) {
    if (destroyed) return;
    if (ctx.wardsState === 'loaded' && !wardName()) return showNotFound();
    if (loading) return loading;
    table.setAttribute('aria-busy', 'true');
    refreshButton.disabled = true;
    loading = (async () => {
      try {
        const bundle = await ctx.fhir.searchAll('Encounter', inpatientSearch(wardId), { signal: ctx.signal });
        if (destroyed) return;
        rows = inpatientRows(bundle, wardId);
        loadedAt = new Date();
        renderRows();
        loadFluidBadges();
        loadVteBadges();
        loadBoard();
        renderSummary();
        markStale(false);
        table.dataset.state = 'loaded';
        table.dataset.loadedAt = loadedAt.toISOString();
        ctx.clearError();
        if (!background) ctx.announce(`${wardName() ?? 'Ward'}: ${summary.textContent}.`);
      } catch (error) {
        if (destroyed || error.aborted) return;
        ctx.reportError(error, 'the list');
        if (rows) {
          renderRows(); // keep times since admission moving
          markStale(true);
        } else {
          renderedSignature = null;
          tbody.replaceChildren(messageRow('The list of inpatients could not be loaded.'));
          setText(summary, 'Not loaded');
          table.dataset.state = 'error';
        }
      } finally {
        loading = null;
        table.setAttribute('aria-busy', 'false');
        refreshButton.disabled = false;
      }
    })();
    return loading;
  }

  function showNotFound() {
    tableWrap.hidden = true;
    refreshButton.hidden = true;
    summary.hidden = true;
    setText(heading, 'Ward not found');
    ctx.setTitle('Ward not found');
    notFound.hidden = false;
    notFound.replaceChildren(
      h('p', {}, 'This ward is not on the Parity server’s list of wards. It may have been closed or renamed.'),
      h('p', {}, 'Choose a ward from the list at the top of the page.'),
    );
    if (ctx.rememberedWardId() === wardId) ctx.rememberWard(null);
  }

  // Rows open the patient page; the name link is the keyboard target, the whole row is the touch target.
  tbody.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    const tr = event.target.closest('tr[data-href]');
    if (tr) location.hash = tr.dataset.href;
  });
  refreshButton.addEventListener('click', () => load());

  tbody.replaceChildren(messageRow('Loading current inpatients…'));
  renderHeading();
  load();

  return {
    refresh: (options) => load(options),
    wardsChanged() {
      renderHeading();
      if (ctx.wardsState === 'loaded' && !wardName()) showNotFound();
    },
    unmount() {
      destroyed = true;
      clearInterval(ticker);
      window.removeEventListener(PUSH_EVENT, onPush);
      live?.stop();
    },
  };
}
