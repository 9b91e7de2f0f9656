// Live push for the ward board (issue 5): a websocket Subscription on deadline Task changes. The server sends only
// "ping <id>"; the board then reloads itself. When the socket is down the board keeps its periodic
// refresh, and the status line says so. docs/features/subscriptions.md.

/** Task changes that move the board: new deadlines, due soon / overdue (with their Flag), completed, cancelled. */
export const LIVE_CRITERIA = 'Task?status=requested,completed,cancelled';
/** Subscriptions are shared by every tablet; a new one runs this long (the server allows at most 24 h). */
const LIFETIME_MS = 23 * 60 * 60 * 1000;
/** An existing Subscription is reused only if it still has this long to run. */
const REUSE_MARGIN_MS = 60 * 60 * 1000;
/** Many pings in a burst (a poll moving several Tasks) make one reload. */
const DEBOUNCE_MS = 1500;
const MAX_BACKOFF_MS = 60_000;

/** The reusable Subscription among a search's results, or null (pure; exported for tests). */
export function reusable(bundle, now = Date.now()) {
  let best = null;
  for (const entry of bundle?.entry ?? []) {
    const s = entry.resource;
    if (s?.resourceType !== 'Subscription' || s.criteria !== LIVE_CRITERIA) continue;
    if (s.channel?.type !== 'websocket' || s.channel?.payload) continue;
    if (!['active', 'requested'].includes(s.status)) continue;
    const end = Date.parse(s.end ?? '');
    if (!(end > now + REUSE_MARGIN_MS)) continue;
    if (!best || end > Date.parse(best.end)) best = s;
  }
  return best;
}

/** Where the websocket is: same origin as the page, ws or wss to match. */
export function websocketUrl(token, base = location) {
  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?access_token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${base.host}/websocket${query}`;
}

/**
 * Starts live push. onPush(): something on the board may have changed. onStatus(state): 'connecting', 'live' or
 * 'polling'. Returns { stop }.
 */
export function startLive({ fhir, auth, onPush, onStatus }) {
  let stopped = false;
  let socket = null;
  let subscriptionId = null;
  let retryTimer = null;
  let pushTimer = null;
  let backoff = 1000;

  const status = (state) => {
    if (!stopped) onStatus?.(state);
  };

  async function subscription() {
    const bundle = await fhir.search('Subscription', { type: 'websocket', status: 'active,requested', _count: 50 });
    const found = reusable(bundle);
    if (found) return found;
    const { body } = await fhir.post('Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'Ward board live updates',
      criteria: LIVE_CRITERIA,
      end: new Date(Date.now() + LIFETIME_MS).toISOString(),
      channel: { type: 'websocket' },
    });
    return body;
  }

  /** HAPI activates a new Subscription a few seconds after it is stored; a bind before that is refused. */
  async function active(s) {
    let current = s;
    for (let i = 0; current.status !== 'active' && i < 30 && !stopped; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      current = await fhir.get(`Subscription/${encodeURIComponent(s.id)}`);
    }
    if (current.status !== 'active') throw new Error(`Subscription/${s.id} is ${current.status}`);
    return current;
  }

  function retry() {
    if (stopped) return;
    status('polling');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  async function connect() {
    if (stopped) return;
    try {
      status('connecting');
      const s = await active(await subscription());
      subscriptionId = s.id;
      const token = auth?.enabled ? await auth.accessToken() : null;
      if (stopped) return;
      socket = new WebSocket(websocketUrl(token));
      socket.onopen = () => socket.send(`bind Subscription/${subscriptionId}`);
      socket.onmessage = (event) => {
        const text = String(event.data);
        if (text === `bound ${subscriptionId}`) {
          backoff = 1000;
          status('live');
          // Whatever changed while the socket was down: read it now.
          onPush?.();
        } else if (text === `ping ${subscriptionId}`) {
          clearTimeout(pushTimer);
          pushTimer = setTimeout(() => onPush?.(), DEBOUNCE_MS);
        }
      };
      // A Subscription not yet active on this server instance is refused (1002) and bound again later.
      socket.onclose = () => {
        socket = null;
        retry();
      };
    } catch (error) {
      retry();
    }
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible' && !socket && !stopped) {
      backoff = 1000;
      clearTimeout(retryTimer);
      connect();
    }
  };
  document.addEventListener('visibilitychange', onVisible);
  connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(pushTimer);
      document.removeEventListener('visibilitychange', onVisible);
      if (socket) {
        socket.onclose = null;
        socket.close(1000, 'board closed');
        socket = null;
      }
    },
  };
}
