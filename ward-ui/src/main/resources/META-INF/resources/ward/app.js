// Parity ward UI: app shell and hash router.
//   #/                      -> the remembered ward, or "choose a ward"
//   #/ward/{wardId}         -> current inpatients of a ward
//   #/patient/{id}[/{tab}]  -> patient banner and tabs
//   #/print/safety-plan/{id} -> the patient's printed copy of a safety plan
// Views export mount(main, route, ctx) and return { refresh({ background }), unmount() }.

import { FhirClient, defaultBaseUrl } from './fhir.js';
import { Outbox } from './outbox.js';
import { Auth, restoreDrafts } from './auth.js';
import { physicalTypeCode, wardsFromBundle } from './model.js';
import { h, setText } from './dom.js';
import { parseHash } from './routes.js';
import * as homeView from './views/home.js';
import * as wardView from './views/ward.js';
import * as patientView from './views/patient.js';
import * as safetyPlanPrintView from './views/safety-plan-print.js';

const STORAGE_KEY = 'parity.ward.selectedWardId';
const REFRESH_INTERVAL_MS = 60_000;
const APP_TITLE = 'Parity ward';

// Sign-in (off when the server has no SMART configuration: local development and tests).
const auth = new Auth({ fhirBase: defaultBaseUrl() });
const fhir = new FhirClient({ auth });
// Chart entries waiting to be saved: kept in localStorage and retried whatever page is on screen;
// with sign-in on, only while there is a session, and only entries of the person signed in.
const outbox = new Outbox({
  fhir,
  user: () => (auth.enabled ? auth.user : null),
  canSend: () => !auth.enabled || auth.status !== 'ended',
});

const ui = {
  main: document.getElementById('main'),
  select: document.getElementById('ward-select'),
  skipLink: document.getElementById('skip-link'),
  errorBox: document.getElementById('connection-error'),
  errorTitle: document.getElementById('connection-error-title'),
  errorMessage: document.getElementById('connection-error-message'),
  retryButton: document.getElementById('retry-button'),
  status: document.getElementById('status'),
  outboxBar: document.getElementById('outbox-bar'),
  header: document.querySelector('.app-header'),
  wardPicker: document.querySelector('.ward-picker'),
  user: document.getElementById('user-panel'),
  userName: document.getElementById('user-name'),
  userRoles: document.getElementById('user-roles'),
  userWards: document.getElementById('user-wards'),
  signOut: document.getElementById('sign-out-button'),
  session: document.getElementById('session-banner'),
  sessionTitle: document.getElementById('session-banner-title'),
  sessionMessage: document.getElementById('session-banner-message'),
  sessionButton: document.getElementById('session-sign-in-button'),
};

const state = {
  wards: null, // [{ id, name, odsSiteCode }] once loaded
  wardsLoading: null,
  errors: new Map(), // source -> { title, message }
  current: null, // { route, view, controller }
  navigationFromSelect: false,
  shownWardId: null, // the ward of the patient on screen, shown in the select
  rendered: false,
  lastRefresh: 0,
};

// ---------------------------------------------------------------------------------------------
// Remembered ward (localStorage may be unavailable: private mode, policy)

function rememberedWardId() {
  try {
    return localStorage.getItem(STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

function rememberWard(id) {
  try {
    if (id) localStorage.setItem(STORAGE_KEY, id);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* not remembered: the choice still works for this visit */
  }
}

// ---------------------------------------------------------------------------------------------
// Status announcements and the connection error box

let announceTimer = 0;
function announce(message) {
  clearTimeout(announceTimer);
  ui.status.textContent = '';
  // A fresh text node after a short pause makes screen readers announce repeated messages too.
  announceTimer = setTimeout(() => {
    ui.status.textContent = message;
  }, 120);
}

/** Words for an error; `subject` names what will refresh ('the list', 'this page'). */
function describeError(error, subject = 'this page') {
  if (auth.enabled && error?.kind === 'http' && error.status === 503) {
    return {
      title: 'Sign-in service unavailable',
      message: `The Parity server cannot check sign-ins at the moment. Your entries are kept and will be saved when it is back; ${subject} will refresh by itself.`,
    };
  }
  switch (error?.kind) {
    case 'network':
      return {
        title: 'Connection problem',
        message: `Cannot reach the Parity server. Check the Wi-Fi connection; ${subject} will refresh when it is back.`,
      };
    case 'timeout':
      return {
        title: 'The Parity server is not answering',
        message: `${error.message} Check the Wi-Fi connection, then select Retry; ${subject} will also refresh by itself.`,
      };
    case 'http':
      return {
        title: 'The Parity server reported a problem',
        message: `${error.message} Select Retry. If this keeps happening, contact IT support.`,
      };
    case 'parse':
      return {
        title: 'The Parity server sent an unreadable answer',
        message: `${error.message} Select Retry. If this keeps happening, contact IT support.`,
      };
    default:
      return {
        title: 'Something went wrong',
        message: `${error?.message || 'Unexpected error.'} Select Retry.`,
      };
  }
}

function renderErrors() {
  const latest = [...state.errors.values()].at(-1);
  if (!latest) {
    ui.errorBox.hidden = true;
    document.body.classList.remove('has-connection-error');
    return;
  }
  setText(ui.errorTitle, latest.title);
  setText(ui.errorMessage, latest.message);
  ui.errorBox.hidden = false;
  document.body.classList.add('has-connection-error');
}

function reportError(source, error, subject) {
  if (!error || error.aborted) return;
  if (error.sessionEnded) {
    // Not a connection problem: the session banner asks to sign in again; nothing is lost.
    renderSession();
    return;
  }
  state.errors.delete(source); // re-insert so the newest error is the one shown
  state.errors.set(source, describeError(error, subject));
  renderErrors();
  console.warn(`[parity] ${source}:`, error);
}

function clearError(source) {
  if (state.errors.delete(source)) renderErrors();
}

// ---------------------------------------------------------------------------------------------
// Wards (the header select)

function findWard(id) {
  return state.wards?.find((w) => w.id === id) ?? null;
}

function renderWardSelect() {
  const route = state.current?.route;
  const selectedId = route?.name === 'ward' ? route.wardId : state.shownWardId ?? rememberedWardId();
  const options = [];
  if (state.wards) {
    options.push(h('option', { value: '' }, state.wards.length ? 'Choose a ward' : 'No wards found'));
    for (const ward of state.wards) options.push(h('option', { value: ward.id }, ward.name));
  } else {
    options.push(h('option', { value: '' }, state.wardsLoading ? 'Loading wards…' : 'Wards not loaded'));
  }
  ui.select.replaceChildren(...options);
  ui.select.value = selectedId && findWard(selectedId) ? selectedId : '';
}

function loadWards() {
  if (state.wardsLoading) return state.wardsLoading;
  if (auth.enabled && auth.user?.isPatient) {
    state.wards = []; // a patient has no ward list
    return Promise.resolve();
  }
  state.wardsLoading = (async () => {
    try {
      let bundle;
      try {
        bundle = await fhir.searchAll('Location', { 'physical-type': 'wa', _sort: 'name' });
      } catch (error) {
        // R4 has no standard Location 'physical-type' search parameter; a server without
        // Parity's custom one rejects it (HTTP 400). Then filter all Locations here instead.
        if (!(error.kind === 'http' && error.status === 400 && /physical-type/.test(error.message))) throw error;
        console.warn('[parity] Location?physical-type is not supported by the server; filtering wards in the browser.');
        const all = await fhir.searchAll('Location', { _sort: 'name', _count: 200 });
        bundle = { ...all, entry: all.entry.filter((e) => physicalTypeCode(e.resource) === 'wa') };
      }
      state.wards = wardsFromBundle(bundle);
      clearError('wards');
    } catch (error) {
      reportError('wards', error, 'the ward list');
    } finally {
      state.wardsLoading = null;
      renderWardSelect();
      state.current?.view?.wardsChanged?.();
    }
  })();
  renderWardSelect();
  return state.wardsLoading;
}

// ---------------------------------------------------------------------------------------------
// Router

const VIEWS = { home: homeView, ward: wardView, patient: patientView, safetyPlanPrint: safetyPlanPrintView, notFound: homeView };

function setTitle(text) {
  document.title = text ? `${text} – ${APP_TITLE}` : APP_TITLE;
}

function makeContext(source, signal) {
  return {
    fhir,
    outbox,
    auth,
    /** The Location ids of the signed-in user's wards (from the token's ODS site codes). */
    get userWardIds() {
      return userWardIds();
    },
    /** Mount the current page again (e.g. after break-glass access was granted). */
    reload: () => route(),
    signal,
    announce,
    setTitle,
    findWard,
    get wards() {
      return state.wards;
    },
    /** 'loading' | 'loaded' | 'failed' */
    get wardsState() {
      if (state.wards) return 'loaded';
      return state.wardsLoading ? 'loading' : 'failed';
    },
    rememberedWardId,
    rememberWard,
    /** Show a ward in the header select without remembering it (the patient's current ward). */
    showWard: (id) => {
      if (state.shownWardId === id) return;
      state.shownWardId = id;
      renderWardSelect();
    },
    reportError: (error, subject) => reportError(source, error, subject),
    clearError: () => clearError(source),
    /** Update the address without re-rendering (e.g. the selected tab). */
    replaceRoute: (hash) => history.replaceState(history.state, '', hash),
  };
}

function route() {
  let r = parseHash(location.hash);
  if (r === null) {
    if (state.current) return; // in-page anchor: keep the current view
    r = { name: 'home' };
  }
  // A patient signed in sees their own record only (and the printed copy of their own plan: the server checks).
  const own = auth.enabled ? auth.user?.patientId : null;
  if (own && !(r.name === 'patient' && r.patientId === own) && r.name !== 'safetyPlanPrint') {
    history.replaceState(history.state, '', `#/patient/${encodeURIComponent(own)}`);
    r = { name: 'patient', patientId: own, tab: null };
  }
  if (r.name === 'home') {
    const remembered = rememberedWardId();
    if (remembered && (!state.wards || findWard(remembered))) {
      history.replaceState(history.state, '', `#/ward/${encodeURIComponent(remembered)}`);
      r = { name: 'ward', wardId: remembered };
    }
  }

  const previous = state.current;
  if (previous) {
    previous.controller.abort();
    previous.view?.unmount?.();
  }
  clearError('view');
  state.shownWardId = null;

  const controller = new AbortController();
  const module = VIEWS[r.name] ?? homeView;
  ui.main.replaceChildren();
  ui.main.setAttribute('aria-busy', 'false');
  state.current = { route: r, controller, view: null };
  state.current.view = module.mount(ui.main, r, makeContext('view', controller.signal));
  state.lastRefresh = Date.now();

  if (r.name === 'ward') rememberWard(r.wardId);
  renderWardSelect();

  // Move focus to the new page's heading after a navigation (not on first load, and not while
  // someone is using the ward select, where focus must stay).
  if (state.rendered && !state.navigationFromSelect) {
    const heading = ui.main.querySelector('h1');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
  state.navigationFromSelect = false;
  state.rendered = true;
}

// ---------------------------------------------------------------------------------------------
// Refresh and retry

async function refreshAll({ background = false } = {}) {
  state.lastRefresh = Date.now();
  const work = [];
  if (!state.wards || state.errors.has('wards')) work.push(loadWards());
  if (state.current?.view?.refresh) work.push(state.current.view.refresh({ background }));
  await Promise.allSettled(work);
}

async function retry() {
  if (ui.retryButton.disabled) return;
  ui.retryButton.disabled = true;
  ui.retryButton.setAttribute('aria-busy', 'true');
  setText(ui.retryButton, 'Retrying…');
  announce('Trying again…');
  try {
    await refreshAll();
  } finally {
    ui.retryButton.disabled = false;
    ui.retryButton.removeAttribute('aria-busy');
    setText(ui.retryButton, 'Retry');
  }
  if (state.errors.size === 0) {
    announce('Connected again. The information is up to date.');
    const heading = ui.main.querySelector('h1');
    if (heading && (document.activeElement === ui.retryButton || document.activeElement === document.body)) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entries not saved yet, on every page (the patient's own chart lists them in detail)

/** The tab that lists each kind of waiting entry, in the order one is chosen; any other kind is a fluid chart entry. */
const OUTBOX_TABS = { 'news2-set': 'observations', 'phr-review': 'physical-health', 'vte-assessment': 'vte' };

function renderOutboxBar() {
  const onScreen = state.current?.route?.name === 'patient' ? state.current.route.patientId : null;
  const elsewhere = outbox.entries().filter((e) => e.patientId !== onScreen);
  ui.outboxBar.hidden = elsewhere.length === 0;
  if (!elsewhere.length) return;
  const refused = elsewhere.filter((e) => e.state === 'rejected');
  const patients = [...new Set(elsewhere.map((e) => e.patientId))];
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const text =
    `${count(elsewhere.length, 'chart entry', 'chart entries')} for ${count(patients.length, 'other patient', 'other patients')} not saved yet` +
    (refused.length ? ` (${refused.length} refused by the server and need correcting).` : '. Parity keeps trying.');
  const links = patients.map((id) => {
    const name = elsewhere.find((e) => e.patientId === id && e.patientName)?.patientName;
    const kinds = new Set(elsewhere.filter((e) => e.patientId === id).map((e) => e.kind));
    const tab = [...kinds].some((k) => !OUTBOX_TABS[k]) ? 'fluids' : Object.entries(OUTBOX_TABS).find(([k]) => kinds.has(k))[1];
    return h('a', { href: `#/patient/${encodeURIComponent(id)}/${tab}` }, name ? `Open the chart of ${name}` : 'Open the chart');
  });
  ui.outboxBar.replaceChildren(
    h('p', { class: 'outbox-bar__text' }, text),
    h('ul', { class: 'outbox-bar__links' }, links.slice(0, 5).map((a) => h('li', {}, a))),
  );
  ui.outboxBar.dataset.count = String(elsewhere.length);
}

// ---------------------------------------------------------------------------------------------
// Who is signed in (header) and the session banner

function userWardIds() {
  const codes = new Set(auth.enabled ? auth.user?.wards ?? [] : []);
  return (state.wards ?? []).filter((w) => w.odsSiteCode && codes.has(w.odsSiteCode)).map((w) => w.id);
}

function renderUser() {
  const user = auth.enabled ? auth.user : null;
  ui.user.hidden = !user;
  document.body.classList.toggle('is-patient-user', Boolean(user?.isPatient));
  if (!user) return;
  setText(ui.userName, user.name);
  setText(ui.userRoles, user.roles.join(', ') || 'No role');
  const names = user.wards.map((code) => state.wards?.find((w) => w.odsSiteCode === code)?.name ?? code);
  setText(ui.userWards, names.join(', '));
  ui.userWards.hidden = names.length === 0 || user.isPatient;
  ui.user.dataset.username = user.username ?? '';
}

function renderSession() {
  const status = auth.enabled ? auth.status : 'off';
  const waiting = outbox.entries().filter((e) => outbox.sendable(e)).length;
  const kept = waiting
    ? ` ${waiting === 1 ? '1 chart entry is' : `${waiting} chart entries are`} kept and will be saved after you sign in.`
    : '';
  ui.session.dataset.state = status;
  if (status === 'ended') {
    setText(ui.sessionTitle, 'Your session has ended — sign in again');
    setText(ui.sessionMessage, `Nothing on this page is lost: stay on this page and sign in.${kept}`);
    ui.sessionButton.hidden = false;
    ui.session.hidden = false;
    document.body.classList.add('has-session-banner');
  } else if (status === 'unavailable') {
    setText(ui.sessionTitle, 'Sign-in service unavailable, your entries are kept');
    setText(ui.sessionMessage, `Parity cannot reach the sign-in service at the moment and keeps trying.${kept}`);
    ui.sessionButton.hidden = true;
    ui.session.hidden = false;
    document.body.classList.add('has-session-banner');
  } else {
    ui.session.hidden = true;
    document.body.classList.remove('has-session-banner');
  }
}

function onAuthEvent(event) {
  renderSession();
  renderUser();
  if (event.type === 'user-changed') {
    announce(`Signed in as ${auth.user?.name}. Entries charted by ${event.previous?.name ?? 'the previous user'} wait for them to sign in.`);
  }
  if (event.type === 'signed-in') {
    announce('Signed in again. Saving the entries that were waiting.');
    outbox.retryAll();
    refreshAll({ background: true });
    const heading = ui.main.querySelector('h1');
    if (document.activeElement === ui.sessionButton && heading) heading.focus({ preventScroll: true });
  }
  if (event.type === 'error' && event.error) {
    setText(ui.sessionMessage, `${event.error.message} Select “Sign in again” to try again.`);
  }
}

function signOut() {
  const waiting = outbox.entries().filter((e) => outbox.sendable(e) && e.state === 'waiting').length;
  if (
    waiting &&
    !window.confirm(
      `${waiting === 1 ? '1 chart entry is' : `${waiting} chart entries are`} not saved yet. They stay on this tablet and are saved when you sign in again. Sign out now?`,
    )
  ) {
    return;
  }
  auth.signOut();
}

// ---------------------------------------------------------------------------------------------
// Start

function start() {
  ui.select.addEventListener('change', () => {
    const id = ui.select.value;
    if (!id) return;
    rememberWard(id);
    const target = `#/ward/${encodeURIComponent(id)}`;
    if (location.hash !== target) {
      state.navigationFromSelect = true;
      location.hash = target;
    }
  });

  ui.skipLink.addEventListener('click', (event) => {
    event.preventDefault(); // keep the route in the address bar
    ui.main.focus();
  });

  ui.retryButton.addEventListener('click', retry);

  window.addEventListener('online', () => {
    announce('Wi-Fi connection is back. Refreshing…');
    refreshAll();
  });
  window.addEventListener('offline', () => refreshAll({ background: true }));

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && Date.now() - state.lastRefresh > REFRESH_INTERVAL_MS / 2) {
      refreshAll({ background: true });
    }
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshAll({ background: true });
  }, REFRESH_INTERVAL_MS);

  window.addEventListener('hashchange', route);
  window.addEventListener('hashchange', renderOutboxBar);
  outbox.subscribe(renderOutboxBar);

  loadWards().then(renderUser);
  route();
  outbox.start();
  renderOutboxBar();
}

function showSignInProblem(error) {
  setTitle('Sign in');
  const button = h('button', { type: 'button', class: 'button', id: 'sign-in-button' }, 'Sign in');
  button.addEventListener('click', () => auth.redirectToSignIn());
  ui.main.replaceChildren(
    h('h1', { tabindex: '-1' }, 'Sign in to Parity'),
    h('p', {}, error?.message || 'Sign-in did not complete.'),
    h('p', {}, button),
  );
}

async function boot() {
  ui.sessionButton.addEventListener('click', () => auth.signInAgain());
  ui.signOut.addEventListener('click', signOut);
  auth.subscribe(onAuthEvent);
  const result = await auth.start();
  if (result.redirecting) {
    setTitle('Signing in');
    ui.main.replaceChildren(h('h1', { tabindex: '-1' }, 'Opening the sign-in page…'));
    return;
  }
  if (auth.enabled && auth.status !== 'signed-in') {
    showSignInProblem(result.error);
    return;
  }
  if (auth.enabled) ui.wardPicker.hidden = Boolean(auth.user?.isPatient);
  renderUser();
  renderSession();
  outbox.subscribe(renderSession);
  start();
  if (result.restoreDrafts) restoreDrafts(ui.main);
}

boot();
