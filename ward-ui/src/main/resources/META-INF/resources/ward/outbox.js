// Chart entries waiting to be saved ("outbox"). Poor Wi-Fi is normal on a ward, so an entry is never
// lost and never shown as saved before the server has answered 2xx:
//   - each entry carries a client identifier ('urn:uuid:…', made once) and is POSTed with
//     If-None-Exist on it, so sending it again (after a lost answer, a reload, another tab) cannot
//     create a second copy on the server; a transaction Bundle (a NEWS2 set) is POSTed to the base
//     and each of its resources carries its own identifier and request.ifNoneExist;
//   - until a 2xx it stays in localStorage (it survives a reload or a closed tab) and is retried by
//     itself (at once when the browser says it is online again, otherwise with a growing pause) and
//     when the user asks;
//   - a 4xx answer (the server refused the entry, e.g. a 422 with an OperationOutcome) is not retried
//     blindly: the entry is kept with the server's reason until it is corrected or discarded;
//   - a 401 (the sign-in session has ended) is not a refusal: the entry waits, with the same
//     identifier, and is sent when the user has signed in again;
//   - an entry may instead be a conditional update (meta.url, 'Type?identifier=…'): a record kept over time
//     (the physical health review) is written again under its own identifier, which is just as safe to repeat;
//     a newer version of the same entry replaces the waiting one, and one sent meanwhile is not taken as it;
//   - with sign-in on, each entry remembers who charted it and is only sent while that person is
//     signed in (an entry is never saved under someone else's name).

import { FhirError, operationOutcomeText } from './fhir.js';
import { ifNoneExist } from './fluid-model.js';
import { formatTime } from './format.js';

export const STORAGE_KEY = 'parity.ward.outbox.v1';
export const BACKOFF_MS = [5_000, 10_000, 20_000, 40_000, 60_000];
const SAVE_TIMEOUT_MS = 20_000;

/** Should a failed save be tried again by itself? (no answer, or a temporary server problem) */
export function isRetryable(error) {
  if (!(error instanceof FhirError)) return true;
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'aborted') return true;
  if (error.kind === 'http') return error.status >= 500 || error.status === 401 || error.status === 408 || error.status === 429;
  return false;
}

/** The pause before the n-th retry (n from 1), with a little jitter so tablets do not retry together. */
export function backoffMs(attempts, random = Math.random) {
  const base = BACKOFF_MS[Math.min(Math.max(attempts, 1), BACKOFF_MS.length) - 1];
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** Words for why an entry is not saved yet (or was refused). */
export function reasonFor(error) {
  if (error?.kind === 'http' && error.status === 401) return 'Your session has ended: sign in again to save it.';
  if (error?.kind === 'http' && error.status === 503) {
    return 'The Parity server or its sign-in service is not available at the moment; the entry is kept.';
  }
  if (error?.kind === 'http') {
    return operationOutcomeText(error.outcome) || `The server answered HTTP ${error.status}.`;
  }
  if (error?.kind === 'timeout') return 'The Parity server did not answer in time.';
  if (error?.kind === 'network' || error?.kind === 'aborted') return 'Cannot reach the Parity server (no connection).';
  return error?.message || 'Unexpected error.';
}

function browserStorage() {
  try {
    const storage = globalThis.localStorage;
    const probe = `${STORAGE_KEY}.probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

export class Outbox {
  /**
   * fhir: a FhirClient; storage: a Web Storage (default localStorage; null keeps entries in memory
   * only, which the UI must say). Call start() once.
   */
  /**
   * user(): who is signed in ({ sub, name }) or null when sign-in is off; canSend(): false while
   * there is no session (entries then wait without being tried).
   */
  constructor({ fhir, storage = browserStorage(), now = () => Date.now(), user = () => null, canSend = () => true } = {}) {
    this.fhir = fhir;
    this.user = user;
    this.canSend = canSend;
    this.storage = storage;
    this.now = now;
    this.memory = [];
    this.inflight = new Set();
    this.listeners = new Set();
    this.timer = 0;
    this.running = null;
    this.again = false;
    this.started = false;
  }

  /** True when waiting entries survive a reload (localStorage works on this browser). */
  get persistent() {
    return this.storage !== null;
  }

  start() {
    if (this.started) return;
    this.started = true;
    globalThis.addEventListener?.('online', () => this.retryAll());
    globalThis.addEventListener?.('storage', (event) => {
      if (event.key === STORAGE_KEY) {
        this.emit({ type: 'changed' });
        this.schedule();
      }
    });
    // Entries left 'sending' by a closed page are simply waiting: send them now.
    this.process();
  }

  // --- Storage -------------------------------------------------------------------------------

  entries() {
    if (!this.storage) return this.memory.map((e) => ({ ...e }));
    try {
      const list = JSON.parse(this.storage.getItem(STORAGE_KEY) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  write(list) {
    if (!this.storage) {
      this.memory = list;
      return;
    }
    try {
      if (list.length) this.storage.setItem(STORAGE_KEY, JSON.stringify(list));
      else this.storage.removeItem(STORAGE_KEY);
    } catch (error) {
      // Storage full or refused: keep going in memory and let the UI say entries will not survive a reload.
      console.warn('[parity] outbox: localStorage write failed; keeping entries in memory.', error);
      this.memory = list;
      this.storage = null;
      this.emit({ type: 'storage-lost' });
    }
  }

  update(id, change) {
    const list = this.entries();
    const i = list.findIndex((e) => e.id === id);
    if (i < 0) return null;
    list[i] = { ...list[i], ...change };
    this.write(list);
    return list[i];
  }

  get(id) {
    return this.entries().find((e) => e.id === id) ?? null;
  }

  forPatient(patientId) {
    return this.entries().filter((e) => e.patientId === patientId);
  }

  /** May this entry be sent now? (not one charted by someone other than who is signed in) */
  sendable(entry) {
    const sub = this.user()?.sub;
    return !entry.owner || !sub || entry.owner === sub;
  }

  /** Entries waiting for the person who charted them to sign in on this device. */
  heldForOthers() {
    return this.entries().filter((e) => !this.sendable(e));
  }

  isSending(id) {
    return this.inflight.has(id);
  }

  /** Where a kept entry stands, in the words every chart shows; `refused` says what to do on that chart. */
  stateText(item, refused) {
    if (item.state === 'rejected') return refused;
    if (this.isSending(item.id)) return 'Sending…';
    if (!item.attempts) return 'Waiting to send';
    return `Not saved yet — retrying${item.nextAttemptAt ? ` (next try ${formatTime(new Date(item.nextAttemptAt))})` : ''}`;
  }

  // --- Listeners -----------------------------------------------------------------------------

  /** fn({ type: 'changed'|'saved'|'failed'|'storage-lost', entry?, resource?, error?, willRetry? }). */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(event) {
    for (const fn of [...this.listeners]) {
      try {
        fn(event);
      } catch (error) {
        console.error('[parity] outbox listener failed', error);
      }
    }
  }

  // --- Changes -------------------------------------------------------------------------------

  /**
   * Keep an entry and send it. resource: the FHIR resource (with its identifier);
   * id: its identifier value ('urn:uuid:…'); meta: { patientId, patientName, kind, label }.
   */
  add(id, resource, { patientId, patientName = null, kind, label, url = null }) {
    const entry = {
      id,
      url,
      rev: this.nextRev(),
      resourceType: resource.resourceType,
      resource,
      patientId,
      patientName,
      kind,
      label,
      createdAt: new Date(this.now()).toISOString(),
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      lastStatus: null,
      owner: this.user()?.sub ?? null,
      ownerName: this.user()?.name ?? null,
    };
    this.write([...this.entries().filter((e) => e.id !== id), entry]);
    this.emit({ type: 'changed', entry });
    this.process();
    return entry;
  }

  /** A refused entry, corrected: same identifier, new content, sent again. */
  replace(id, resource, { label, kind } = {}) {
    const entry = this.update(id, {
      resource,
      rev: this.nextRev(),
      ...(label ? { label } : {}),
      ...(kind ? { kind } : {}),
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      lastStatus: null,
    });
    this.emit({ type: 'changed', entry });
    this.process();
    return entry;
  }

  nextRev() {
    this.revs = (this.revs ?? 0) + 1;
    return `${this.now()}-${this.revs}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** Remove a sent entry, unless it was replaced by a newer version while being sent (that one still waits). */
  removeSent(entry) {
    const current = this.get(entry.id);
    if (current && current.rev !== entry.rev) {
      this.again = true;
      return false;
    }
    this.write(this.entries().filter((e) => e.id !== entry.id));
    return true;
  }

  /** Give up an entry (only a refused one, or one not being sent right now). */
  discard(id) {
    if (this.inflight.has(id)) return false;
    this.write(this.entries().filter((e) => e.id !== id));
    this.emit({ type: 'changed' });
    return true;
  }

  /** Try one entry again now (also a refused one: the user asked). */
  retry(id) {
    const entry = this.update(id, { state: 'waiting', nextAttemptAt: 0 });
    this.emit({ type: 'changed', entry });
    this.process();
  }

  /** Try every waiting entry now (the Retry button, the 'online' event). Refused ones stay refused. */
  retryAll() {
    const list = this.entries().map((e) => (e.state === 'waiting' ? { ...e, nextAttemptAt: 0 } : e));
    this.write(list);
    this.emit({ type: 'changed' });
    return this.process();
  }

  // --- Sending -------------------------------------------------------------------------------

  schedule() {
    clearTimeout(this.timer);
    if (!this.canSend()) return; // signed out: retryAll() after signing in
    const waiting = this.entries().filter((e) => e.state === 'waiting' && !this.inflight.has(e.id) && this.sendable(e));
    if (!waiting.length) return;
    const next = Math.min(...waiting.map((e) => e.nextAttemptAt || 0));
    this.timer = setTimeout(() => this.process(), Math.max(0, next - this.now()));
  }

  async process() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    let done;
    this.running = new Promise((resolve) => {
      done = resolve;
    });
    try {
      do {
        this.again = false;
        const now = this.now();
        if (!this.canSend()) break;
        const due = this.entries().filter(
          (e) => e.state === 'waiting' && !this.inflight.has(e.id) && (e.nextAttemptAt || 0) <= now && this.sendable(e),
        );
        // One at a time, oldest first: entries reach the server in the order they were charted.
        due.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
        for (const entry of due) {
          if (!this.canSend()) break;
          const current = this.get(entry.id);
          if (current?.state === 'waiting') await this.send(current);
        }
      } while (this.again);
    } finally {
      this.running = null;
      done();
      this.schedule();
    }
  }

  async send(entry) {
    this.inflight.add(entry.id);
    this.emit({ type: 'changed', entry });
    try {
      // A transaction Bundle goes to the base; each of its entries carries its own ifNoneExist.
      const transaction = entry.resourceType === 'Bundle' && entry.resource?.type === 'transaction';
      const answer = entry.url
        ? await this.fhir.put(entry.url, entry.resource, { headers: { Prefer: 'return=representation' }, timeoutMs: SAVE_TIMEOUT_MS })
        : await this.fhir.post(transaction ? '' : entry.resourceType, entry.resource, {
            headers: transaction ? { Prefer: 'return=minimal' } : { 'If-None-Exist': ifNoneExist(entry.id), Prefer: 'return=representation' },
            timeoutMs: SAVE_TIMEOUT_MS,
          });
      this.inflight.delete(entry.id);
      const latest = this.removeSent(entry);
      this.emit({ type: 'saved', entry, resource: answer.body, status: answer.status, latest });
    } catch (error) {
      this.inflight.delete(entry.id);
      if (error?.kind === 'parse' && error.status >= 200 && error.status < 300) {
        // Stored (2xx) though the answer could not be read: it is saved.
        const latest = this.removeSent(entry);
        this.emit({ type: 'saved', entry, resource: null, status: error.status, latest });
        return;
      }
      if (this.get(entry.id)?.rev !== entry.rev) {
        // A newer version replaced it while this one was on its way: that one is sent next, from scratch.
        this.again = true;
        this.emit({ type: 'changed', entry: this.get(entry.id) ?? entry });
        return;
      }
      const attempts = (entry.attempts || 0) + 1;
      const willRetry = isRetryable(error);
      const changed = this.update(entry.id, {
        attempts,
        lastAttemptAt: new Date(this.now()).toISOString(),
        lastError: reasonFor(error),
        lastStatus: error?.status || null,
        ...(willRetry
          ? { state: 'waiting', nextAttemptAt: this.now() + backoffMs(attempts) }
          : { state: 'rejected', nextAttemptAt: 0 }),
      });
      if (!willRetry) console.warn('[parity] outbox: the server refused an entry', error);
      this.emit({ type: 'failed', entry: changed ?? entry, error, willRetry });
    }
  }
}
