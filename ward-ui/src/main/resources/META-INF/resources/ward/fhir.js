// A tiny FHIR R4 REST client for the Parity server: JSON only, same origin, with a timeout on
// every request and errors turned into FhirError (with the OperationOutcome text when the
// server sent one).

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Why a request failed: 'network' | 'timeout' | 'http' | 'parse' | 'aborted'. */
export class FhirError extends Error {
  constructor(kind, message, { status = 0, outcome = null, url = null, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'FhirError';
    this.kind = kind;
    this.status = status;
    this.outcome = outcome;
    this.url = url;
  }

  /** True when the request was cancelled by us (navigation), not a failure to report. */
  get aborted() {
    return this.kind === 'aborted';
  }

  /** True when the session has ended (no access token, or the server answered 401): sign in again. */
  get sessionEnded() {
    return this.kind === 'http' && this.status === 401;
  }

  /** True when the server refused access (403), e.g. a patient who is not on the user's wards. */
  get forbidden() {
    return this.kind === 'http' && this.status === 403;
  }

  /** True for "the resource is not there" answers (404/410), which are not connection problems. */
  get notFound() {
    return this.kind === 'http' && (this.status === 404 || this.status === 410);
  }
}

/** The human-readable text of an OperationOutcome ('' when there is none). */
export function operationOutcomeText(outcome) {
  if (outcome?.resourceType !== 'OperationOutcome') return '';
  return (outcome.issue ?? [])
    .map(
      (i) =>
        i?.diagnostics ||
        i?.details?.text ||
        i?.details?.coding?.find((c) => c?.display)?.display ||
        i?.code ||
        '',
    )
    .filter(Boolean)
    .join('; ');
}

/** The FHIR base URL from <meta name="parity-fhir-base">, resolved against the page; ends in '/'. */
export function defaultBaseUrl() {
  const meta = globalThis.document?.querySelector('meta[name="parity-fhir-base"]');
  const url = new URL(meta?.content || '../fhir/', globalThis.document?.baseURI ?? globalThis.location.href);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** 'Patient/123', 'http://host/fhir/Patient/123/_history/2' -> '123' (for type 'Patient'); else null. */
export function idFromReference(reference, type) {
  if (typeof reference !== 'string') return null;
  const re = type ? new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$`) : null;
  if (re) {
    const m = re.exec(reference);
    return m ? m[1] : null;
  }
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m ? m[2] : null;
}

/** 'Type/id' key of a reference string ('http://x/fhir/Patient/1' -> 'Patient/1'), or null. */
export function referenceKey(reference) {
  if (typeof reference !== 'string') return null;
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m ? `${m[1]}/${m[2]}` : null;
}

/** All resources of a (search) Bundle by 'Type/id'. */
export function indexResources(bundle) {
  const map = new Map();
  for (const e of bundle?.entry ?? []) {
    const r = e?.resource;
    if (r?.resourceType && r.id) map.set(`${r.resourceType}/${r.id}`, r);
  }
  return map;
}

/** The search matches of a Bundle (entries with search.mode 'match', or of the searched type). */
export function matches(bundle, type) {
  return (bundle?.entry ?? [])
    .filter((e) => e?.resource && (e.search?.mode ? e.search.mode === 'match' : e.resource.resourceType === type))
    .map((e) => e.resource)
    .filter((r) => !type || r.resourceType === type);
}

function toSearchParams(params) {
  if (params instanceof URLSearchParams) return params;
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null) sp.append(key, String(v));
    }
  }
  return sp;
}

export class FhirClient {
  /**
   * auth: the sign-in (auth.js) when security is on; every request then carries
   * 'Authorization: Bearer <access token>' (same origin only).
   */
  constructor({ baseUrl = defaultBaseUrl(), timeoutMs = DEFAULT_TIMEOUT_MS, auth = null } = {}) {
    this.baseUrl = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    this.timeoutMs = timeoutMs;
    this.auth = auth;
  }

  /** GET a URL (absolute, or relative to the FHIR base) and return the parsed JSON resource. */
  async get(url, { signal } = {}) {
    const { body } = await this.request('GET', url, { signal });
    return body;
  }

  /**
   * One HTTP request to the FHIR server. Resolves to { status, body, etag, location } for a 2xx
   * answer whose body (if any) is a FHIR resource; otherwise rejects with a FhirError:
   * 'network' (no answer: the request may or may not have reached the server), 'timeout',
   * 'aborted', 'http' (status and OperationOutcome kept) or 'parse'.
   * body: an object sent as FHIR JSON; headers: extra request headers.
   */
  async request(method, url, options = {}) {
    const target = new URL(url, this.baseUrl).href;
    const auth = this.auth?.enabled && new URL(target).origin === new URL(this.baseUrl).origin ? this.auth : null;
    if (!auth) return this.requestOnce(method, target, options, null);
    const token = await auth.accessToken();
    if (!token) throw sessionEndedError(target);
    try {
      const answer = await this.requestOnce(method, target, options, token);
      auth.reportOk?.();
      return answer;
    } catch (error) {
      if (error.kind === 'http' && error.status === 503) auth.reportUnavailable?.();
      if (!(error.kind === 'http' && error.status === 401)) throw error;
      // Expired or revoked: one refresh and one more try (the same request; POSTs carry their
      // If-None-Exist idempotency key, so a repeat cannot create a second copy).
      if (!(await auth.recover(token))) throw error;
      const again = await auth.accessToken();
      if (!again) throw sessionEndedError(target);
      return this.requestOnce(method, target, options, again);
    }
  }

  async requestOnce(method, target, { body, headers = {}, signal, timeoutMs = this.timeoutMs } = {}, token) {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    if (signal) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }

    let response;
    let text;
    try {
      response = await fetch(target, {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(body !== undefined ? { 'Content-Type': 'application/fhir+json; charset=utf-8' } : {}),
          ...headers,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
      text = await response.text();
    } catch (cause) {
      if (timedOut) {
        throw new FhirError(
          'timeout',
          `The Parity server did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
          { url: target, cause },
        );
      }
      if (signal?.aborted) throw new FhirError('aborted', 'Request cancelled.', { url: target, cause });
      throw new FhirError('network', 'Cannot reach the Parity server.', { url: target, cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }

    let parsed = null;
    let parseError = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        parseError = e;
      }
    }

    if (!response.ok) {
      const outcome = parsed?.resourceType === 'OperationOutcome' ? parsed : null;
      const detail = operationOutcomeText(outcome);
      const message = `The Parity server answered with an error (HTTP ${response.status}${
        response.statusText ? ` ${response.statusText}` : ''
      })${detail ? `: ${detail}` : '.'}`;
      throw new FhirError('http', message, { status: response.status, outcome, url: target });
    }
    const mustHaveBody = method === 'GET';
    if (parseError || (parsed !== null && (typeof parsed !== 'object' || !parsed.resourceType)) || (mustHaveBody && !parsed)) {
      throw new FhirError('parse', 'The Parity server sent an answer that could not be read.', {
        status: response.status,
        url: target,
        cause: parseError ?? undefined,
      });
    }
    return {
      status: response.status,
      body: parsed,
      etag: response.headers.get('ETag'),
      location: response.headers.get('Content-Location') || response.headers.get('Location'),
    };
  }

  /** POST a resource (create) or Parameters (operation); resolves to request()'s answer. */
  post(url, body, { headers, signal, timeoutMs } = {}) {
    return this.request('POST', url, { body, headers, signal, timeoutMs });
  }

  /** PUT a resource (update); resolves to request()'s answer. */
  put(url, body, { headers, signal, timeoutMs } = {}) {
    return this.request('PUT', url, { body, headers, signal, timeoutMs });
  }

  /** GET [type]/[id]. */
  read(type, id, options) {
    return this.get(`${encodeURIComponent(type)}/${encodeURIComponent(id)}`, options);
  }

  /** One page of GET [type]?params. params: object (arrays repeat a parameter) or URLSearchParams. */
  search(type, params, options) {
    const query = toSearchParams(params).toString();
    return this.get(`${encodeURIComponent(type)}${query ? `?${query}` : ''}`, options);
  }

  /**
   * All pages of a search, following Bundle.link 'next' (up to maxPages), merged into one
   * searchset Bundle; included resources that appear on several pages are kept once.
   */
  async searchAll(type, params, { signal, maxPages = 20 } = {}) {
    let bundle = await this.search(type, params, { signal });
    const entries = [...(bundle.entry ?? [])];
    const first = bundle;
    let pages = 1;
    let next = nextLink(bundle);
    while (next && pages < maxPages) {
      bundle = await this.get(this.sameOrigin(next), { signal });
      entries.push(...(bundle.entry ?? []));
      pages += 1;
      next = nextLink(bundle);
    }
    const seen = new Set();
    const entry = entries.filter((e) => {
      const r = e?.resource;
      if (!r?.resourceType || !r.id) return true;
      const key = `${e.search?.mode ?? ''}|${r.resourceType}/${r.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: first.total,
      entry,
      complete: !next, // false when maxPages stopped the paging
    };
  }

  /**
   * Paging links carry the server's idea of its own address; behind a proxy that can differ
   * from the page's origin, so keep the path and query but use our origin.
   */
  sameOrigin(link) {
    const url = new URL(link, this.baseUrl);
    const base = new URL(this.baseUrl);
    if (url.origin === base.origin) return url.href;
    return new URL(`${url.pathname}${url.search}`, base.origin).href;
  }
}

function sessionEndedError(url) {
  return new FhirError('http', 'Your session has ended — sign in again. Nothing you entered is lost.', { status: 401, url });
}

function nextLink(bundle) {
  return (bundle?.link ?? []).find((l) => l?.relation === 'next' && l.url)?.url ?? null;
}
