// Talks to the DatabaseAI v1 HTTP API. Every failure becomes an ApiError whose message is a
// sentence a person can act on; stack traces from a server never reach the page.

const BASE = 'api/v1';

/** An API failure: HTTP status, the server's error object (category, message, hint…) and a sentence. */
export class ApiError extends Error {
  constructor(status, error, sentence) {
    super(sentence);
    this.status = status;
    this.error = error || {};
  }
}

/** Creates a session on the demo database or on {jdbcUrl, username, password}. */
export function createSession(body) {
  return request('POST', `${BASE}/sessions`, body);
}

export function deleteSession(id) {
  return request('DELETE', `${BASE}/sessions/${encodeURIComponent(id)}`);
}

export function getSchema(id) {
  return request('GET', `${BASE}/sessions/${encodeURIComponent(id)}/schema`);
}

export function runSql(id, sql) {
  return request('POST', `${BASE}/sessions/${encodeURIComponent(id)}/sql`, { sql });
}

/**
 * Asks a question and streams the agent's steps: `onEvent(name, data)` is called for every
 * Server-Sent Event. Resolves with the final answer ({sql, result, attempts, …}). EventSource
 * cannot POST, so this reads the response body as a stream and parses the SSE framing itself.
 * A server that answers with plain JSON instead of a stream is handled too.
 */
export async function ask(id, question, onEvent, signal) {
  let response;
  try {
    response = await fetch(`${BASE}/sessions/${encodeURIComponent(id)}/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ question }),
      signal,
    });
  } catch (e) {
    throw networkError(e);
  }
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok || !type.includes('text/event-stream')) {
    const body = await readJson(response);
    if (!response.ok) {
      const traced = tracedFailure(body);
      if (traced) return traced;
      throw toApiError(response.status, body);
    }
    return body;
  }
  let answer = null;
  let failure = null;
  await readEvents(response.body, (name, data) => {
    onEvent(name, data);
    if (isAnswer(data)) answer = data.answer && isAnswer(data.answer) ? data.answer : data;
    if (data && typeof data === 'object' && data.error && !data.sql && !data.attempts && !data.attempt) {
      if (name === 'error' || name === 'failed' || name === 'failure') failure = data;
    }
  });
  if (answer) return answer;
  if (failure) {
    const traced = tracedFailure(failure);
    if (traced) return traced;
    throw toApiError(failure.status || 503, failure);
  }
  throw new ApiError(0, {}, 'The server closed the stream before the answer arrived. Try asking again.');
}

/**
 * When no statement worked, the server still sends the attempts ({"error": {"code": "NO_WORKING_SQL",
 * "attempts": [...], "diagnosis": {...}}}): turned into an answer without a result so the trace shows.
 */
function tracedFailure(body) {
  const error = body && body.error;
  if (!error || !Array.isArray(error.attempts) || !error.attempts.length) return null;
  const last = error.attempts[error.attempts.length - 1];
  return { sql: last.sql || '', result: null, attempts: error.attempts, failure: error };
}

function isAnswer(data) {
  if (!data || typeof data !== 'object') return false;
  if (data.answer && typeof data.answer === 'object') return isAnswer(data.answer);
  return Array.isArray(data.attempts) && ('result' in data || 'sql' in data);
}

/**
 * Parses a text/event-stream body (WHATWG framing: `event:`, `data:` lines, blank line ends an
 * event; `data` lines join with newlines; comments start with a colon). Data is JSON when it parses.
 */
export async function readEvents(stream, onEvent) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = 'message';
  let data = [];
  const dispatch = () => {
    if (data.length) {
      const text = data.join('\n');
      let value = text;
      try { value = JSON.parse(text); } catch (e) { /* plain text event */ }
      onEvent(name, value);
    }
    name = 'message';
    data = [];
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') { dispatch(); continue; }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let val = colon < 0 ? '' : line.slice(colon + 1);
      if (val.startsWith(' ')) val = val.slice(1);
      if (field === 'event') name = val || 'message';
      else if (field === 'data') data.push(val);
    }
  }
  if (buffer) data.push(...buffer.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()));
  dispatch();
}

async function request(method, url, body) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw networkError(e);
  }
  if (response.status === 204) return null;
  const json = await readJson(response);
  if (!response.ok) throw toApiError(response.status, json);
  return json;
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!response.ok) return { message: firstLine(text) };
    throw new ApiError(response.status, {}, 'The server sent an answer this page cannot read. Reload the page and try again.');
  }
}

function networkError(e) {
  if (e && e.name === 'AbortError') return new ApiError(0, { category: 'CANCELLED' }, 'Stopped.');
  return new ApiError(0, { category: 'CONNECTION' }, 'Cannot reach the DatabaseAI server. Check that it is running, then try again.');
}

/** Builds an ApiError from an HTTP status and a body `{"error": {...}}` (or a bare error object). */
export function toApiError(status, body) {
  const error = (body && typeof body.error === 'object' && body.error) || body || {};
  return new ApiError(status, error, sentenceFor(status, error));
}

const CATEGORY_SENTENCES = {
  UNDEFINED_COLUMN: 'The query names a column that does not exist.',
  UNDEFINED_TABLE: 'The query names a table that does not exist.',
  AMBIGUOUS_COLUMN: 'A column name in the query fits more than one table.',
  UNDEFINED_FUNCTION: 'The query calls a function this database does not have for these argument types.',
  TYPE_MISMATCH: 'The query compares or combines values of incompatible types.',
  INVALID_LITERAL: 'A value in the query cannot be read as the type it is used as.',
  GROUPING_ERROR: 'A selected column is neither grouped nor aggregated.',
  SYNTAX_ERROR: 'The database cannot parse the query.',
  DIVISION_BY_ZERO: 'The query divides by zero.',
  PERMISSION_DENIED: 'The database user may not read this.',
  READ_ONLY_VIOLATION: 'Only reading queries are allowed here.',
  TIMEOUT: 'The query took too long and was stopped.',
  CONNECTION: 'The database cannot be reached.',
};

/** One or two sentences for a person: what went wrong, in words, plus the server's own message. */
export function sentenceFor(status, error) {
  const message = cleanMessage(error.message || error.reason || error.detail || '');
  const category = error.category || error.code || '';
  if (status === 404) return 'This session has expired or does not exist. Connect again to continue.';
  if (status === 503 && category === 'CONNECTION') {
    return `${CATEGORY_SENTENCES.CONNECTION} Try again in a moment.${message ? ` ${ensureSentence(message)}` : ''}`;
  }
  if (status === 503 && message) return ensureSentence(message);
  if (status === 503) return 'The service is not available right now (no language model is configured or reachable).';
  if (status === 400 && message) return ensureSentence(message);
  const lead = CATEGORY_SENTENCES[category];
  if (lead) return lead;
  if (message) return ensureSentence(message);
  if (status >= 500) return 'The server ran into a problem. Try again; if it persists, the server log has the details.';
  return 'Something went wrong. Try again.';
}

/** Drops stack-trace lines and Java exception class prefixes from a message. */
export function cleanMessage(text) {
  const lines = String(text).split(/\r?\n/).filter((l) => !/^\s+at\s|^\s*\.\.\.\s*\d+ more|^Caused by:/.test(l));
  return lines.join(' ').replace(/^ERROR:\s*/, '').replace(/\s+Position: \d+\s*$/, '').replace(/\b(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error):\s*/g, '').replace(/\s+/g, ' ').trim();
}

function ensureSentence(text) {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function firstLine(text) {
  return cleanMessage(String(text).split(/\r?\n/)[0]).slice(0, 300);
}
