// The results table: sortable by any column (numbers and dates compare as such), paged, and CSV.

import { escapeHtml } from './highlight.js';

const PAGE_SIZE = 25;
const NUMERIC_TYPE = /int|numeric|decimal|float|double|real|money|serial|number/i;

export function isNumericType(type) {
  return NUMERIC_TYPE.test(type || '') && !/interval|point/i.test(type || '');
}

/** Renders {columns, rows} into `container` with paging into `pager`. Returns nothing. */
export function renderTable(container, pager, result) {
  const columns = result.columns || [];
  const rows = (result.rows || []).map((row, i) => ({ row, i }));
  const state = { sortBy: -1, dir: 1, page: 0 };

  if (!columns.length) {
    container.innerHTML = '<div class="empty">The statement returned no columns.</div>';
    pager.innerHTML = '';
    return;
  }
  const numeric = columns.map((c, i) => isNumericType(c.type) || (rows.length > 0 && rows.every(({ row }) => row[i] === null || typeof row[i] === 'number')));

  const draw = () => {
    const sorted = state.sortBy < 0 ? rows : [...rows].sort((a, b) => state.dir * compare(a.row[state.sortBy], b.row[state.sortBy]) || a.i - b.i);
    const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const slice = sorted.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    const head = columns.map((c, i) => {
      const sort = i === state.sortBy ? (state.dir > 0 ? 'ascending' : 'descending') : 'none';
      return `<th data-col="${i}" aria-sort="${sort}" title="Sort by ${escapeHtml(c.name)}">${escapeHtml(c.name)}<span class="type">${escapeHtml(c.type || '')}</span></th>`;
    }).join('');
    const body = slice.length
      ? slice.map(({ row }) => `<tr>${row.map((v, i) => cell(v, numeric[i])).join('')}</tr>`).join('')
      : `<tr><td class="empty" colspan="${columns.length}">No rows.</td></tr>`;
    container.innerHTML = `<table class="results" id="results-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
    container.querySelectorAll('th').forEach((th) => th.addEventListener('click', () => {
      const col = Number(th.dataset.col);
      state.dir = state.sortBy === col ? -state.dir : 1;
      state.sortBy = col;
      draw();
    }));
    if (pages > 1) {
      const from = state.page * PAGE_SIZE + 1;
      const to = Math.min(sorted.length, from + PAGE_SIZE - 1);
      pager.innerHTML = `<span class="muted">Rows ${from}–${to} of ${sorted.length}</span>
        <button type="button" data-go="prev" ${state.page === 0 ? 'disabled' : ''}>Previous</button>
        <span>Page ${state.page + 1} / ${pages}</span>
        <button type="button" data-go="next" ${state.page >= pages - 1 ? 'disabled' : ''}>Next</button>`;
      pager.querySelectorAll('button').forEach((b) => b.addEventListener('click', () => {
        state.page += b.dataset.go === 'next' ? 1 : -1;
        draw();
      }));
    } else {
      pager.innerHTML = '';
    }
  };
  draw();
}

function cell(value, numeric) {
  if (value === null || value === undefined) return '<td class="null">null</td>';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
}

/** Nulls last; numbers numerically; ISO dates chronologically; text by locale with numeric collation. */
export function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  const na = typeof a === 'number' ? a : Number(a);
  const nb = typeof b === 'number' ? b : Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** RFC 4180 CSV of the whole result (all pages): header row, quoted where needed, CRLF line ends. */
export function toCsv(result) {
  const quote = (v) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [(result.columns || []).map((c) => quote(c.name)).join(',')];
  for (const row of result.rows || []) lines.push(row.map(quote).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
