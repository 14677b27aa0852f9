// The DatabaseAI page: connect, browse the schema, ask, edit and run SQL, see the trace, table and chart.

import * as api from './api.js';
import { escapeHtml, highlightSql } from './highlight.js';
import { renderTable, toCsv } from './table.js';
import { chooseChart, renderChart } from './chart.js';

const $ = (id) => document.getElementById(id);
const state = { session: null, result: null, chart: null, busy: false, abort: null };

// ---------- theme ----------
$('theme-toggle').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem('databaseai.theme', next); } catch (e) { /* private mode */ }
});

// ---------- errors and notices ----------
function showError(err, details) {
  const box = $('error-box');
  const sentence = err instanceof api.ApiError ? err.message : 'Something went wrong in this page. Reload it and try again.';
  if (!(err instanceof api.ApiError)) console.error(err);
  const own = err instanceof api.ApiError && err.error.message ? api.cleanMessage(err.error.message) : '';
  const extra = own && !sentence.toLowerCase().includes(own.toLowerCase()) ? `<div class="db-message">${escapeHtml(own)}</div>` : '';
  box.innerHTML = `<strong>${escapeHtml(sentence)}</strong>${extra}${details ? diagnosisHtml(details, false) : ''}`;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}
function clearError() {
  $('error-box').hidden = true;
  $('error-box').innerHTML = '';
}
function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 2200);
}

/** The useful parts of a diagnosis: the database's words, the hint, and suggestions. */
function diagnosisHtml(d, inAlert) {
  if (!d || typeof d !== 'object') return '';
  const parts = [];
  if (d.message && inAlert) parts.push(`<div class="db-message">${escapeHtml(api.cleanMessage(d.message))}</div>`);
  if (d.hint) parts.push(`<div class="hint">${escapeHtml(d.hint)}</div>`);
  const sugg = Array.isArray(d.suggestions) ? d.suggestions : [];
  if (sugg.length) parts.push(`<div class="suggestions">Did you mean: ${sugg.slice(0, 5).map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')}?</div>`);
  return `<div class="diagnosis" data-category="${escapeHtml(d.category || '')}">${parts.join('')}</div>`;
}

// ---------- connection ----------
function setBusy(busy) {
  state.busy = busy;
  const connected = Boolean(state.session);
  $('ask-btn').disabled = busy || !connected;
  $('run-btn').disabled = busy || !connected;
  $('question').disabled = !connected;
  $('sql-editor').disabled = !connected;
  $('connect-demo').disabled = busy;
  $('connect-jdbc').disabled = busy;
  $('ask-btn').textContent = busy && state.abort ? 'Stop' : 'Ask';
  if (busy && state.abort) $('ask-btn').disabled = false;
}

async function connect(body, label) {
  clearError();
  setBusy(true);
  $('status').textContent = `Connecting to ${label}…`;
  $('status').classList.remove('connected');
  try {
    if (state.session) await api.deleteSession(state.session.sessionId).catch(() => {});
    const session = await api.createSession(body);
    state.session = { ...session, label };
    const tables = Array.isArray(session.tables) ? session.tables.length : session.tables;
    const bits = [label, session.dialect, tables !== undefined ? `${tables} tables` : null].filter(Boolean);
    $('status').textContent = `Connected: ${bits.join(' · ')}`;
    $('status').classList.add('connected');
    $('disconnect').hidden = false;
    $('jdbc-password').value = '';
    $('jdbc-details').open = false;
    await loadSchema();
    $('question').focus();
  } catch (e) {
    state.session = null;
    $('status').textContent = 'Not connected';
    showError(e);
  } finally {
    setBusy(false);
  }
}

$('connect-demo').addEventListener('click', () => connect({ database: 'demo' }, 'demo database'));
$('jdbc-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const jdbcUrl = $('jdbc-url').value.trim();
  const username = $('jdbc-user').value.trim();
  if (!jdbcUrl.startsWith('jdbc:')) {
    showError(new api.ApiError(400, {}, `“${jdbcUrl || '(empty)'}” is not a JDBC URL. It starts with jdbc:, for example jdbc:postgresql://localhost:5432/shop.`));
    return;
  }
  connect({ jdbcUrl, username, password: $('jdbc-password').value }, jdbcUrl.replace(/\?.*$/, ''));
});
$('disconnect').addEventListener('click', async () => {
  if (state.session) await api.deleteSession(state.session.sessionId).catch(() => {});
  disconnected('Disconnected');
});

function disconnected(text) {
  state.session = null;
  $('status').textContent = text;
  $('status').classList.remove('connected');
  $('disconnect').hidden = true;
  $('schema-panel').hidden = true;
  setBusy(false);
}

function handleFailure(e, details) {
  if (e instanceof api.ApiError && e.status === 404 && state.session) disconnected('Session expired');
  showError(e, details);
}

// ---------- schema ----------
async function loadSchema() {
  const schema = await api.getSchema(state.session.sessionId);
  const tables = Array.isArray(schema) ? schema : schema.tables || [];
  state.schema = tables;
  $('schema-count').textContent = String(tables.length);
  const schemas = new Set(tables.map((t) => t.schema || ''));
  const nameOf = (t) => (!t.schema || schemas.size === 1 ? t.name : `${t.schema}.${t.name}`);
  $('schema-tree').innerHTML = tables.map((t) => {
    const pk = new Set(t.primaryKey || []);
    const fks = new Map();
    for (const fk of t.foreignKeys || []) (fk.columns || []).forEach((c, k) => fks.set(c, `${fk.referencedTable}.${(fk.referencedColumns || [])[k] || ''}`));
    const cols = (t.columns || []).map((c) => `<li data-search="${escapeHtml(`${c.name}`.toLowerCase())}" title="${escapeHtml(c.comment || '')}">
        <span class="cname">${escapeHtml(c.name)}</span>${pk.has(c.name) ? '<span class="key">PK</span>' : ''}${fks.has(c.name) ? `<span class="fk">→ ${escapeHtml(fks.get(c.name))}</span>` : ''}
        <span class="ctype">${escapeHtml(c.type || '')}${c.nullable === false ? ' not null' : ''}</span></li>`).join('');
    const rows = typeof t.approximateRows === 'number' && t.approximateRows >= 0 ? `<span class="rows">~${t.approximateRows} rows</span>` : '';
    const kind = t.kind && t.kind !== 'TABLE' ? `<span class="kind">${escapeHtml(String(t.kind).replace('_', ' ').toLowerCase())}</span>` : '';
    return `<details class="table" data-table="${escapeHtml(nameOf(t))}" data-search="${escapeHtml(`${t.name} ${(t.columns || []).map((c) => c.name).join(' ')}`.toLowerCase())}">
      <summary><span class="tname">${escapeHtml(nameOf(t))}</span>${kind}${rows}</summary>
      ${t.comment ? `<div class="comment">${escapeHtml(t.comment)}</div>` : ''}
      <ul>${cols}</ul>
      <button type="button" class="use ghost" data-sql="${escapeHtml(`SELECT * FROM ${nameOf(t)} LIMIT 100`)}">SELECT * FROM ${escapeHtml(nameOf(t))}</button>
    </details>`;
  }).join('') || '<div class="empty">No tables are visible to this user.</div>';
  $('schema-panel').hidden = false;
  $('schema-filter').value = '';
}

$('schema-tree').addEventListener('click', (ev) => {
  const btn = ev.target.closest('button[data-sql]');
  if (!btn) return;
  setSql(btn.dataset.sql);
  runSql();
});
$('schema-filter').addEventListener('input', () => {
  const q = $('schema-filter').value.trim().toLowerCase();
  document.querySelectorAll('#schema-tree details.table').forEach((d) => {
    d.hidden = Boolean(q) && !d.dataset.search.includes(q);
    d.open = Boolean(q) && !d.hidden && !d.querySelector('summary').textContent.toLowerCase().includes(q);
  });
});

// ---------- SQL editor ----------
const editor = $('sql-editor');
function syncHighlight() {
  $('sql-highlight').innerHTML = highlightSql(editor.value);
}
function setSql(sql) {
  editor.value = sql || '';
  syncHighlight();
}
editor.addEventListener('input', syncHighlight);
editor.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    runSql();
  } else if (ev.key === 'Tab' && !ev.shiftKey) {
    ev.preventDefault();
    editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    syncHighlight();
  }
});
$('run-btn').addEventListener('click', () => runSql());

async function runSql() {
  const sql = editor.value.trim();
  if (!state.session || state.busy) return;
  if (!sql) {
    showError(new api.ApiError(400, {}, 'Write a SQL query first, or ask a question to have one written.'));
    return;
  }
  clearError();
  setBusy(true);
  $('run-btn').textContent = 'Running…';
  try {
    const result = await api.runSql(state.session.sessionId, sql);
    showResult(result);
  } catch (e) {
    $('result-panel').hidden = true;
    handleFailure(e, e.error && (e.error.hint || e.error.suggestions) ? e.error : null);
  } finally {
    $('run-btn').textContent = 'Run';
    setBusy(false);
  }
}

// ---------- ask ----------
$('ask-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (state.abort) { state.abort.abort(); return; }
  ask();
});
$('question').addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.shiftKey) {
    ev.preventDefault();
    if (!state.busy) ask();
  }
});

async function ask() {
  const question = $('question').value.trim();
  if (!state.session || state.busy) return;
  if (!question) {
    showError(new api.ApiError(400, {}, 'Type a question first, for example “How many devices are there per location?”'));
    return;
  }
  clearError();
  const steps = $('steps');
  steps.innerHTML = '';
  steps.hidden = false;
  $('trace-panel').hidden = true;
  state.abort = new AbortController();
  setBusy(true);
  addStep('Sending the question', false);
  try {
    const answer = await api.ask(state.session.sessionId, question, onAskEvent, state.abort.signal);
    finishSteps();
    showAnswer(answer);
  } catch (e) {
    finishSteps(true);
    handleFailure(e);
  } finally {
    state.abort = null;
    setBusy(false);
  }
}

function addStep(text, failed) {
  const steps = $('steps');
  steps.querySelectorAll('li.active').forEach((li) => li.classList.remove('active'));
  const li = document.createElement('li');
  li.textContent = text;
  li.className = failed ? 'failed' : 'active';
  steps.appendChild(li);
}
function finishSteps(failed) {
  const active = $('steps').querySelector('li.active');
  if (active) {
    active.classList.remove('active');
    if (failed) active.classList.add('failed');
  }
}

/** Turns one streamed event into a step line; shows proposed SQL in the editor as it arrives. */
function onAskEvent(name, data) {
  const d = data && typeof data === 'object' ? data : {};
  const n = String(name).toLowerCase();
  const attempt = d.attempt || d.attemptNumber || d.number;
  const sql = typeof d.sql === 'string' ? d.sql : d.attempt && typeof d.attempt.sql === 'string' ? d.attempt.sql : null;
  const diagnosis = d.diagnosis || (d.error && typeof d.error === 'object' ? d.error : null);
  if (sql && !d.result) setSql(sql);
  if ((d.attempts && (d.result || d.sql)) || n === 'answer' || n === 'done' || n === 'result' || n === 'final') {
    const rows = d.result ? d.result.rowCount ?? (d.result.rows || []).length : null;
    addStep(rows !== null && rows !== undefined ? `Got ${rows} ${rows === 1 ? 'row' : 'rows'}` : 'Done', false);
  } else if (n.includes('context')) {
    const tables = Array.isArray(d.tables) ? d.tables.map((t) => (typeof t === 'string' ? t : t.name)).join(', ') : '';
    addStep(`Chose the schema context${tables ? `: ${tables}` : ''}${d.tokens ? ` (${d.tokens} tokens)` : ''}`, false);
  } else if (diagnosis && (n.includes('error') || n.includes('diagnos') || n.includes('fail'))) {
    const what = diagnosis.category ? diagnosis.category.toLowerCase().replace(/_/g, ' ') : 'error';
    addStep(`The database refused it (${what})${diagnosis.message ? `: ${api.cleanMessage(diagnosis.message)}` : ''}`, true);
  } else if (n.includes('retry') || n.includes('repair')) {
    addStep(`Asking the model to fix it${attempt && typeof attempt === 'number' ? ` (attempt ${attempt})` : ''}`, false);
  } else if (n.includes('exec') || n.includes('run')) {
    addStep('Running the query', false);
  } else if (sql || n.includes('sql') || n.includes('propos') || n.includes('generat')) {
    addStep(`The model proposed SQL${attempt && typeof attempt === 'number' ? ` (attempt ${attempt})` : ''}`, false);
  } else if (n.includes('prompt') || n.includes('model') || n.includes('think')) {
    addStep('Waiting for the model', false);
  } else if (n === 'error' || n === 'failed') {
    addStep(typeof data === 'string' ? data : api.sentenceFor(d.status || 500, d.error || d), true);
  } else if (n !== 'message' && n !== 'ping' && n !== 'heartbeat') {
    addStep(n.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase()), false);
  }
}

function showAnswer(answer) {
  if (answer.sql) setSql(answer.sql);
  renderTrace(answer);
  if (answer.result) {
    showResult(answer.result);
  } else {
    $('result-panel').hidden = true;
    const attempts = answer.attempts || [];
    const last = (answer.failure && answer.failure.diagnosis) || (attempts.length ? attempts[attempts.length - 1].error : null);
    showError(new api.ApiError(422, last || {}, `No query worked after ${attempts.length} ${attempts.length === 1 ? 'attempt' : 'attempts'}. The last diagnosis is below; edit the SQL and run it, or rephrase the question.`), last);
  }
}

function renderTrace(answer) {
  const attempts = answer.attempts || [];
  const total = answer.elapsedMs !== undefined ? ` in ${formatMs(answer.elapsedMs)}` : '';
  const model = answer.model ? ` · ${answer.provider ? `${answer.provider}/` : ''}${answer.model}` : '';
  $('trace-summary').textContent = `${attempts.length} ${attempts.length === 1 ? 'attempt' : 'attempts'}${total}${model}`;
  $('trace').innerHTML = attempts.map((a, k) => {
    const failed = Boolean(a.error);
    const e = a.error || {};
    const meta = [a.elapsedMs !== undefined ? formatMs(a.elapsedMs) : null, a.promptTokens ? `${a.promptTokens} prompt tokens` : null].filter(Boolean).join(' · ');
    return `<li class="${failed ? 'failed' : 'ok'}">
      <div class="attempt-head"><strong>Attempt ${k + 1}</strong><span>${failed ? 'failed' : 'succeeded'}</span><span class="muted">${escapeHtml(meta)}</span></div>
      <code class="sql">${highlightSql(a.sql || '')}</code>
      ${failed ? `<div class="diagnosis"><span class="cat">${escapeHtml(e.category || 'ERROR')}</span> ${escapeHtml(api.cleanMessage(e.message || ''))}${diagnosisHtml({ hint: e.hint, suggestions: e.suggestions }, false)}</div>` : ''}
    </li>`;
  }).join('');
  $('trace-panel').hidden = attempts.length === 0;
}

// ---------- results ----------
function showResult(result) {
  state.result = result;
  $('result-panel').hidden = false;
  const count = result.rowCount ?? (result.rows || []).length;
  const bits = [`${count} ${count === 1 ? 'row' : 'rows'}`];
  if (result.truncated) bits.push('truncated at the row limit');
  if (result.elapsedMs !== undefined) bits.push(formatMs(result.elapsedMs));
  $('result-summary').textContent = bits.join(' · ');
  renderTable($('results'), $('pager'), result);
  state.chart = chooseChart(result);
  drawChart();
}

function drawChart() {
  const spec = state.chart;
  $('chart').hidden = !spec;
  $('chart-kind').hidden = !spec;
  if (!spec) { $('chart').innerHTML = ''; return; }
  renderChart($('chart'), state.result, spec);
  document.querySelectorAll('#chart-kind button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.kind === spec.kind)));
}
document.querySelectorAll('#chart-kind button').forEach((b) => b.addEventListener('click', () => {
  if (!state.chart) return;
  state.chart = { ...state.chart, kind: b.dataset.kind };
  drawChart();
}));

$('copy-csv').addEventListener('click', async () => {
  if (!state.result) return;
  const csv = toCsv(state.result);
  try {
    await navigator.clipboard.writeText(csv);
  } catch (e) {
    const area = document.createElement('textarea');
    area.value = csv;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  window.lastCsv = csv;
  toast(`Copied ${(state.result.rows || []).length} rows as CSV`);
});

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

syncHighlight();
setBusy(false);
