// The usage view: one developer's requests over time by outcome, latency percentiles, failures
// by reason, and the audit trail, from GET /reports/developers/{d}/usage and GET /reports/trail.
// Each report fails on its own: a failed call shows the API's message where the report would be.
import { call, segment, withQuery } from './api.js';
import { el, describe, time } from './ui.js';

const RANGES = {
  '1h': { granularity: 'minute', unitMs: 60_000, spanMs: 3_600_000 },
  '24h': { granularity: 'hour', unitMs: 3_600_000, spanMs: 86_400_000 },
  '7d': { granularity: 'day', unitMs: 86_400_000, spanMs: 7 * 86_400_000 },
  '30d': { granularity: 'day', unitMs: 86_400_000, spanMs: 30 * 86_400_000 },
};
const TRAIL_PAGE = 50;
const COLORS = { success: '#1f8a4c', failure: '#c23b3b', p50: '#2f6fde', p95: '#a86a00', p99: '#c23b3b' };

const $ = (id) => document.getElementById(id);
const charts = {};
let trailQuery = null;
let trailCursor = null;

/** The range to ask for: whole windows, ending at the end of the current one. */
function range(choice) {
  const { granularity, unitMs, spanMs } = RANGES[choice] || RANGES['24h'];
  const to = Math.ceil(Date.now() / unitMs) * unitMs;
  return { granularity, from: new Date(to - spanMs).toISOString(), to: new Date(to).toISOString() };
}

async function show(event) {
  event.preventDefault();
  const developer = $('usage-developer').value;
  if (!developer) {
    fail('usage-error', new Error('pick a developer'));
    return;
  }
  const { granularity, from, to } = range($('usage-range').value);
  $('usage-show').disabled = true;
  trailQuery = { developer, from, to, limit: TRAIL_PAGE };
  trailCursor = null;
  await Promise.allSettled([showUsage(developer, granularity, from, to), showTrail(false)]);
  $('usage-show').disabled = false;
}

async function showUsage(developer, granularity, from, to) {
  $('usage-error').hidden = true;
  try {
    const report = await call('GET', withQuery(`/reports/developers/${segment(developer)}/usage`,
      { from, to, granularity }));
    drawUsage(report, granularity);
  } catch (e) {
    clearUsage();
    fail('usage-error', e, 'The usage report failed');
  }
}

function drawUsage(report, granularity) {
  const windows = Array.isArray(report.windows) ? report.windows : [];
  const labels = windows.map((w) => label(w.windowStart, granularity));
  const success = windows.map((w) => w.success ?? 0);
  const failure = windows.map((w) => w.failure ?? 0);
  const totals = report.totals || {
    success: success.reduce((a, b) => a + b, 0),
    failure: failure.reduce((a, b) => a + b, 0),
  };
  const requests = totals.requests ?? (totals.success + totals.failure);
  $('usage-totals').textContent = `${report.developer}: ${requests} requests, ${totals.success} succeeded, `
    + `${totals.failure} failed, ${windows.length} ${granularity} windows with traffic.`;
  $('usage-complete').textContent = completeness(report);

  draw('requests', 'bar', labels, [
    { label: 'Success', data: success, backgroundColor: COLORS.success },
    { label: 'Failure', data: failure, backgroundColor: COLORS.failure },
  ], { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'requests' } } });

  const hasLatency = windows.some((w) => w.latency);
  $('latency-empty').hidden = hasLatency;
  $('latency-box').hidden = !hasLatency;
  if (hasLatency) {
    const ms = (w, p) => (w.latency && w.latency[p] != null ? w.latency[p] / 1000 : null);
    draw('latency', 'line', labels, ['p50', 'p95', 'p99'].map((p) => ({
      label: p, data: windows.map((w) => ms(w, `${p}Micros`)), borderColor: COLORS[p], backgroundColor: COLORS[p],
      spanGaps: false,
    })), { y: { beginAtZero: true, title: { display: true, text: 'milliseconds' } } });
  } else {
    destroy('latency');
  }
  showFailures(report.failures);
}

function completeness(report) {
  if (!('completeUpTo' in report)) {
    return 'This reporting-api does not say up to when its data is complete.';
  }
  return report.completeUpTo === null
    ? 'Nothing has been ingested yet: the reports stay empty until the audit pipeline delivers data.'
    : `Data complete up to ${time(report.completeUpTo)}.`;
}

function showFailures(failures) {
  const body = $('failures-table').querySelector('tbody');
  const entries = Object.entries(failures || {}).sort((a, b) => b[1] - a[1]);
  body.replaceChildren(...(entries.length
    ? entries.map(([reason, count]) => el('tr', null, el('td', null, el('code', null, reason)), el('td', null, count)))
    : [el('tr', null, el('td', 'muted', 'No failures by reason in this range.'))]));
}

function draw(name, type, labels, datasets, scales) {
  destroy(name);
  charts[name] = new window.Chart($(`${name}-chart`), {
    type,
    data: { labels, datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales },
  });
}

function destroy(name) {
  if (charts[name]) {
    charts[name].destroy();
    delete charts[name];
  }
}

function clearUsage() {
  destroy('requests');
  destroy('latency');
  $('usage-totals').textContent = '';
  $('failures-table').querySelector('tbody').replaceChildren();
}

function label(iso, granularity) {
  const date = new Date(iso);
  if (granularity === 'day') {
    return date.toLocaleDateString();
  }
  return date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

async function showTrail(more) {
  $('trail-error').hidden = true;
  const body = $('trail-table').querySelector('tbody');
  try {
    const page = await call('GET', withQuery('/reports/trail', { ...trailQuery, cursor: more ? trailCursor : null }));
    if (!more) {
      body.replaceChildren();
    }
    body.append(...page.items.map(trailRow));
    trailCursor = page.nextCursor || null;
    $('trail-empty').hidden = body.children.length > 0;
    $('trail-more').hidden = !trailCursor;
    if (!$('usage-complete').textContent && 'completeUpTo' in page) {
      $('usage-complete').textContent = completeness(page);
    }
  } catch (e) {
    if (!more) {
      body.replaceChildren();
    }
    $('trail-empty').hidden = true;
    $('trail-more').hidden = true;
    fail('trail-error', e, 'The audit trail failed');
  }
}

function trailRow(item) {
  // `kind` says which; an item without it is told apart by the fields only key events have.
  const kind = item.kind || ('actor' in item ? 'KEY' : 'AUTH');
  const row = el('tr', `trail-${kind.toLowerCase()}`);
  row.dataset.eventId = item.eventId;
  if (kind === 'KEY') {
    row.append(
      el('td', null, time(item.time)), el('td', null, el('span', 'badge KEY', 'KEY')), el('td', null, item.type),
      el('td', null, ''), el('td', null, ''), el('td', null, ''), el('td', null, ''),
      el('td', null, el('code', null, item.keyId || '')),
      el('td', null, [`by ${item.actor || '?'}`, changes(item.changes),
        item.relatedKeyId ? `related ${item.relatedKeyId}` : ''].filter(Boolean).join(', ')));
    return row;
  }
  const outcome = item.type === 'AUTH_SUCCESS' ? 'success' : 'failure';
  row.append(
    el('td', null, time(item.time)),
    el('td', null, el('span', `badge ${outcome}`, outcome)),
    el('td', null, item.type),
    el('td', null, item.status ?? ''),
    el('td', null, [item.apiId, item.route].filter(Boolean).join(' ')),
    el('td', 'request', [item.method, item.path].filter(Boolean).join(' '),
      item.requestId ? el('div', 'muted', item.requestId) : null),
    el('td', null, item.clientIp || ''),
    el('td', null, el('code', null, item.keyId || (item.keyHint ? `${item.keyHint}…` : ''))),
    el('td', null, [item.reason, item.latencyMicros != null ? `${(item.latencyMicros / 1000).toFixed(1)} ms` : '']
      .filter(Boolean).join(', ')));
  return row;
}

/** A KEY event's changed fields: a list in the contract, tolerated as text too. */
function changes(value) {
  const names = Array.isArray(value) ? value : (value ? String(value).split(',') : []);
  return names.length ? `changed ${names.join(', ')}` : '';
}

function fail(id, error, prefix = 'Cannot show usage') {
  if (error.status === 401) {
    return; // signed out already; the sign-in form says why
  }
  $(id).textContent = `${prefix}: ${describe(error)}`;
  $(id).hidden = false;
}

export function resetUsage() {
  clearUsage();
  $('trail-table').querySelector('tbody').replaceChildren();
  for (const id of ['usage-error', 'trail-error', 'trail-empty', 'trail-more', 'latency-empty']) {
    $(id).hidden = true;
  }
  $('usage-complete').textContent = '';
}

export function initUsage() {
  $('usage-form').addEventListener('submit', show);
  $('trail-more').addEventListener('click', () => showTrail(true));
}
