// The sandbox inbox: lists captured messages live (SSE), shows one, drives faults.
// Message data only ever reaches the page through textContent; the HTML part goes into a
// sandboxed iframe without scripts.

const LIST_LIMIT = 200;
const byId = (id) => document.getElementById(id);
const el = {
  list: byId('message-list'),
  empty: byId('empty'),
  live: byId('live'),
  stored: byId('stored-count'),
  accepted: byId('accepted-count'),
  connection: byId('connection'),
  search: byId('search'),
  detail: byId('detail'),
  noSelection: byId('no-selection'),
  subject: byId('detail-subject'),
  fields: byId('detail-fields'),
  frame: byId('html-frame'),
  noHtml: byId('no-html'),
  text: byId('text-part'),
  faultForm: byId('fault-form'),
  faultError: byId('fault-error'),
  faultList: byId('fault-list'),
  outcomeForm: byId('outcome-form'),
  events: byId('event-list'),
  webhookUrls: byId('webhook-urls'),
  webhookStats: byId('webhook-stats'),
};
const state = {
  query: '',
  selectedId: null,
  pending: [],
  flushScheduled: false,
  accepted: 0,
  // message id -> delivery status (accepted, delivered, temporary_fail, permanent_fail...)
  statuses: new Map(),
  eventsRefreshScheduled: false,
};

const STATUS_LABELS = {
  accepted: 'accepted',
  delivered: 'delivered',
  temporary_fail: 'temporary failure',
  permanent_fail: 'bounced',
  complained: 'complained',
  unsubscribed: 'unsubscribed',
};

async function api(path, init) {
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`);
  return body;
}

function node(tag, props = {}, children = []) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') element.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) element.setAttribute(key, value);
    else element[key] = value;
  }
  element.append(...children);
  return element;
}

// --- message list -------------------------------------------------------------------------

function matchesQuery(summary) {
  const q = state.query.toLowerCase();
  if (q === '') return true;
  return (
    summary.to.some((to) => to.toLowerCase().includes(q)) ||
    summary.subject.toLowerCase().includes(q)
  );
}

function statusBadge(status) {
  return node('span', {
    className: 'status',
    text: STATUS_LABELS[status] ?? status,
    'data-testid': 'delivery-status',
    'data-status': status,
  });
}

function row(summary) {
  const time = new Date(summary.receivedAt).toLocaleTimeString();
  const status = state.statuses.get(summary.id) ?? 'accepted';
  const button = node(
    'button',
    {
      type: 'button',
      className: 'row',
      'data-testid': 'message-row',
      'data-id': summary.id,
      'data-to': summary.to.join(', '),
      'data-subject': summary.subject,
      'data-status': status,
    },
    [
      node('span', { className: 'row-to', text: summary.to.join(', ') }),
      node('span', { className: 'row-subject', text: summary.subject }),
      node('span', { className: 'row-meta' }, [
        statusBadge(status),
        ` ${[time, ...summary.tags].join(' · ')}`,
      ]),
    ],
  );
  if (summary.id === state.selectedId) button.setAttribute('aria-current', 'true');
  button.addEventListener('click', () => void select(summary.id));
  return node('li', {}, [button]);
}

function showEmptyState() {
  el.empty.hidden = el.list.children.length > 0;
  el.empty.textContent =
    state.query === '' ? 'No messages captured yet.' : 'No message matches this search.';
}

async function refreshCounts() {
  const { count } = await api('/api/messages/count');
  state.accepted = count;
  el.accepted.textContent = String(count);
  el.stored.textContent = String(el.list.children.length);
}

async function loadList() {
  const query = new URLSearchParams({ limit: String(LIST_LIMIT) });
  if (state.query !== '') query.set('q', state.query);
  const { items, statuses } = await api(`/api/messages?${query}`);
  for (const [id, status] of Object.entries(statuses ?? {})) state.statuses.set(id, status);
  el.list.replaceChildren(...items.map(row));
  showEmptyState();
  await refreshCounts();
}

// Bursts of thousands of messages a second are drawn once per frame.
function queueArrival(summary) {
  state.accepted += 1;
  state.pending.push(summary);
  if (state.flushScheduled) return;
  state.flushScheduled = true;
  requestAnimationFrame(flushArrivals);
}

function flushArrivals() {
  state.flushScheduled = false;
  const isShown = (id) => el.list.querySelector(`[data-id="${CSS.escape(id)}"]`) !== null;
  const arrived = state.pending
    .splice(0)
    .reverse()
    .filter(matchesQuery)
    .slice(0, LIST_LIMIT)
    .filter((summary) => !isShown(summary.id));
  el.accepted.textContent = String(state.accepted);
  if (arrived.length === 0) return;
  el.list.prepend(...arrived.map(row));
  while (el.list.children.length > LIST_LIMIT) el.list.lastElementChild.remove();
  el.stored.textContent = String(el.list.children.length);
  showEmptyState();
  const [newest] = arrived;
  el.live.textContent =
    arrived.length === 1
      ? `New message to ${newest.to.join(', ')}: ${newest.subject}`
      : `${arrived.length} new messages`;
}

// --- delivery status ----------------------------------------------------------------------

function statusChanged(change) {
  state.statuses.set(change.messageId, change.status);
  const button = el.list.querySelector(`[data-id="${CSS.escape(change.messageId)}"]`);
  if (button !== null && button.dataset.status !== change.status) {
    button.dataset.status = change.status;
    button
      .querySelector('[data-testid="delivery-status"]')
      ?.replaceWith(statusBadge(change.status));
  }
  if (change.messageId === state.selectedId) scheduleEventsRefresh();
}

function webhookChanged(change) {
  if (change.messageId === state.selectedId) scheduleEventsRefresh();
}

function scheduleEventsRefresh() {
  if (state.eventsRefreshScheduled) return;
  state.eventsRefreshScheduled = true;
  requestAnimationFrame(() => {
    state.eventsRefreshScheduled = false;
    if (state.selectedId !== null) void loadEvents(state.selectedId).catch(() => {});
  });
}

function describeEvent(event) {
  const data = event.eventData;
  const status = data['delivery-status'];
  const parts = [STATUS_LABELS[event.webhook] ?? event.webhook, event.recipient];
  if (status !== undefined && event.webhook !== 'accepted') {
    parts.push(`${status.code} ${status.message || status.description || ''}`.trim());
  }
  parts.push(new Date(data.timestamp * 1000).toLocaleTimeString());
  return parts.join(' · ');
}

function describeDelivery(delivery) {
  const answers = delivery.attempts.map((attempt) => attempt.statusCode ?? attempt.error);
  const tried = answers.length === 0 ? 'not tried yet' : answers.join(', ');
  return `→ ${delivery.url}: ${delivery.state} (${tried})`;
}

async function loadEvents(id) {
  const { items } = await api(`/api/messages/${encodeURIComponent(id)}/events`);
  if (id !== state.selectedId) return;
  el.events.replaceChildren(
    ...items.map((event) =>
      node('li', { 'data-testid': 'event-row', 'data-webhook': event.webhook }, [
        node('span', { text: describeEvent(event) }),
        ...event.deliveries.map((delivery) =>
          node('span', {
            className: 'event-delivery',
            text: describeDelivery(delivery),
            'data-state': delivery.state,
          }),
        ),
      ]),
    ),
  );
  if (items.length === 0) el.events.append(node('li', { text: 'No events yet.' }));
}

function clearedEverywhere() {
  state.statuses.clear();
  el.list.replaceChildren();
  state.pending = [];
  state.accepted = 0;
  el.accepted.textContent = '0';
  el.stored.textContent = '0';
  closeDetail();
  showEmptyState();
  el.live.textContent = 'All messages cleared';
}

el.list.addEventListener('keydown', (event) => {
  const rows = [...el.list.querySelectorAll('button.row')];
  const index = rows.indexOf(document.activeElement);
  const target = {
    ArrowDown: rows[index + 1],
    ArrowUp: rows[index - 1],
    Home: rows[0],
    End: rows[rows.length - 1],
  }[event.key];
  if (target === undefined) return;
  event.preventDefault();
  target.focus();
});

// --- one message --------------------------------------------------------------------------

function withLinksInNewTab(html) {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => head + base)
    : base + html;
}

function field(label, value, key) {
  return [node('dt', { text: label }), node('dd', { text: value, 'data-testid': `field-${key}` })];
}

/** The message's language: its Content-Language header, else the lang of its HTML root. */
function languageOf(message) {
  const header = Object.entries(message.headers).find(
    ([name]) => name.toLowerCase() === 'content-language',
  );
  if (header !== undefined) return header[1];
  const lang = /<html[^>]*\slang="([^"]+)"/i.exec(message.html ?? '');
  return lang === null ? '—' : lang[1];
}

function renderDetail(message) {
  el.subject.textContent = message.subject || '(no subject)';
  const prefixed = (prefix, record) =>
    Object.entries(record).flatMap(([name, value]) =>
      field(`${prefix}${name}`, value, `${prefix.replace(':', '-')}${name}`),
    );
  el.fields.replaceChildren(
    ...field('From', message.from, 'from'),
    ...field('To', message.to.join(', '), 'to'),
    ...(message.cc.length > 0 ? field('Cc', message.cc.join(', '), 'cc') : []),
    ...(message.bcc.length > 0 ? field('Bcc', message.bcc.join(', '), 'bcc') : []),
    ...field('Subject', message.subject, 'subject'),
    ...field('Language', languageOf(message), 'language'),
    ...field('Tags', message.tags.join(', ') || '—', 'tags'),
    ...field('Mailgun id', message.id, 'id'),
    ...field('Received', new Date(message.receivedAt).toLocaleString(), 'received'),
    ...field('Domain', message.domain, 'domain'),
    ...(message.template === undefined ? [] : field('Template', message.template, 'template')),
    ...prefixed('v:', message.variables),
    ...prefixed('h:', message.headers),
    ...prefixed('o:', message.options),
    ...(message.attachmentCount > 0
      ? field('Attachments', `${message.attachmentCount} (not kept)`, 'attachments')
      : []),
  );
  const html = message.html ?? message.ampHtml;
  el.frame.hidden = html === undefined;
  el.noHtml.hidden = html !== undefined;
  el.frame.srcdoc = html === undefined ? '' : withLinksInNewTab(html);
  el.text.textContent = message.text ?? '(no text part)';
  el.detail.hidden = false;
  el.noSelection.hidden = true;
}

function closeDetail() {
  state.selectedId = null;
  el.detail.hidden = true;
  el.noSelection.hidden = false;
  el.frame.srcdoc = '';
  history.replaceState(null, '', location.pathname);
}

async function select(id) {
  state.selectedId = id;
  for (const button of el.list.querySelectorAll('button.row')) {
    if (button.dataset.id === id) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
  try {
    renderDetail(await api(`/api/messages/${encodeURIComponent(id)}`));
    el.events.replaceChildren();
    await loadEvents(id);
    history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  } catch (error) {
    el.live.textContent = `Could not open the message: ${error.message}`;
  }
}

// --- faults -------------------------------------------------------------------------------

const PRESETS = {
  '503x5': { status: 503, count: 5 },
  '429x3': { status: 429, count: 3, retryAfterSeconds: 10 },
  latency2s: { latencyMs: 2000, count: 10 },
  drop1: { drop: true, count: 1 },
  bounce1: { outcome: 'permanent_fail', count: 1 },
  complain1: { outcome: 'complained', count: 1 },
};

const OUTCOME_LABELS = {
  permanent_fail: 'bounce',
  temporary_fail: 'temporary failure',
  complained: 'complaint',
  unsubscribed: 'unsubscribe',
};

function describeFault(fault) {
  const { spec } = fault;
  const parts = [];
  if (spec.outcome !== undefined) {
    parts.push(`after acceptance: ${OUTCOME_LABELS[spec.outcome] ?? spec.outcome}`);
    if (spec.then !== undefined) parts.push(`then ${spec.then}`);
  }
  if (spec.drop) parts.push('drop connection');
  if (spec.status !== undefined) parts.push(`status ${spec.status}`);
  if (spec.retryAfterSeconds !== undefined) parts.push(`wait ${spec.retryAfterSeconds} s`);
  if (spec.latencyMs !== undefined) parts.push(`latency ${spec.latencyMs} ms`);
  if (spec.latencyRangeMs !== undefined) parts.push(`latency ${spec.latencyRangeMs.join('–')} ms`);
  if (spec.probability !== undefined) parts.push(`probability ${spec.probability}`);
  if (spec.to !== undefined) parts.push(`to ${spec.to}`);
  parts.push(fault.remaining === undefined ? 'until cleared' : `${fault.remaining} left`);
  if (fault.expiresAt !== undefined) {
    parts.push(`until ${new Date(fault.expiresAt).toLocaleTimeString()}`);
  }
  parts.push(`${fault.hits} hit`);
  return parts.join(', ');
}

async function loadFaults() {
  const { items } = await api('/api/faults');
  el.faultList.replaceChildren(
    ...items.map((fault) => {
      const remove = node('button', {
        type: 'button',
        text: 'Remove',
        'aria-label': `Remove fault: ${describeFault(fault)}`,
      });
      remove.addEventListener('click', () => void run(() => removeFault(fault.id)));
      return node('li', { 'data-testid': 'fault-row' }, [
        node('span', { text: describeFault(fault) }),
        remove,
      ]);
    }),
  );
  if (items.length === 0) el.faultList.append(node('li', { text: 'None: sends succeed.' }));
}

async function injectFault(spec) {
  await api('/api/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  await loadFaults();
}

async function removeFault(id) {
  await api(`/api/faults/${encodeURIComponent(id)}`, { method: 'DELETE' });
  await loadFaults();
}

function outcomeFromForm(form) {
  const data = new FormData(form);
  const [outcome, then] = String(data.get('outcome')).split('/');
  const spec = { outcome };
  if (then !== undefined) spec.then = then;
  const to = String(data.get('to') ?? '').trim();
  if (to !== '') spec.to = to;
  if (data.get('count') !== '') spec.count = Number(data.get('count'));
  return spec;
}

async function loadWebhooks() {
  const [config, stats] = await Promise.all([api('/api/config'), api('/api/webhooks/stats')]);
  const configured = Object.entries(config.webhooks).filter(([, urls]) => urls.length > 0);
  el.webhookUrls.replaceChildren(
    ...configured.flatMap(([name, urls]) => [
      node('dt', { text: name }),
      node('dd', { text: urls.join(', '), 'data-testid': `webhook-${name}` }),
    ]),
  );
  if (configured.length === 0) {
    el.webhookUrls.append(node('dd', { text: 'No webhook URL set: events are only recorded.' }));
  }
  el.webhookStats.textContent =
    `${stats.delivered} posted, ${stats.queued + stats.inFlight} in flight, ` +
    `${stats.retrying} waiting to retry, ${stats.rejected} refused (406), ` +
    `${stats.failed} given up, ${stats.dropped} dropped (queue full)`;
}

function specFromForm(form) {
  const data = new FormData(form);
  const number = (name) => (data.get(name) === '' ? undefined : Number(data.get(name)));
  const kind = data.get('kind');
  const spec = {
    count: number('count'),
    latencyMs: number('latencyMs'),
    retryAfterSeconds: number('retryAfterSeconds'),
    probability: number('probability'),
  };
  if (kind === 'drop') spec.drop = true;
  else if (kind !== 'latency') spec.status = Number(kind);
  return Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined));
}

async function run(action) {
  el.faultError.textContent = '';
  try {
    await action();
  } catch (error) {
    el.faultError.textContent = error.message;
  }
}

// --- wiring -------------------------------------------------------------------------------

let searchTimer;
el.search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    state.query = el.search.value.trim();
    void loadList();
  }, 200);
});
byId('search-form').addEventListener('submit', (event) => event.preventDefault());
byId('clear-messages').addEventListener('click', async () => {
  await api('/api/messages', { method: 'DELETE' });
  clearedEverywhere();
});
for (const button of document.querySelectorAll('[data-preset]')) {
  button.addEventListener(
    'click',
    () => void run(() => injectFault(PRESETS[button.dataset.preset])),
  );
}
el.faultForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(() => injectFault(specFromForm(el.faultForm)));
});
el.outcomeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void run(() => injectFault(outcomeFromForm(el.outcomeForm)));
});
byId('clear-faults').addEventListener('click', () =>
  run(async () => {
    await api('/api/faults', { method: 'DELETE' });
    await loadFaults();
  }),
);

const events = new EventSource('/api/events');
events.addEventListener('message', (event) => queueArrival(JSON.parse(event.data)));
events.addEventListener('cleared', clearedEverywhere);
events.addEventListener('delivery', (event) => statusChanged(JSON.parse(event.data)));
events.addEventListener('webhook', (event) => webhookChanged(JSON.parse(event.data)));
events.addEventListener('open', () => {
  el.connection.textContent = 'live';
  el.connection.dataset.state = 'live';
  void loadList(); // also catches up after a reconnect
});
events.addEventListener('error', () => {
  el.connection.textContent = 'reconnecting…';
  el.connection.dataset.state = 'down';
});

setInterval(() => {
  void loadFaults().catch(() => {});
  void loadWebhooks().catch(() => {});
}, 2000);
void loadFaults();
void loadWebhooks();
if (location.hash.length > 1) void select(decodeURIComponent(location.hash.slice(1)));
