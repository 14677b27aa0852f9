// Automatic charts as plain SVG: a bar chart for label + numbers, a line chart on a time axis
// when the label is a date or timestamp.

import { escapeHtml } from './highlight.js';
import { isNumericType } from './table.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TIME_TYPE = /date|time/i;
const PERIOD_NAME = /year|month|day|hour|week|quarter|period/i;
const MAX_SERIES = 6;
const MAX_BARS = 60;

/**
 * What to draw for a result, or null when no chart fits: needs two or more rows, a label or time
 * column and at least one numeric column. Returns {kind, label, time, series: [index…], note}.
 */
export function chooseChart(result) {
  const columns = result.columns || [];
  const rows = result.rows || [];
  if (rows.length < 2 || columns.length < 2) return null;
  const values = (i) => rows.map((r) => r[i]).filter((v) => v !== null && v !== undefined);
  const numeric = columns.map((c, i) => {
    const vs = values(i);
    if (!vs.length) return false;
    if (TIME_TYPE.test(c.type || '') && !/interval/i.test(c.type || '')) return false;
    return vs.every((v) => typeof v === 'number') || (isNumericType(c.type) && vs.every((v) => !Number.isNaN(Number(v))));
  });
  const time = columns.map((c, i) => {
    const vs = values(i);
    if (!vs.length) return false;
    if (TIME_TYPE.test(c.type || '') && !/interval/i.test(c.type || '')) return vs.every((v) => typeof v === 'number' || ISO_DATE.test(String(v)));
    return vs.every((v) => typeof v === 'string' && ISO_DATE.test(v));
  });
  let label = time.indexOf(true);
  if (label < 0) label = numeric.findIndex((n) => !n);
  if (label < 0) {
    if (numeric.length >= 2 && PERIOD_NAME.test(columns[0].name)) label = 0;
    else return null;
  }
  let series = columns.map((_, i) => i).filter((i) => i !== label && numeric[i]);
  const withoutIds = series.filter((i) => !/^id$|_id$/i.test(columns[i].name));
  if (withoutIds.length) series = withoutIds;
  if (!series.length) return null;
  const note = [];
  if (series.length > MAX_SERIES) {
    note.push(`showing the first ${MAX_SERIES} of ${series.length} numeric columns`);
    series = series.slice(0, MAX_SERIES);
  }
  const isTime = time[label] === true;
  return { kind: isTime ? 'line' : 'bar', label, time: isTime, series, note: note.join('; ') };
}

/** Draws `spec` (from chooseChart, kind possibly overridden) for `result` into `container`. */
export function renderChart(container, result, spec) {
  const columns = result.columns;
  let rows = result.rows.filter((r) => r[spec.label] !== null && r[spec.label] !== undefined);
  const notes = spec.note ? [spec.note] : [];
  if (spec.time) {
    rows = [...rows].sort((a, b) => toTime(a[spec.label]) - toTime(b[spec.label]));
  }
  if (spec.kind === 'bar' && rows.length > MAX_BARS) {
    notes.push(`showing the first ${MAX_BARS} of ${rows.length} rows`);
    rows = rows.slice(0, MAX_BARS);
  }
  const W = 820;
  const H = 320;
  const labels = rows.map((r) => formatLabel(r[spec.label], spec.time));
  const longest = Math.max(...labels.map((l) => l.length));
  const rotate = spec.kind === 'bar' && (rows.length > 8 || longest * rows.length * 6.5 > W - 80);
  const m = { top: 16, right: 16, bottom: rotate ? Math.min(110, 24 + longest * 5) : 34, left: 58 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const nums = rows.flatMap((r) => spec.series.map((i) => Number(r[i]))).filter((v) => Number.isFinite(v));
  const [y0, y1, yTicks] = niceScale(Math.min(0, ...nums), Math.max(0, ...nums));
  const y = (v) => m.top + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
  const colour = (k) => `var(--series-${(k % MAX_SERIES) + 1})`;
  const parts = [];

  parts.push('<g class="grid">');
  for (const t of yTicks) parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(t)}" y2="${y(t)}"/>`);
  parts.push('</g><g class="axis">');
  for (const t of yTicks) parts.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end">${escapeHtml(formatNumber(t))}</text>`);
  parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(Math.max(y0, Math.min(0, y1)))}" y2="${y(Math.max(y0, Math.min(0, y1)))}"/>`);

  if (spec.kind === 'bar') {
    const band = pw / rows.length;
    const inner = band * 0.8;
    const bw = inner / spec.series.length;
    const step = Math.max(1, Math.ceil(rows.length / (rotate ? 40 : 16)));
    rows.forEach((r, k) => {
      const cx = m.left + band * k + band / 2;
      if (k % step === 0) {
        const text = escapeHtml(truncate(labels[k], 22));
        parts.push(rotate
          ? `<text transform="translate(${cx + 3},${m.top + ph + 10}) rotate(-40)" text-anchor="end">${text}</text>`
          : `<text x="${cx}" y="${m.top + ph + 18}" text-anchor="middle">${text}</text>`);
      }
    });
    parts.push('</g><g class="bars">');
    rows.forEach((r, k) => {
      spec.series.forEach((col, s) => {
        const v = Number(r[col]);
        if (!Number.isFinite(v)) return;
        const x = m.left + band * k + (band - inner) / 2 + bw * s;
        const top = y(Math.max(0, v));
        const h = Math.max(1, Math.abs(y(v) - y(0)));
        parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour(s)}" rx="2"><title>${escapeHtml(`${labels[k]} · ${columns[col].name}: ${formatNumber(v)}`)}</title></rect>`);
      });
    });
    parts.push('</g>');
  } else {
    const xs = spec.time ? rows.map((r) => toTime(r[spec.label])) : rows.map((_, k) => k);
    const xmin = Math.min(...xs);
    const xmax = Math.max(...xs);
    const x = (v) => m.left + (xmax === xmin ? pw / 2 : ((v - xmin) / (xmax - xmin)) * pw);
    if (spec.time) {
      for (const t of timeTicks(xmin, xmax)) {
        parts.push(`<line x1="${x(t.at)}" x2="${x(t.at)}" y1="${m.top + ph}" y2="${m.top + ph + 4}"/><text x="${x(t.at)}" y="${m.top + ph + 18}" text-anchor="middle">${escapeHtml(t.text)}</text>`);
      }
    } else {
      const step = Math.max(1, Math.ceil(rows.length / 12));
      rows.forEach((_, k) => {
        if (k % step === 0) parts.push(`<text x="${x(k)}" y="${m.top + ph + 18}" text-anchor="middle">${escapeHtml(truncate(labels[k], 16))}</text>`);
      });
    }
    parts.push('</g>');
    spec.series.forEach((col, s) => {
      const pts = rows.map((r, k) => [x(xs[k]), Number(r[col]), labels[k]]).filter((p) => Number.isFinite(p[1]));
      const d = pts.map((p, k) => `${k ? 'L' : 'M'}${p[0].toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
      parts.push(`<path class="line" d="${d}" fill="none" stroke="${colour(s)}" stroke-width="2"/>`);
      if (pts.length <= 120) {
        for (const p of pts) parts.push(`<circle class="dot" cx="${p[0].toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${colour(s)}"><title>${escapeHtml(`${p[2]} · ${columns[col].name}: ${formatNumber(p[1])}`)}</title></circle>`);
      }
    });
  }

  const legend = spec.series.map((col, s) => `<g transform="translate(${m.left + 8 + s * 150},${m.top + 2})"><rect width="10" height="10" rx="2" fill="${colour(s)}"/><text x="14" y="9">${escapeHtml(truncate(columns[col].name, 20))}</text></g>`).join('');
  const title = `${spec.kind === 'bar' ? 'Bar' : 'Line'} chart of ${spec.series.map((i) => columns[i].name).join(', ')} by ${columns[spec.label].name}`;
  container.innerHTML = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}" data-kind="${spec.kind}"><title>${escapeHtml(title)}</title>${parts.join('')}<g class="legend">${spec.series.length > 1 ? legend : ''}</g></svg>${notes.length ? `<div class="muted small">Chart ${escapeHtml(notes.join('; '))}.</div>` : ''}`;
}

export function toTime(v) {
  if (typeof v === 'number') return v;
  const s = String(v);
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);
}

function formatLabel(v, isTime) {
  if (isTime && typeof v === 'number') return new Date(v).toISOString().slice(0, 10);
  return String(v);
}

function truncate(s, n) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function formatNumber(v) {
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toLocaleString(undefined, { maximumFractionDigits: 2 })}M`;
  return v.toLocaleString(undefined, { maximumFractionDigits: 2 });
}

/** Rounds [lo, hi] outwards to a step of 1, 2 or 5 × 10^k with about five ticks. */
export function niceScale(lo, hi) {
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Math.round(t / step) * step);
  return [start, end, ticks];
}

const DAY = 86400000;

/** About six ticks on calendar boundaries (years, months, days or hours) between two instants. */
export function timeTicks(min, max) {
  const span = max - min;
  const ticks = [];
  if (span <= 0) return [{ at: min, text: new Date(min).toISOString().slice(0, 10) }];
  if (span > 3 * 365 * DAY) {
    const a = new Date(min).getUTCFullYear();
    const b = new Date(max).getUTCFullYear();
    const step = Math.max(1, Math.ceil((b - a) / 6));
    for (let yr = a; yr <= b + 1; yr += step) { const t = Date.UTC(yr, 0, 1); if (t >= min && t <= max) ticks.push({ at: t, text: String(yr) }); }
  } else if (span > 60 * DAY) {
    const d = new Date(min);
    let yr = d.getUTCFullYear();
    let mo = d.getUTCMonth();
    const months = Math.ceil(span / (30 * DAY));
    const step = Math.max(1, Math.ceil(months / 6));
    for (let k = 0; k < 200; k++) {
      const t = Date.UTC(yr, mo, 1);
      if (t > max) break;
      if (t >= min) ticks.push({ at: t, text: new Date(t).toLocaleString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }) });
      mo += step;
      if (mo > 11) { yr += Math.floor(mo / 12); mo %= 12; }
    }
  } else if (span > 2 * DAY) {
    const step = Math.max(1, Math.ceil(span / DAY / 6)) * DAY;
    for (let t = Math.ceil(min / DAY) * DAY; t <= max; t += step) ticks.push({ at: t, text: new Date(t).toLocaleString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }) });
  } else {
    const hour = 3600000;
    const step = Math.max(1, Math.ceil(span / hour / 6)) * hour;
    for (let t = Math.ceil(min / hour) * hour; t <= max; t += step) ticks.push({ at: t, text: new Date(t).toISOString().slice(11, 16) });
  }
  return ticks.length ? ticks : [{ at: min, text: new Date(min).toISOString().slice(0, 10) }, { at: max, text: new Date(max).toISOString().slice(0, 10) }];
}
