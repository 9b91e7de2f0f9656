// Sign-in for the ward UI: SMART App Launch 2 discovery and OpenID Connect authorization code with
// PKCE (S256), public client 'ward-ui'.
//   - GET {fhir}/.well-known/smart-configuration: 404 means security is off (local development), and
//     the UI works without sign-in.
//   - Tokens live in sessionStorage only (never localStorage): closing the tab signs out of Parity.
//   - The access token is refreshed with the refresh token shortly before it expires.
//   - When the session ends (refresh refused, or the server answers 401), nothing navigates away: the
//     app shows a banner whose button signs in again in a popup (signed-in.html hands the code back
//     with BroadcastChannel / postMessage, same origin only) and the page, its half-typed forms and the
//     outbox stay as they are. If the popup is blocked, form drafts are kept in sessionStorage across a
//     full redirect and put back afterwards.

export const CLIENT_ID = 'ward-ui';
export const SCOPE = 'openid fhirUser user/*.cruds patient/*.rs patient/CarePlan.cru';
export const CHANNEL = 'parity-ward-sign-in';

const TOKENS_KEY = 'parity.ward.auth.tokens.v1';
const CONFIG_KEY = 'parity.ward.auth.config.v1';
const PENDING_KEY = 'parity.ward.auth.pending.v1';
const DRAFTS_KEY = 'parity.ward.drafts.v1';
const REFRESH_BEFORE_MS = 60_000; // refresh this long before the access token expires
const RETRY_MS = 15_000; // after the sign-in service did not answer

/** Plain words for the realm roles. */
export const ROLE_WORDS = {
  nurse: 'Nurse',
  'healthcare-assistant': 'Healthcare assistant',
  doctor: 'Doctor',
  'ward-manager': 'Ward manager',
  auditor: 'Auditor',
  patient: 'Patient',
  'trust-system': 'Trust system',
  integrator: 'Integrator',
};
const STAFF_ROLES = ['nurse', 'healthcare-assistant', 'doctor', 'ward-manager'];

export class AuthError extends Error {
  /** kind: 'unavailable' (no answer / 5xx from the sign-in service) | 'rejected' | 'state' | 'insecure'. */
  constructor(kind, message, { status = 0, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'AuthError';
    this.kind = kind;
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------------
// Pure helpers (exported for tests)

export function base64url(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomString(byteCount = 32) {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

export async function pkceChallenge(verifier) {
  if (!globalThis.crypto?.subtle) {
    throw new AuthError('insecure', 'Sign-in needs a secure (https) connection to Parity. Contact IT support.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The payload of a JWT (not verified: the server verifies; the UI only reads names). */
export function decodeJwt(token) {
  try {
    const part = String(token).split('.')[1];
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** Who is signed in, from the access token's claims. */
export function describeUser(claims) {
  if (!claims) return null;
  const roleCodes = (claims.realm_access?.roles ?? []).filter((r) => ROLE_WORDS[r]);
  const wards = [claims.ward ?? []].flat().filter(Boolean).map(String);
  const fhirUser = typeof claims.fhirUser === 'string' ? claims.fhirUser : null;
  const patientMatch = fhirUser ? /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(fhirUser) : null;
  const name =
    claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(' ') || claims.preferred_username || 'Signed in';
  return {
    sub: claims.sub ?? claims.preferred_username ?? null,
    username: claims.preferred_username ?? null,
    name,
    roleCodes,
    roles: roleCodes.map((r) => ROLE_WORDS[r]),
    wards,
    fhirUser,
    patientId: patientMatch ? patientMatch[1] : null,
    isPatient: Boolean(patientMatch) || (roleCodes.includes('patient') && !roleCodes.some((r) => STAFF_ROLES.includes(r))),
    isWardStaff: roleCodes.some((r) => STAFF_ROLES.includes(r)),
  };
}

function storage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function readJson(key) {
  try {
    const text = storage()?.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function writeJson(key, value) {
  try {
    if (value === null || value === undefined) storage()?.removeItem(key);
    else storage()?.setItem(key, JSON.stringify(value));
  } catch {
    /* sessionStorage refused: the session lasts as long as the page */
  }
}

// ---------------------------------------------------------------------------------------------
// Form drafts across a full-page sign-in redirect (only when the popup is blocked)

const DRAFT_FIELDS = 'input[id], select[id], textarea[id]';
const NOT_DRAFTED = new Set(['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image']);

/** Keep what is typed in the page's forms (by element id) in sessionStorage. */
export function saveDrafts(root = document.getElementById('main')) {
  const fields = [];
  for (const el of root?.querySelectorAll(DRAFT_FIELDS) ?? []) {
    if (el.type && NOT_DRAFTED.has(el.type)) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      if (el.checked !== el.defaultChecked) fields.push({ id: el.id, checked: el.checked });
    } else if (el.value !== (el.defaultValue ?? '')) {
      fields.push({ id: el.id, value: el.value });
    }
  }
  writeJson(DRAFTS_KEY, { hash: location.hash, at: Date.now(), fields });
  return fields.length;
}

/** Put kept drafts back once their fields are on the page (views render asynchronously). */
export function restoreDrafts(root = document.getElementById('main'), { waitMs = 15_000 } = {}) {
  const drafts = readJson(DRAFTS_KEY);
  writeJson(DRAFTS_KEY, null);
  if (!drafts?.fields?.length || drafts.hash !== location.hash || Date.now() - drafts.at > 60 * 60_000) return;
  const left = new Map(drafts.fields.map((f) => [f.id, f]));
  const apply = () => {
    for (const [id, field] of [...left]) {
      const el = document.getElementById(id);
      if (!el || !root.contains(el)) continue;
      if ('checked' in field) el.checked = field.checked;
      else el.value = field.value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      left.delete(id);
    }
    return left.size === 0;
  };
  if (apply()) return;
  const observer = new MutationObserver(() => {
    if (apply()) observer.disconnect();
  });
  observer.observe(root, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), waitMs);
}

// ---------------------------------------------------------------------------------------------

export class Auth {
  constructor({ fhirBase, fetchImpl = (...args) => fetch(...args) }) {
    this.fhirBase = fhirBase.endsWith('/') ? fhirBase : `${fhirBase}/`;
    this.fetch = fetchImpl;
    this.config = null; // the SMART configuration; null when security is off
    this.enabled = false;
    this.memoryTokens = null;
    this.user = describeUser(this.tokens?.claims);
    this.status = 'off'; // 'off' | 'signed-in' | 'ended' | 'unavailable'
    this.listeners = new Set();
    this.refreshing = null;
    this.refreshTimer = 0;
    this.popup = null; // { state, verifier, nonce, redirectUri, window }
    this.channel = null;
  }

  /** The tokens, read from sessionStorage each time (it is the one place they are kept; memory only without it). */
  get tokens() {
    return storage() ? readJson(TOKENS_KEY) : this.memoryTokens;
  }

  set tokens(value) {
    this.memoryTokens = value;
    writeJson(TOKENS_KEY, value);
  }

  get redirectUri() {
    return new URL('./', location.href).href.replace(/[?#].*$/, '');
  }

  get popupRedirectUri() {
    return new URL('signed-in.html', this.redirectUri).href;
  }

  /** fn({ type: 'signed-in'|'ended'|'unavailable'|'refreshed', user, reason }). */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(event) {
    for (const fn of [...this.listeners]) {
      try {
        fn({ user: this.user, ...event });
      } catch (error) {
        console.error('[parity] auth listener failed', error);
      }
    }
  }

  // --- Discovery and start ---------------------------------------------------------------------

  async discover() {
    let response;
    try {
      response = await this.fetch(`${this.fhirBase}.well-known/smart-configuration`, {
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (cause) {
      throw new AuthError('unavailable', 'Cannot reach the Parity server.', { cause });
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new AuthError('unavailable', `The Parity server answered HTTP ${response.status}.`, { status: response.status });
    const config = await response.json();
    if (!config?.authorization_endpoint || !config?.token_endpoint) {
      throw new AuthError('unavailable', 'The Parity server’s sign-in settings are incomplete.');
    }
    return config;
  }

  /**
   * Find out whether sign-in is needed and, if so, make sure there is a session. Resolves to
   * { enabled, redirecting, error }: when redirecting the page is going to the sign-in page.
   */
  async start() {
    let config;
    try {
      config = await this.discover();
      writeJson(CONFIG_KEY, config);
    } catch (error) {
      // The server did not answer: use what this tab learnt before, if anything.
      config = readJson(CONFIG_KEY);
      if (!config) {
        console.warn('[parity] sign-in settings could not be read; trying without sign-in.', error);
        return { enabled: false, redirecting: false, error };
      }
    }
    this.config = config;
    this.enabled = Boolean(config);
    if (!this.enabled) {
      this.clearTokens();
      return { enabled: false, redirecting: false };
    }

    const params = new URLSearchParams(location.search);
    if (params.has('state') && (params.has('code') || params.has('error'))) {
      const pending = readJson(PENDING_KEY);
      writeJson(PENDING_KEY, null);
      // Strip code and state from the address whatever happens, and go back where the user was.
      history.replaceState(null, '', `${location.pathname}${pending?.returnHash ?? ''}`);
      try {
        await this.completeSignIn(params, pending);
        return { enabled: true, redirecting: false, restoreDrafts: true };
      } catch (error) {
        console.warn('[parity] sign-in did not complete', error);
        return { enabled: true, redirecting: false, error };
      }
    }

    if (this.tokens?.refresh_token || this.tokens?.access_token) {
      if (this.tokens.expiresAt - Date.now() > REFRESH_BEFORE_MS / 2) {
        this.setStatus('signed-in');
        this.scheduleRefresh();
        return { enabled: true, redirecting: false };
      }
      try {
        await this.refresh();
        if (this.status === 'signed-in') return { enabled: true, redirecting: false };
      } catch {
        /* sign in again below */
      }
    }
    await this.redirectToSignIn();
    return { enabled: true, redirecting: true };
  }

  // --- Authorization requests -------------------------------------------------------------------

  async prepare(redirectUri) {
    const verifier = randomString(48);
    const request = { state: randomString(24), nonce: randomString(24), verifier, redirectUri };
    const url = new URL(this.config.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      response_mode: 'query',
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      scope: SCOPE,
      state: request.state,
      nonce: request.nonce,
      code_challenge: await pkceChallenge(verifier),
      code_challenge_method: 'S256',
      aud: this.fhirBase.replace(/\/$/, ''),
      ...(this.user?.username ? { login_hint: this.user.username } : {}),
    }).toString();
    return { request, url: url.href };
  }

  /** Full-page sign-in: remember the route (and, when asked, the form drafts) and go. */
  async redirectToSignIn({ keepDrafts = false } = {}) {
    if (keepDrafts) saveDrafts();
    const { request, url } = await this.prepare(this.redirectUri);
    writeJson(PENDING_KEY, { ...request, returnHash: location.hash });
    location.assign(url);
  }

  /**
   * Sign in again without leaving the page: a popup window. Must be called from a click (the
   * window is opened at once, before any await, so popup blockers allow it). Falls back to a full
   * redirect that keeps the form drafts when the popup is blocked.
   */
  signInAgain() {
    const win = window.open('', 'parity-sign-in', 'popup,width=520,height=720');
    if (!win) {
      this.redirectToSignIn({ keepDrafts: true });
      return 'redirect';
    }
    try {
      win.document.title = 'Sign in to Parity';
      win.document.body.textContent = 'Opening the sign-in page…';
    } catch {
      /* not ours to write to */
    }
    this.listenForPopup();
    this.prepare(this.popupRedirectUri).then(
      ({ request, url }) => {
        this.popup = request;
        win.location.href = url;
        win.focus?.();
      },
      (error) => {
        win.close();
        this.emit({ type: 'error', error });
      },
    );
    return 'popup';
  }

  listenForPopup() {
    if (this.listening) return;
    this.listening = true;
    const onResult = (data) => {
      if (data?.type !== 'parity-sign-in' || !this.popup || typeof data.search !== 'string') return;
      const params = new URLSearchParams(data.search);
      if (params.get('state') !== this.popup.state) return; // another tab's sign-in, or stale
      const pending = this.popup;
      this.popup = null;
      this.completeSignIn(params, pending).catch((error) => {
        console.warn('[parity] sign-in did not complete', error);
        this.emit({ type: 'error', error });
      });
    };
    window.addEventListener('message', (event) => {
      if (event.origin !== location.origin) return;
      onResult(event.data);
    });
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.addEventListener('message', (event) => onResult(event.data));
    }
  }

  async completeSignIn(params, pending) {
    if (!pending || params.get('state') !== pending.state) {
      throw new AuthError('state', 'The sign-in answer did not match this page’s request. Sign in again.');
    }
    if (params.has('error')) {
      throw new AuthError('rejected', params.get('error_description') || `Sign-in was not completed (${params.get('error')}).`);
    }
    const answer = await this.tokenRequest({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
      client_id: CLIENT_ID,
    });
    const idClaims = answer.id_token ? decodeJwt(answer.id_token) : null;
    if (!idClaims || idClaims.nonce !== pending.nonce) {
      throw new AuthError('state', 'The sign-in answer did not match this page’s request. Sign in again.');
    }
    const previous = this.user;
    this.storeTokens(answer);
    if (previous?.sub && this.user?.sub && previous.sub !== this.user.sub) {
      this.emit({ type: 'user-changed', previous });
    }
    this.setStatus('signed-in');
  }

  // --- Tokens -----------------------------------------------------------------------------------

  async tokenRequest(fields) {
    let response;
    let body = null;
    try {
      response = await this.fetch(this.config.token_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams(fields).toString(),
        cache: 'no-store',
        credentials: 'omit',
      });
      body = await response.json().catch(() => null);
    } catch (cause) {
      throw new AuthError('unavailable', 'The sign-in service cannot be reached.', { cause });
    }
    if (response.status >= 500 || response.status === 429) {
      throw new AuthError('unavailable', `The sign-in service answered HTTP ${response.status}.`, { status: response.status });
    }
    if (!response.ok || !body?.access_token) {
      throw new AuthError('rejected', body?.error_description || body?.error || `HTTP ${response.status}`, { status: response.status });
    }
    return body;
  }

  storeTokens(answer) {
    const now = Date.now();
    const claims = decodeJwt(answer.access_token) ?? {};
    const expiresIn = Number(answer.expires_in) || (claims.exp ? claims.exp - now / 1000 : 300);
    this.tokens = {
      access_token: answer.access_token,
      refresh_token: answer.refresh_token ?? this.tokens?.refresh_token ?? null,
      id_token: answer.id_token ?? this.tokens?.id_token ?? null,
      expiresAt: now + expiresIn * 1000,
      refreshExpiresAt: answer.refresh_expires_in ? now + Number(answer.refresh_expires_in) * 1000 : null,
      claims,
    };
    this.user = describeUser(claims);
    this.scheduleRefresh();
  }

  clearTokens() {
    clearTimeout(this.refreshTimer);
    this.tokens = null;
  }

  scheduleRefresh(delay) {
    clearTimeout(this.refreshTimer);
    if (!this.tokens?.refresh_token) return;
    const wait = delay ?? Math.max(5_000, this.tokens.expiresAt - Date.now() - REFRESH_BEFORE_MS);
    this.refreshTimer = setTimeout(() => this.refresh().catch(() => {}), wait);
  }

  /** Use the refresh token for a new access token; ends the session when it is refused. */
  refresh() {
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      const refreshToken = this.tokens?.refresh_token;
      if (!refreshToken) {
        this.endSession('expired');
        return false;
      }
      try {
        const answer = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID });
        this.storeTokens(answer);
        this.setStatus('signed-in');
        this.emit({ type: 'refreshed' });
        return true;
      } catch (error) {
        if (error.kind === 'unavailable') {
          // Try again soon; the access token may still be good for a while.
          if (!this.hasValidToken()) this.setStatus('unavailable');
          this.scheduleRefresh(RETRY_MS);
          throw error;
        }
        this.endSession('expired');
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  hasValidToken() {
    return Boolean(this.tokens?.access_token && this.tokens.expiresAt - Date.now() > 5_000);
  }

  /** The access token for a request (refreshed first when about to expire), or null when there is none. */
  async accessToken() {
    if (!this.enabled) return null;
    if (!this.hasValidToken() && this.tokens?.refresh_token && this.status !== 'ended') {
      try {
        await this.refresh();
      } catch {
        /* unavailable: no token */
      }
    }
    if (this.hasValidToken()) return this.tokens.access_token;
    if (this.status === 'signed-in') this.endSession('expired');
    return null;
  }

  /** The server answered 401 to a request made with `token`: try a refresh once; true when there is a new token. */
  async recover(token) {
    if (!this.enabled) return false;
    if (this.tokens?.access_token && this.tokens.access_token !== token && this.hasValidToken()) return true;
    if (this.tokens?.refresh_token && this.status !== 'ended') {
      try {
        if (await this.refresh()) return true;
      } catch {
        return false;
      }
    }
    this.endSession('rejected');
    return false;
  }

  /** The server said the identity service cannot be reached (503). */
  reportUnavailable() {
    if (this.enabled && this.status !== 'ended') this.setStatus('unavailable');
  }

  /** A request succeeded again. */
  reportOk() {
    if (this.status === 'unavailable' && this.hasValidToken()) this.setStatus('signed-in');
  }

  endSession(reason) {
    clearTimeout(this.refreshTimer);
    // Keep who it was (to sign the same person in again, and to notice a different one), not the tokens.
    if (this.tokens) {
      this.tokens = { claims: this.tokens.claims, id_token: this.tokens.id_token, expiresAt: 0 };
    }
    this.setStatus('ended', reason);
  }

  setStatus(status, reason) {
    if (this.status === status) return;
    this.status = status;
    this.emit({ type: status, reason });
  }

  /** Sign out of Parity and the identity service; back to the ward UI's start page. */
  signOut() {
    const idToken = this.tokens?.id_token;
    this.clearTokens();
    writeJson(DRAFTS_KEY, null);
    const end = this.config?.end_session_endpoint;
    if (!end) {
      location.assign(this.redirectUri);
      return;
    }
    const url = new URL(end);
    url.searchParams.set('client_id', CLIENT_ID);
    url.searchParams.set('post_logout_redirect_uri', this.redirectUri);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    location.assign(url.href);
  }
}
