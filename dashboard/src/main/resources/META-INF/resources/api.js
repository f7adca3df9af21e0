// The three APIs, the clinician's token and the live alert stream. No patient id ever goes into the page's URL or
// the console: ids travel only in API requests, under the bearer token.

const TOKEN_KEY = 'rehabloop.token';
let config = null;

export async function loadConfig() {
  const answer = await fetch('/config.json', { cache: 'no-store' });
  config = await answer.json();
  return config;
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
  /** The token's claims, read without checking it: the APIs check it on every call. */
  claims() {
    const value = this.get();
    try {
      const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')));
    } catch {
      return null;
    }
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `The service answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Called with no argument when a service refuses the token (401): the page signs out. */
let onUnauthorised = () => {};
export function whenUnauthorised(handler) {
  onUnauthorised = handler;
}

function base(service) {
  return { plan: config.planUrl, logging: config.loggingUrl, assessment: config.assessmentUrl }[service];
}

/** A JSON call to one of the services; rejects with an ApiError that carries the problem document. */
export async function call(service, path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token.get()}`, Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const answer = await fetch(base(service) + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const text = await answer.text();
  const json = text ? JSON.parse(text) : null;
  if (answer.status === 401) {
    onUnauthorised();
  }
  if (!answer.ok) {
    throw new ApiError(answer.status, json);
  }
  return json;
}

/** Every item of a paged list ({items, nextCursor}), up to `max`. */
export async function allPages(service, path, max = 1000) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call(service, path + (cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/**
 * Follows GET /v1/alerts/stream. EventSource cannot send a bearer token, so this reads the stream with fetch and
 * parses the id:/event:/data: lines itself; after a drop it reconnects with backoff (1 s doubling to 30 s), sending
 * Last-Event-ID so that the service replays what was missed. Returns a function that stops following.
 */
export function followAlerts({ onEvent, onState }) {
  let lastEventId = null;
  let delay = 1000;
  let stopped = false;
  let controller = null;

  async function connect() {
    controller = new AbortController();
    const headers = { Authorization: `Bearer ${token.get()}`, Accept: 'text/event-stream' };
    if (lastEventId !== null) {
      headers['Last-Event-ID'] = lastEventId;
    }
    const answer = await fetch(base('assessment') + '/v1/alerts/stream', {
      headers, signal: controller.signal, cache: 'no-store',
    });
    if (answer.status === 401) {
      stopped = true;
      onUnauthorised();
      return;
    }
    if (!answer.ok || !answer.body) {
      throw new Error(`stream answered ${answer.status}`);
    }
    onState('live', lastEventId);
    delay = 1000;
    const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseEvent(block);
        if (event.id !== undefined) {
          lastEventId = event.id;
        }
        if (event.data !== undefined) {
          onEvent(event.type, JSON.parse(event.data));
        }
      }
    }
  }

  let wake = () => {};
  async function loop() {
    while (!stopped) {
      try {
        await connect();
      } catch (error) {
        if (stopped) {
          return;
        }
      }
      if (stopped) {
        return;
      }
      onState('reconnecting', lastEventId, delay);
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
      delay = Math.min(delay * 2, 30000);
    }
  }

  // A laptop or tablet that loses its network drops the stream at once (instead of waiting on a dead connection)
  // and resumes from the last event as soon as it is back.
  const offline = () => controller?.abort();
  const online = () => {
    delay = 1000;
    wake();
  };
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);

  loop();
  return () => {
    stopped = true;
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    controller?.abort();
    wake();
  };
}

function parseEvent(block) {
  const event = { type: 'message' };
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'id') event.id = value;
    else if (field === 'event') event.type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length) {
    event.data = data.join('\n');
  }
  return event;
}
