// A small SQL highlighter: keywords, functions, strings, numbers and comments as escaped HTML.

const KEYWORDS = new Set((
  'select from where and or not in is null like ilike between join inner left right full outer cross on using ' +
  'group by order having limit offset fetch first next rows row only as distinct all union intersect except ' +
  'case when then else end with recursive asc desc nulls last exists any some true false interval ' +
  'insert into values update set delete create alter drop table view index cast over partition filter ' +
  'window lateral natural top date time timestamp'
).split(' '));

const TOKEN = new RegExp([
  '(--[^\\n]*|\\/\\*[\\s\\S]*?(?:\\*\\/|$))', // 1 comment
  "('(?:[^']|'')*'?)", // 2 string
  '("(?:[^"]|"")*"?|`[^`]*`?)', // 3 quoted identifier
  '(\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b)', // 4 number
  '([A-Za-z_][\\w$]*)(?=\\s*\\()', // 5 function call
  '([A-Za-z_][\\w$]*)', // 6 word
].join('|'), 'g');

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The SQL text as HTML with <span class="tok-…"> around each recognised token. */
export function highlightSql(sql) {
  let html = '';
  let last = 0;
  TOKEN.lastIndex = 0;
  let m;
  while ((m = TOKEN.exec(sql)) !== null) {
    html += escapeHtml(sql.slice(last, m.index));
    const text = escapeHtml(m[0]);
    if (m[1]) html += `<span class="tok-cmt">${text}</span>`;
    else if (m[2]) html += `<span class="tok-str">${text}</span>`;
    else if (m[3]) html += text;
    else if (m[4]) html += `<span class="tok-num">${text}</span>`;
    else if (m[5]) html += KEYWORDS.has(m[5].toLowerCase()) ? `<span class="tok-kw">${text}</span>` : `<span class="tok-fn">${text}</span>`;
    else if (m[6]) html += KEYWORDS.has(m[6].toLowerCase()) ? `<span class="tok-kw">${text}</span>` : text;
    last = TOKEN.lastIndex;
  }
  html += escapeHtml(sql.slice(last));
  // A trailing newline needs content after it or the <pre> is one line shorter than the textarea.
  return html.endsWith('\n') || html === '' ? `${html} ` : html;
}
