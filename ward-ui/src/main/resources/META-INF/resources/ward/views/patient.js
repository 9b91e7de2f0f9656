// Patient page: the patient banner (NHS CUI conventions) and the record tabs.

import { h, setText } from '../dom.js';
import { indexResources, matches } from '../fhir.js';
import {
  NOT_KNOWN,
  formatBorn,
  formatDateTime,
  formatAgo,
  formatGender,
  formatNhsNumber,
  formatPatientName,
  formatTime,
  nhsNumberOf,
} from '../format.js';
import { currentPlacement, pickCurrentEncounter } from '../model.js';
import { ALERT_TITLES } from '../fluid-model.js';
import { renderFluidsTab } from './fluids.js';
import { renderObservationsTab } from './observations.js';
import { renderVteTab } from './vte.js';
import { renderPhysicalHealthTab } from './physical-health.js';
import { renderSafetyPlanTab } from './safety-plan.js';
import { breakGlassBanner, breakGlassPanel } from './break-glass.js';

/**
 * The record tabs. Feature work adds `render` to its tab: render(panel, tab, { patientId, ctx, page })
 * fills the panel; without it the panel says plainly that the feature is not available yet.
 * render may return a controller, all methods optional:
 *   patientLoaded({ patient, encounter })  the Patient and current inpatient Encounter (or null) are known
 *   shown() / hidden()                     the tab was selected / left
 *   refresh({ background })                the page refreshes (timer, Retry, back online)
 *   unmount()                              the page is left
 * page.setAlerts(source, alerts) shows alerts under the banner: [{ severity: 'urgent'|'warning',
 * code, message, at, title?, source?, link?: { tab, text } }] (urgent ones in a role=alert region; without
 * title/source/link an alert is a fluid balance alert, titled from ALERT_TITLES and linking to the fluid chart).
 */
export const TABS = [
  { key: 'observations', label: 'Observations & NEWS2', subject: 'Observations and NEWS2 scores', render: renderObservationsTab },
  { key: 'fluids', label: 'Fluids & food', subject: 'Fluid and food charts', render: renderFluidsTab },
  { key: 'physical-health', label: 'Physical health', subject: 'Physical health monitoring', render: renderPhysicalHealthTab },
  { key: 'vte', label: 'VTE', subject: 'VTE (venous thromboembolism) risk assessment', render: renderVteTab },
  { key: 'safety-plan', label: 'Safety plan', subject: 'Safety plans', render: renderSafetyPlanTab },
];

function notAvailable(panel, tab) {
  panel.append(
    h('h2', { class: 'panel-title' }, tab.label),
    h(
      'div',
      { class: 'empty-state' },
      h('p', { class: 'empty-state__lead' }, `${tab.subject}: not available in this version of Parity yet.`),
      h('p', {}, 'Nothing is recorded or shown here. Keep using your ward’s current process for this.'),
    ),
  );
}

/** Banner values from the Patient and the current Encounter (pure; exported for tests). */
export function bannerFields(patient, encounter, resources, now = new Date()) {
  const placement = encounter ? currentPlacement(encounter, resources, now) : null;
  return {
    name: formatPatientName(patient, now),
    born: formatBorn(patient?.birthDate, now),
    gender: formatGender(patient?.gender),
    nhsNumber: formatNhsNumber(nhsNumberOf(patient)),
    admitted: Boolean(encounter),
    ward: encounter ? placement.ward?.name ?? NOT_KNOWN : 'Not currently an inpatient',
    wardId: placement?.ward?.id ?? null,
    bed: encounter ? placement.bed?.name ?? NOT_KNOWN : null,
    admittedAt: encounter ? formatDateTime(encounter.period?.start) : null,
  };
}

export function mount(main, route, ctx) {
  const { patientId } = route;

  // --- Banner -------------------------------------------------------------------------------
  const backLink = h('a', { class: 'back-link', href: '#/' }, 'Back to the ward list');
  const nameHeading = h('h1', { class: 'banner__name', id: 'patient-name', tabindex: '-1' }, 'Loading patient…');
  const values = {};
  const field = (key, label, extraClass = '') => {
    values[key] = h('dd', { class: `banner__value ${extraClass}`.trim(), dataset: { field: key } });
    return h('div', { class: 'banner__item', dataset: { field: key } }, h('dt', { class: 'banner__label' }, label), values[key]);
  };
  const identity = h('dl', { class: 'banner__row banner__row--identity', hidden: true },
    field('born', 'Born'),
    field('gender', 'Gender'),
    field('nhsNumber', 'NHS No.', 'nhs-number'),
  );
  const stay = h('dl', { class: 'banner__row banner__row--stay', hidden: true },
    field('ward', 'Ward'),
    field('bed', 'Bed'),
    field('admittedAt', 'Admitted'),
  );
  const bannerNote = h('p', { class: 'banner__note', hidden: true });
  const banner = h(
    'section',
    { id: 'patient-banner', class: 'banner', 'aria-labelledby': 'patient-name', dataset: { patientId, state: 'loading' } },
    h('div', { class: 'banner__inner' }, nameHeading, identity, stay, bannerNote),
  );

  // --- Alerts (features report theirs through page.setAlerts) ---------------------------------
  const urgentAlerts = h('div', { class: 'alerts__urgent', id: 'patient-alerts-urgent', role: 'alert' });
  const otherAlerts = h('div', { class: 'alerts__other', id: 'patient-alerts-other', role: 'status' });
  const alertsSection = h(
    'section',
    { class: 'alerts', id: 'patient-alerts', 'aria-label': 'Alerts', hidden: true },
    urgentAlerts,
    otherAlerts,
  );
  const alertSources = new Map();
  const alertSignatures = { urgent: '', other: '' };
  const page = {
    setAlerts(source, alerts) {
      alertSources.set(source, alerts ?? []);
      renderAlerts();
    },
  };

  function alertItem(alert) {
    const urgent = alert.severity === 'urgent';
    const link = alert.link ?? { tab: 'fluids', text: 'Open the fluid chart' };
    return h(
      'div',
      { class: `alert alert--${urgent ? 'urgent' : 'warning'}`, dataset: { code: alert.code ?? '', severity: alert.severity ?? '' } },
      h('p', { class: 'alert__title' }, h('span', { class: 'alert__severity' }, urgent ? 'Urgent: ' : 'Warning: '), alert.title ?? ALERT_TITLES[alert.code] ?? alert.code ?? 'Alert'),
      alert.message ? h('p', { class: 'alert__message' }, alert.message) : null,
      h(
        'p',
        { class: 'alert__meta' },
        `${alert.source ?? 'Fluid balance'}${alert.at ? ` · ${formatDateTime(alert.at)}` : ''} · `,
        h(
          'a',
          { href: `#/patient/${encodeURIComponent(patientId)}/${link.tab}`, dataset: { tabLink: link.tab } },
          link.text,
        ),
      ),
    );
  }

  function renderAlerts() {
    const all = [...alertSources.values()].flat();
    const urgent = all.filter((a) => a.severity === 'urgent');
    const other = all.filter((a) => a.severity !== 'urgent');
    // Replace a region only when its alerts changed, so screen readers do not repeat them each refresh.
    const sig = (list) => JSON.stringify(list.map((a) => [a.code, a.severity, a.at, a.message, a.title]));
    if (sig(urgent) !== alertSignatures.urgent) {
      alertSignatures.urgent = sig(urgent);
      urgentAlerts.replaceChildren(...urgent.map(alertItem));
    }
    if (sig(other) !== alertSignatures.other) {
      alertSignatures.other = sig(other);
      otherAlerts.replaceChildren(...other.map(alertItem));
    }
    alertsSection.hidden = all.length === 0;
    alertsSection.dataset.count = String(all.length);
  }

  // --- Tabs ---------------------------------------------------------------------------------
  const tablist = h('div', { class: 'tabs__list', role: 'tablist', 'aria-label': 'Patient record' });
  const tabs = [];
  const panels = [];
  const controllers = [];
  for (const tab of TABS) {
    const tabEl = h(
      'button',
      {
        type: 'button',
        class: 'tabs__tab',
        role: 'tab',
        id: `tab-${tab.key}`,
        'aria-controls': `panel-${tab.key}`,
        'aria-selected': 'false',
        tabindex: '-1',
        dataset: { tab: tab.key },
      },
      tab.label,
    );
    const panel = h('div', {
      class: 'tabs__panel',
      role: 'tabpanel',
      id: `panel-${tab.key}`,
      'aria-labelledby': `tab-${tab.key}`,
      tabindex: '0',
      hidden: true,
      dataset: { feature: tab.key },
    });
    controllers.push((tab.render ?? notAvailable)(panel, tab, { patientId, ctx, page }) ?? null);
    tabs.push(tabEl);
    panels.push(panel);
    tablist.append(tabEl);
  }
  const tabsSection = h('div', { class: 'tabs' }, tablist, ...panels);

  // Break-glass: the request form when the record answers 403, the "access until" banner after.
  const breakGlassArea = h('div', { class: 'break-glass-area' });
  const breakGlassStatus = h('div', { class: 'break-glass-status' });

  const pageEl = h(
    'div',
    { class: 'patient-page' },
    h('p', { class: 'back' }, backLink),
    banner,
    breakGlassStatus,
    breakGlassArea,
    alertsSection,
    tabsSection,
  );
  main.append(pageEl);
  main.classList.add('main--patient');

  let selectedIndex = -1;
  function select(index, { focus = false, updateAddress = true } = {}) {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (selectedIndex !== index) {
      controllers[selectedIndex]?.hidden?.();
      selectedIndex = index;
      controllers[index]?.shown?.();
    }
    if (focus) tabs[index].focus();
    if (updateAddress) ctx.replaceRoute(`#/patient/${encodeURIComponent(patientId)}/${TABS[index].key}`);
  }

  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tabs.indexOf(tab), { focus: true });
  });
  tablist.addEventListener('keydown', (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    let next = null;
    if (event.key === 'ArrowRight') next = (current + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (current - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    select(next, { focus: true });
  });

  const initial = Math.max(0, TABS.findIndex((t) => t.key === route.tab));
  select(initial, { updateAddress: false });

  // Links to a tab of this patient (e.g. from an alert) select it without reloading the page.
  pageEl.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-tab-link]');
    if (!link) return;
    const index = TABS.findIndex((t) => t.key === link.dataset.tabLink);
    if (index < 0) return;
    event.preventDefault();
    select(index, { focus: true });
    tabsSection.scrollIntoView({ block: 'start' });
  });

  function renderBreakGlassStatus() {
    const el = breakGlassBanner(patientId);
    if (!el) breakGlassStatus.replaceChildren();
    else if (breakGlassStatus.firstChild?.textContent !== el.textContent) breakGlassStatus.replaceChildren(el);
  }

  /** The record answered 403: not on the user's wards (or not the patient's own record). */
  function showForbidden(error) {
    ctx.clearError();
    banner.dataset.state = 'forbidden';
    identity.hidden = true;
    stay.hidden = true;
    tabsSection.hidden = true;
    alertsSection.hidden = true;
    if (!ctx.auth?.user?.isWardStaff) {
      setText(nameHeading, 'You cannot open this record');
      ctx.setTitle('You cannot open this record');
      bannerNote.hidden = false;
      setText(bannerNote, ctx.auth?.user?.isPatient ? 'You can see your own record only.' : 'Your account is not allowed to open this record.');
      return;
    }
    setText(nameHeading, 'Patient not on your ward');
    ctx.setTitle('Patient not on your ward');
    bannerNote.hidden = true;
    if (breakGlassArea.firstChild) return; // the form is already there (keep what is typed)
    const panel = breakGlassPanel({
      ctx,
      patientId,
      onGranted: () => ctx.reload(),
      onCancel: () => {
        location.hash = backLink.getAttribute('href') || '#/';
      },
    });
    breakGlassArea.replaceChildren(panel);
    panel.querySelector('#break-glass-title')?.focus();
    console.info('[parity] patient record refused (403):', error?.message);
  }

  // --- Data ---------------------------------------------------------------------------------
  let loadedAt = null;
  let loading = null;
  let destroyed = false;

  function renderBanner(f) {
    setText(nameHeading, f.name);
    ctx.setTitle(f.name);
    setText(values.born, f.born);
    setText(values.gender, f.gender);
    setText(values.nhsNumber, f.nhsNumber);
    setText(values.ward, f.ward);
    values.bed.parentElement.hidden = f.bed === null;
    values.admittedAt.parentElement.hidden = f.admittedAt === null;
    setText(values.bed, f.bed ?? '');
    setText(values.admittedAt, f.admittedAt ?? '');
    identity.hidden = false;
    stay.hidden = false;
    if (f.wardId) ctx.showWard(f.wardId);
    const wardId = f.wardId ?? ctx.rememberedWardId();
    if (wardId) {
      backLink.href = `#/ward/${encodeURIComponent(wardId)}`;
      const wardName = ctx.findWard(wardId)?.name ?? (f.wardId ? f.ward : null);
      setText(backLink, wardName && wardName !== NOT_KNOWN ? `Back to ${wardName}` : 'Back to the ward');
    }
  }

  async function load({ background = false } = {}) {
    if (destroyed) return;
    if (loading) return loading;
    banner.setAttribute('aria-busy', 'true');
    loading = (async () => {
      try {
        const [patient, encounters] = await Promise.all([
          ctx.fhir.read('Patient', patientId, { signal: ctx.signal }),
          ctx.fhir.searchAll(
            'Encounter',
            { subject: `Patient/${patientId}`, status: 'in-progress', _include: 'Encounter:location' },
            { signal: ctx.signal },
          ),
        ]);
        if (destroyed) return;
        const encounter = pickCurrentEncounter(matches(encounters, 'Encounter'));
        const fields = bannerFields(patient, encounter, indexResources(encounters));
        renderBanner(fields);
        for (const controller of controllers) {
          try {
            controller?.patientLoaded?.({ patient, encounter });
          } catch (error) {
            console.error('[parity] a tab failed to take the patient', error);
          }
        }
        loadedAt = new Date();
        breakGlassArea.replaceChildren();
        tabsSection.hidden = false;
        renderBreakGlassStatus();
        banner.dataset.state = 'loaded';
        banner.dataset.stale = 'false';
        bannerNote.hidden = true;
        ctx.clearError();
        if (!background) ctx.announce(`Patient record opened: ${fields.name}.`);
      } catch (error) {
        if (destroyed || error.aborted) return;
        if (error.forbidden) {
          showForbidden(error);
          return;
        }
        if (error.sessionEnded) {
          // The session banner asks to sign in again; keep what is on screen.
          if (!loadedAt) {
            banner.dataset.state = 'error';
            setText(nameHeading, 'Sign in again to open this record');
          }
          return;
        }
        if (error.notFound) {
          ctx.clearError();
          banner.dataset.state = 'not-found';
          setText(nameHeading, 'Patient not found');
          ctx.setTitle('Patient not found');
          identity.hidden = true;
          stay.hidden = true;
          bannerNote.hidden = false;
          setText(bannerNote, 'There is no patient with this record number on the Parity server. Go back to the ward list and choose the patient again.');
          tabsSection.hidden = true;
          alertsSection.hidden = true;
          return;
        }
        ctx.reportError(error, 'this page');
        if (loadedAt) {
          banner.dataset.stale = 'true';
          bannerNote.hidden = false;
          setText(
            bannerNote,
            `Not up to date: these details were last updated at ${formatTime(loadedAt)} (${formatAgo(Date.now() - loadedAt.getTime())}).`,
          );
        } else {
          banner.dataset.state = 'error';
          setText(nameHeading, 'Patient details not loaded');
          ctx.setTitle('Patient details not loaded');
        }
      } finally {
        loading = null;
        banner.setAttribute('aria-busy', 'false');
      }
    })();
    return loading;
  }

  ctx.setTitle('Patient');
  load();

  return {
    refresh: async (options) => {
      renderBreakGlassStatus();
      if (banner.dataset.state === 'forbidden') return load(options);
      await Promise.allSettled([load(options), ...controllers.map((c) => c?.refresh?.(options))]);
    },
    unmount() {
      destroyed = true;
      main.classList.remove('main--patient');
      for (const controller of controllers) controller?.unmount?.();
    },
  };
}
