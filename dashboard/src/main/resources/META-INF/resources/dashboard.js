// The clinician dashboard: sign in, my patients, the live alert feed, an alert, a patient, issuing a programme.
// Navigation is in memory: the address bar stays on the dashboard's root, so no patient id ever reaches the browser's
// history, a bookmark or a Referer. Text from the APIs is set as text (never as HTML).
import { ApiError, allPages, call, followAlerts, loadConfig, token, whenUnauthorised } from './api.js';
import { drawExercise, drawPain, drawSessions, exerciseSeries, localDay, programmeWeeks, sessionsPerWeek, weeklyPain } from './charts.js';

const main = document.getElementById('main');
const feed = document.getElementById('feed');
const streamStatus = document.getElementById('stream-status');
const alerts = new Map(); // alert id -> alert, as last seen (list or stream)
let current = { view: 'signin' };
let stopStream = null;
let droppedAt = null;

// ---------------------------------------------------------------- small helpers

/** An element: h('p', {class: 'x', onclick: fn}, 'text', child...). Strings become text nodes. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const dateTime = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '–');
const dateOnly = (value) => (value ? localDay(value).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '–');
const shortId = (id) => `…${String(id).slice(-6)}`;
const words = (code) => (code ? code.replace(/[-_]/g, ' ').toLowerCase() : '');
const number = (value) => (value === null || value === undefined ? '–' : Number(value).toLocaleString());

function severityBadge(severity) {
  return h('span', { class: `badge ${severity.toLowerCase()}` }, severity.charAt(0) + severity.slice(1).toLowerCase());
}

function dose(p) {
  const parts = [`${p.sets} × ${p.target} ${words(p.unit)}`];
  if (p.perSide) parts.push('each side');
  if (p.loadKg !== null && p.loadKg !== undefined) parts.push(`${number(p.loadKg)} kg`);
  if (p.band) parts.push(`${words(p.band)} band`);
  return parts.join(', ');
}

/** Replaces an element's children, leaving out the parts that are null (nothing to show). */
function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Shows a view: replaces <main> and moves the focus to its heading, so keyboard and screen-reader users follow. */
function show(view, heading, ...content) {
  current = view;
  document.querySelectorAll('#nav [data-nav]').forEach((b) => b.setAttribute('aria-current', String(b.dataset.nav === view.view)));
  const title = h('h2', { tabindex: '-1', id: 'view-title' }, heading);
  main.replaceChildren(title, ...content);
  title.focus();
}

function problem(error) {
  const text = error instanceof ApiError
    ? [error.message, ...(error.problem?.violations || []).map((v) => `${v.field}: ${v.message}`)].join(' ')
    : 'The dashboard could not reach a service. Try again in a moment.';
  return h('p', { class: 'error', role: 'alert' }, text);
}

async function guarded(action, where) {
  try {
    await action();
  } catch (error) {
    where.replaceChildren(problem(error));
  }
}

// ---------------------------------------------------------------- sign in

function signIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('feed-panel').hidden = true;
  const field = h('textarea', { id: 'token', name: 'token', rows: '4', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' });
  const form = h('form', { class: 'card signin', onsubmit: async (event) => {
    event.preventDefault();
    token.set(field.value.trim());
    const claims = token.claims();
    if (!claims || !(claims.groups || []).some((g) => g === 'clinician' || g === 'admin')) {
      token.clear();
      signIn('That is not a clinician\'s token.');
      return;
    }
    try {
      await call('assessment', '/v1/clinicians/me/patients?limit=1');
      start();
    } catch (error) {
      token.clear();
      signIn(error.status === 401 ? 'The services refused that token (expired, or signed by another issuer).' : problem(error).textContent);
    }
  } },
  h('label', { for: 'token' }, 'Your access token'),
  h('p', { id: 'token-help', class: 'help' },
    'For now the dashboard takes a bearer token. ./rehabloop up prints a clinician token; in production it comes from the same identity provider as the APIs. It is kept in this tab only and forgotten when you close it.'),
  field,
  message ? h('p', { class: 'error', role: 'alert' }, message) : null,
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  show({ view: 'signin' }, 'Sign in', form);
}

function signOut() {
  stopStream?.();
  stopStream = null;
  token.clear();
  alerts.clear();
  feed.replaceChildren();
  signIn();
}

function start() {
  const claims = token.claims();
  document.getElementById('nav').hidden = false;
  document.getElementById('feed-panel').hidden = false;
  document.getElementById('who').textContent = `Signed in as ${claims.groups[0]} ${shortId(claims.sub)}`;
  startFeed();
  patients();
}

// ---------------------------------------------------------------- my patients

/** The caseload; `focus` false when a live change re-reads it: the list is redrawn where the keyboard was. */
async function patients(focus = true) {
  let body = main.querySelector('#patients-body');
  if (focus || current.view !== 'patients' || !body) {
    body = h('div', { id: 'patients-body' }, h('p', { class: 'status', role: 'status' }, 'Loading your patients…'));
    show({ view: 'patients' }, 'My patients', body);
  }
  await guarded(async () => {
    const caseload = await allPages('assessment', '/v1/clinicians/me/patients?limit=200');
    if (current.view !== 'patients') return;
    const focused = document.activeElement?.dataset?.patientId;
    fill(body, caseload.length ? patientTable(caseload) : h('p', {}, 'No patients yet: issue a programme to add one.'));
    if (focused) body.querySelector(`tr[data-patient-id="${focused}"]`)?.focus();
  }, body);
}

function alertCounts(open) {
  if (!open.total) return h('span', { class: 'none' }, 'none');
  return h('span', { class: 'counts' },
    ['HIGH', 'MEDIUM', 'LOW'].filter((s) => open[s.toLowerCase()] > 0)
      .map((s) => h('span', { class: `badge ${s.toLowerCase()}`, title: `${open[s.toLowerCase()]} ${s.toLowerCase()}` },
        `${open[s.toLowerCase()]} ${s.charAt(0) + s.slice(1).toLowerCase()}`)));
}

function patientTable(caseload) {
  const rows = caseload.map((p, index) => {
    const open = () => patient(p.patientId);
    return h('tr', {
      tabindex: '0', class: 'row', dataset: { patientRow: String(index), patientId: p.patientId },
      'aria-label': `Patient ${shortId(p.patientId)}, ${p.openAlerts.total} open alerts. Press Enter to open.`,
      onclick: open,
      onkeydown: (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          (event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling)?.focus();
        }
      },
    },
    h('th', { scope: 'row' }, h('span', { class: 'id' }, shortId(p.patientId))),
    h('td', {}, words(p.programme.templateCode), h('br'), h('span', { class: 'help' }, `version ${p.programme.version}, ${p.programme.sessionsPerWeek}/week`)),
    h('td', {}, p.programme.phase ? `${p.programme.phase.number}. ${p.programme.phase.name}` : '–'),
    h('td', {}, `${number(p.adherence.percent)} %`, h('br'), h('span', { class: 'help' }, `${p.adherence.sessions} of ${p.adherence.prescribed} sessions`)),
    h('td', {}, alertCounts(p.openAlerts)),
    h('td', {}, dateTime(p.lastSessionAt)));
  });
  return h('div', { class: 'table-wrap' }, h('table', { id: 'patients' },
    h('caption', {}, 'Those who need attention first: highest open severity, then most open alerts, then lowest adherence (14 days). Select a row, or focus it and press Enter.'),
    h('thead', {}, h('tr', {}, ['Patient', 'Programme', 'Phase', 'Adherence', 'Open alerts', 'Last session'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows)));
}

// ---------------------------------------------------------------- the live feed

/**
 * The latest alerts from the list: at the start, and after a reconnect that could not resume (no event seen yet) or
 * came after more than 5 minutes away (the stream replays at most 1,000 changes).
 */
function readAlertList() {
  call('assessment', '/v1/alerts?limit=50').then((page) => {
    page.items.slice().reverse().forEach((a) => upsertAlert(a, false));
  }).catch(() => {});
}

function startFeed() {
  stopStream?.();
  feed.replaceChildren();
  alerts.clear();
  readAlertList();
  stopStream = followAlerts({
    onEvent: (type, alert) => {
      upsertAlert(alert, true);
      refreshAfterChange(alert);
    },
    onState: (state, lastId, delay) => {
      if (state === 'reconnecting' && !droppedAt) droppedAt = Date.now();
      if (state === 'live' && droppedAt) {
        if (!lastId || Date.now() - droppedAt > 5 * 60000) readAlertList();
        droppedAt = null;
      }
      streamStatus.textContent = state === 'live'
        ? 'Live: new alerts appear here as they are raised.'
        : `Connection lost; reconnecting in ${Math.round(delay / 1000)} s${lastId ? ' (missed alerts will follow)' : ''}…`;
      streamStatus.dataset.state = state;
      streamStatus.dataset.lastEventId = lastId ?? '';
    },
  });
}

function upsertAlert(alert, fresh) {
  const known = alerts.get(alert.id);
  if (known && new Date(known.updatedAt) > new Date(alert.updatedAt)) return; // an older read than what the stream said
  alerts.set(alert.id, alert);
  feed.querySelector(`[data-alert-id="${alert.id}"]`)?.remove();
  if (alert.status === 'RESOLVED') return;
  const item = h('li', { class: `alert ${alert.severity.toLowerCase()}${fresh ? ' fresh' : ''}`, dataset: { alertId: alert.id, patientId: alert.patientId, rule: alert.ruleCode } },
    h('p', { class: 'alert-head' }, severityBadge(alert.severity), ' ', h('strong', {}, alert.title)),
    h('p', { class: 'help' }, `Patient ${shortId(alert.patientId)} · ${words(alert.status)} · ${dateTime(alert.updatedAt)}`),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => alertPage(alert.id) }, 'Details'),
      alert.status === 'OPEN' ? h('button', { type: 'button', onclick: () => changeAlert(alert.id, 'acknowledge') }, 'Acknowledge') : null,
      h('button', { type: 'button', onclick: () => changeAlert(alert.id, 'resolve') }, 'Resolve')));
  feed.prepend(item);
}

let refreshTimer = null;
/** Whatever the open view shows of that alert's patient is read again (at most every 300 ms). */
function refreshAfterChange(alert) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (current.view === 'patients') patients(false);
    else if (current.view === 'alert' && current.alertId === alert.id) alertPage(alert.id, false);
    else if (current.view === 'patient' && current.patientId === alert.patientId) patient(alert.patientId, false);
  }, 300);
}

async function changeAlert(id, action, note) {
  try {
    const changed = await call('assessment', `/v1/alerts/${id}/${action}`, { method: 'POST', body: note ? { note } : {} });
    upsertAlert(changed, false);
    refreshAfterChange(changed);
  } catch (error) {
    streamStatus.replaceChildren(problem(error));
  }
}

// ---------------------------------------------------------------- one alert

async function alertPage(id, focus = true) {
  const body = h('div', {}, h('p', { class: 'status', role: 'status' }, 'Loading the alert…'));
  if (focus || current.view !== 'alert') show({ view: 'alert', alertId: id }, 'Alert', body);
  else main.replaceChildren(main.querySelector('h2'), body);
  await guarded(async () => {
    const alert = await call('assessment', `/v1/alerts/${id}`);
    alerts.set(id, alert);
    const note = h('textarea', { id: 'alert-note', rows: '2', maxlength: '2000' });
    fill(body, 
      h('section', { class: 'card', 'aria-labelledby': 'alert-title' },
        h('h3', { id: 'alert-title' }, severityBadge(alert.severity), ' ', alert.title),
        h('p', {}, alert.message),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Status'), h('dd', { id: 'alert-status' }, words(alert.status)),
          h('dt', {}, 'Rule'), h('dd', {}, alert.ruleCode),
          h('dt', {}, 'Exercise'), h('dd', {}, words(alert.exerciseCode) || '–'),
          h('dt', {}, 'Raised'), h('dd', {}, dateTime(alert.createdAt)),
          h('dt', {}, 'Patient'), h('dd', {}, h('button', { type: 'button', class: 'link', onclick: () => patient(alert.patientId) }, `Open patient ${shortId(alert.patientId)}`))),
        alert.status !== 'RESOLVED' ? h('div', { class: 'actions' },
          h('label', { for: 'alert-note' }, 'Note for the record (optional)'), note,
          alert.status === 'OPEN' ? h('button', { type: 'button', onclick: () => changeAlert(id, 'acknowledge', note.value) }, 'Acknowledge') : null,
          h('button', { type: 'button', onclick: () => changeAlert(id, 'resolve', note.value) }, 'Resolve')) : null),
      evidence(alert),
      await adjustment(alert));
  }, body);
}

function evidence(alert) {
  return h('section', { class: 'card', 'aria-labelledby': 'evidence-title' },
    h('h3', { id: 'evidence-title' }, 'Evidence'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'evidence' },
      h('thead', {}, h('tr', {}, ['When', 'What was measured', 'Value', 'Threshold'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, alert.evidence.map((e) => h('tr', {},
        h('td', {}, dateTime(e.at)), h('td', {}, words(e.metric)), h('td', {}, number(e.value)), h('td', {}, number(e.threshold))))))));
}

function changesTable(changes) {
  return h('table', { class: 'changes' },
    h('thead', {}, h('tr', {}, ['Exercise', 'Before', 'After'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, changes.map((c) => h('tr', {},
      h('td', {}, words(c.exerciseCode)), h('td', {}, c.before ? dose(c.before) : '–'), h('td', {}, c.after ? dose(c.after) : 'removed')))));
}

async function adjustment(alert) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'adjustment-title' }, h('h3', { id: 'adjustment-title' }, 'Adjustment'));
  const a = alert.adjustment;
  if (!a) {
    section.append(h('p', {}, 'This alert asked for no change to the programme.'));
    return section;
  }
  section.append(h('p', {}, `${words(a.type)} of ${words(a.exerciseCode)}: ${a.outcome ? words(a.outcome) : 'waiting for plan-service'}.`));
  if (a.outcome === 'APPLIED') {
    const versions = await call('plan', `/v1/programs/${alert.programId}/versions`);
    const made = versions.find((v) => v.requestId === a.requestId);
    if (made) {
      section.append(h('p', { id: 'adjustment-versions' }, `Version ${made.version - 1} → version ${made.version}: ${made.reason ?? ''}`), changesTable(made.changes));
    }
  } else if (a.outcome === 'PROPOSED') {
    const pending = await call('plan', `/v1/programs/${alert.programId}/proposals?status=PENDING`);
    const proposal = pending.find((p) => p.id === a.requestId);
    section.append(proposal ? proposalCard(proposal, () => alertPage(alert.id, false)) : h('p', {}, 'The proposal has been decided.'));
  }
  return section;
}

function proposalCard(proposal, after) {
  const status = h('p', { role: 'status' });
  const decide = (action) => async () => {
    try {
      const decided = await call('plan', `/v1/proposals/${proposal.id}/${action}`, { method: 'POST' });
      status.textContent = decided.appliedVersion ? `Approved: version ${decided.appliedVersion}.` : 'Declined.';
      after();
    } catch (error) {
      status.replaceChildren(problem(error));
    }
  };
  return h('div', { class: 'proposal', dataset: { proposalId: proposal.id } },
    h('p', {}, h('strong', {}, `Proposed: ${words(proposal.type)} of ${words(proposal.exerciseCode)}`),
      proposal.replacementCode ? ` (replace with ${words(proposal.replacementCode)})` : '', ` on version ${proposal.basedOnVersion}.`),
    h('p', {}, proposal.reason),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: decide('approve') }, 'Approve'),
      h('button', { type: 'button', onclick: decide('reject') }, 'Decline')),
    status);
}

// ---------------------------------------------------------------- one patient

async function patient(patientId, focus = true) {
  const body = h('div', {}, h('p', { class: 'status', role: 'status' }, 'Loading the patient…'));
  const title = `Patient ${shortId(patientId)}`;
  if (focus || current.view !== 'patient') show({ view: 'patient', patientId }, title, body);
  else main.replaceChildren(main.querySelector('h2'), body);
  await guarded(async () => {
    const programme = await call('plan', `/v1/patients/${patientId}/program`);
    const [today, versions, pending, sessions, checkIns, assessment, caseload] = await Promise.all([
      call('plan', `/v1/patients/${patientId}/program/today`),
      call('plan', `/v1/programs/${programme.id}/versions`),
      call('plan', `/v1/programs/${programme.id}/proposals?status=PENDING`),
      allPages('logging', `/v1/patients/${patientId}/sessions?limit=200`).catch(notYetKnown),
      call('logging', `/v1/patients/${patientId}/pain-checkins?limit=500`).catch(notYetKnown),
      call('assessment', `/v1/patients/${patientId}/assessment`).catch(() => null),
      allPages('assessment', '/v1/clinicians/me/patients?limit=200'),
    ]);
    if (current.view !== 'patient' || current.patientId !== patientId) return;
    const startDate = caseload.find((p) => p.patientId === patientId)?.programme.startDate ?? versions[0].createdAt;
    const caughtUp = sessions !== null && checkIns !== null;
    const programmeSessions = (sessions ?? []).filter((s) => s.programId === programme.id);
    fill(body, 
      summary(programme, assessment, startDate),
      caughtUp ? null : h('p', { class: 'status', role: 'status' },
        'The log has not learnt of this programme yet (a few seconds after it is issued): sessions will show then.'),
      pending.length ? h('section', { class: 'card', 'aria-labelledby': 'pending-title' },
        h('h3', { id: 'pending-title' }, 'Waiting for your decision'),
        pending.map((p) => proposalCard(p, () => patient(patientId, false)))) : null,
      todaySection(today),
      chartsSection(programme, startDate, programmeSessions, checkIns ?? [], versions),
      historySection(versions));
    drawCharts(programme, startDate, programmeSessions, checkIns ?? [], versions);
  }, body);
}

/**
 * logging-service learns a programme from plan-service's events, a moment after it is issued; until then it answers
 * 404 for that patient, which here means "nothing logged yet".
 */
function notYetKnown(error) {
  if (error instanceof ApiError && error.status === 404) return null;
  throw error;
}

function summary(programme, assessment, startDate) {
  return h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
    h('h3', { id: 'summary-title' }, 'Programme'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Template'), h('dd', {}, words(programme.templateCode)),
      h('dt', {}, 'Started'), h('dd', {}, dateOnly(startDate)),
      h('dt', {}, 'Phase'), h('dd', {}, `${programme.phase.number}. ${programme.phase.name} (since ${dateOnly(programme.phase.startedOn)})`),
      h('dt', {}, 'Version'), h('dd', { id: 'current-version' }, String(programme.version)),
      h('dt', {}, 'Sessions per week'), h('dd', {}, String(programme.sessionsPerWeek)),
      h('dt', {}, 'Automatic adjustments'), h('dd', {}, autoAdjustWords[programme.autoAdjust]),
      assessment ? [h('dt', {}, 'Adherence (14 days)'), h('dd', {}, `${number(assessment.adherence.percent)} % (${assessment.adherence.sessions} of ${assessment.adherence.prescribed})`)] : null));
}

function todaySection(today) {
  return h('section', { class: 'card', 'aria-labelledby': 'today-title' },
    h('h3', { id: 'today-title' }, `Today's prescription (${dateOnly(today.date)})`),
    h('ol', { class: 'blocks' }, today.blocks.map((b) => h('li', {},
      h('h4', {}, words(b.block)),
      h('ul', {}, b.exercises.map((e) => h('li', {}, h('strong', {}, e.name), `: ${dose(e)}`)))))));
}

function chartsSection(programme, startDate, sessions, checkIns, versions) {
  const series = exerciseSeries(sessions, versions);
  const figure = (id, caption, label) => h('figure', { class: 'chart' },
    h('figcaption', {}, caption),
    h('div', { class: 'canvas-box' }, h('canvas', { id, role: 'img', 'aria-label': label })));
  return h('section', { class: 'card', 'aria-labelledby': 'charts-title' },
    h('h3', { id: 'charts-title' }, 'Progress'),
    h('div', { class: 'charts' },
      figure('chart-pain', 'Weekly pain: during exercise and next morning, against the 5/10 limit',
        `Worst pain per programme week from ${sessions.length} sessions and ${checkIns.length} check-ins`),
      figure('chart-sessions', `Sessions per week against the ${programme.sessionsPerWeek} prescribed`,
        `Sessions done per programme week, ${sessions.length} in all`),
      series.map((s) => figure(`chart-exercise-${s.code}`, `${words(s.code)}: ${s.unit === 'kg' ? 'load' : 'best set'} per session, adjustments marked`,
        `${words(s.code)} over ${s.points.length} sessions with ${s.adjustments.length} adjustments`))));
}

function drawCharts(programme, startDate, sessions, checkIns, versions) {
  const calendar = programmeWeeks(startDate, sessions, checkIns);
  drawPain(document.getElementById('chart-pain'), calendar, weeklyPain(calendar, sessions, checkIns));
  drawSessions(document.getElementById('chart-sessions'), calendar, sessionsPerWeek(calendar, sessions), programme.sessionsPerWeek);
  exerciseSeries(sessions, versions).forEach((s) => drawExercise(document.getElementById(`chart-exercise-${s.code}`), s));
}

function historySection(versions) {
  return h('section', { class: 'card', 'aria-labelledby': 'history-title' },
    h('h3', { id: 'history-title' }, 'Version history'),
    h('ol', { id: 'versions', class: 'versions', reversed: true }, versions.slice().reverse().map((v) => h('li', { dataset: { version: String(v.version) } },
      h('p', {}, h('strong', {}, `Version ${v.version}`), ` · ${dateTime(v.createdAt)} · ${changedBy(v)}`),
      v.reason ? h('p', {}, v.reason) : null,
      v.changes?.length ? changesTable(v.changes) : null))));
}

/** Who made a version: "you", another clinician, or the assessment rule that asked for it. */
function changedBy(version) {
  if (version.changedBy === 'assessment') return `by assessment rule ${version.ruleCode ?? ''}`;
  const me = token.claims()?.sub;
  const who = version.changedBy === me ? 'you' : `clinician ${shortId(version.changedBy)}`;
  return version.ruleCode ? `approved by ${who} (rule ${version.ruleCode})` : `by ${who}`;
}

// ---------------------------------------------------------------- issue a programme

const autoAdjustWords = {
  NONE: 'none: every adjustment waits for my approval',
  SAFE: 'safe ones: deloads and regressions apply at once, progressions wait for my approval',
  ALL: 'all: every adjustment applies at once',
};

async function issue() {
  const body = h('div', {});
  show({ view: 'issue' }, 'Issue a programme', body);
  await guarded(async () => {
    const templates = await call('plan', '/v1/templates');
    const patientField = h('input', { id: 'issue-patient', name: 'patientId', required: true, pattern: '[0-9a-fA-F-]{36}', autocomplete: 'off', 'aria-describedby': 'issue-patient-help' });
    const template = h('select', { id: 'issue-template', name: 'templateCode' }, templates.map((t) => h('option', { value: t.code }, t.name)));
    const startField = h('input', { id: 'issue-start', name: 'startDate', type: 'date', required: true, value: localIsoDate(new Date()) });
    const perWeek = h('input', { id: 'issue-per-week', name: 'sessionsPerWeek', type: 'number', min: '1', max: '7', value: '3', required: true });
    const policy = h('fieldset', {}, h('legend', {}, 'Automatic adjustments'),
      Object.entries(autoAdjustWords).map(([value, text]) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'autoAdjust', value, checked: value === 'SAFE' }), ` ${text}`)));
    const preview = h('div', { class: 'template-preview' });
    const showTemplate = async () => {
      const t = await call('plan', `/v1/templates/${encodeURIComponent(template.value)}`);
      preview.replaceChildren(h('p', {}, t.description ?? ''),
        h('ul', {}, t.prescriptions.map((d) => h('li', {}, `${words(d.exerciseCode)} (${words(d.block)}): ${d.sets} × ${d.target}`))));
    };
    template.addEventListener('change', showTemplate);
    const outcome = h('div', { role: 'status' });
    const form = h('form', { class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      const patientId = patientField.value.trim();
      try {
        await call('plan', '/v1/programs', { method: 'POST', body: {
          patientId, templateCode: template.value, startDate: startField.value,
          sessionsPerWeek: Number(perWeek.value), autoAdjust: form.querySelector('input[name=autoAdjust]:checked').value,
        } });
        patient(patientId);
      } catch (error) {
        outcome.replaceChildren(problem(error));
      }
    } },
    h('label', { for: 'issue-patient' }, 'Patient id'), h('p', { id: 'issue-patient-help', class: 'help' }, 'The patient\'s user id from the identity provider (a UUID).'), patientField,
    h('label', { for: 'issue-template' }, 'Template'), template, preview,
    h('label', { for: 'issue-start' }, 'Start date'), startField,
    h('label', { for: 'issue-per-week' }, 'Sessions per week'), perWeek,
    policy, outcome,
    h('button', { type: 'submit', class: 'primary' }, 'Issue programme'));
    fill(body, form);
    await showTemplate();
  }, body);
}

function localIsoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// ---------------------------------------------------------------- start

document.getElementById('nav').addEventListener('click', (event) => {
  const target = event.target.closest('[data-nav]');
  if (!target) return;
  ({ patients, issue, signout: signOut })[target.dataset.nav]();
});
whenUnauthorised(() => signOut());

await loadConfig();
if (token.get()) start();
else signIn();
