/**
 * The HTML trace: one self-contained page (no network), one lane per process (named where
 * registered), a virtual-time axis, messages as arrows from send to receive, links, monitors
 * and signals as dashed connectors, exits and faults highlighted, an event's full detail on
 * click, and a filter per process.
 *
 * Every user term reaches the page only as JSON data inside a `<script type="application/json">`
 * block (with `<`, `>`, `&` escaped) and is put on the page with `textContent`, never as markup,
 * so a message containing `<script>` shows as text.
 */
import type { TraceEvent } from '../src/index.js';
import { buildModel } from './html-model.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a `<script>` element. */
export function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
body{font:13px/1.3 ui-monospace,Menlo,Consolas,monospace;margin:0;color:#222;background:#fafafa}
header{padding:8px 12px;background:#263238;color:#eceff1}header pre{margin:4px 0 0;white-space:pre-wrap}
#filters{padding:6px 12px;border-bottom:1px solid #ccc;background:#fff}#filters label{margin-right:12px;white-space:nowrap}
#main{display:flex;align-items:flex-start}#chart{overflow:auto;flex:1;max-height:85vh}
#detail{width:34%;min-width:260px;max-height:85vh;overflow:auto;border-left:1px solid #ccc;background:#fff;padding:8px;white-space:pre-wrap;margin:0}
.ev{cursor:pointer}.ev text{font-size:11px}.ev:hover text{font-weight:bold}
.exit circle{fill:#c62828}.exit text{fill:#c62828;font-weight:bold}.crashReport circle{fill:#c62828}
.fault circle{fill:#ef6c00}.fault text{fill:#ef6c00;font-weight:bold}.fault rect.band{fill:#fff3e0}
.send circle{fill:#1565c0}.receive circle{fill:#2e7d32}.spawn circle{fill:#6a1b9a}
.sel text{text-decoration:underline}.lanehead{font-weight:bold;font-size:12px}
line.lane{stroke:#cfd8dc}line.arrow{stroke:#1565c0;stroke-width:1.2}line.connector{stroke:#8d6e63;stroke-dasharray:4 3}
text.time{fill:#607d8b;font-size:10px}
`;

const SCRIPT = `
(function(){
const data = JSON.parse(document.getElementById('trace-data').textContent);
const NS = 'http://www.w3.org/2000/svg', LW = 240, RH = 20, LEFT = 70, TOP = 34;
const shown = data.lanes.map(() => true);
const filters = document.getElementById('filters');
data.lanes.forEach((l, i) => {
  const lab = document.createElement('label');
  const cb = document.createElement('input');
  cb.type = 'checkbox'; cb.checked = true; cb.dataset.lane = String(i);
  cb.addEventListener('change', () => { shown[i] = cb.checked; draw(); });
  lab.appendChild(cb); lab.appendChild(document.createTextNode(' ' + l.label));
  filters.appendChild(lab);
});
const detail = document.getElementById('detail');
function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function draw() {
  const chart = document.getElementById('chart');
  chart.textContent = '';
  const lanes = []; data.lanes.forEach((l, i) => { if (shown[i]) lanes.push(i); });
  const x = new Map(lanes.map((l, k) => [l, LEFT + k * LW + 10]));
  const rows = []; data.rows.forEach((r, i) => { if (shown[r.lane]) rows.push(i); });
  const y = new Map(rows.map((r, k) => [r, TOP + k * RH + 10]));
  const svg = el('svg', { width: LEFT + lanes.length * LW + 20, height: TOP + rows.length * RH + 20, id: 'svg' }, chart);
  const defs = el('defs', {}, svg);
  const m = el('marker', { id: 'head', markerWidth: 8, markerHeight: 8, refX: 7, refY: 4, orient: 'auto' }, defs);
  el('path', { d: 'M0,0 L8,4 L0,8 z', fill: '#1565c0' }, m);
  lanes.forEach((l) => {
    el('line', { class: 'lane', x1: x.get(l), x2: x.get(l), y1: TOP - 6, y2: TOP + rows.length * RH + 10 }, svg);
    const t = el('text', { class: 'lanehead', x: x.get(l) - 6, y: 16 }, svg);
    t.textContent = data.lanes[l].label;
  });
  let lastTime = null;
  rows.forEach((ri) => {
    const r = data.rows[ri];
    if (r.time !== lastTime) { const t = el('text', { class: 'time', x: 4, y: y.get(ri) + 4 }, svg); t.textContent = r.time + 'ms'; lastTime = r.time; }
    if (r.to !== undefined && shown[r.to]) {
      const ty = r.toRow !== undefined && y.has(r.toRow) ? y.get(r.toRow) : y.get(ri);
      el('line', { class: r.edge, x1: x.get(r.lane), y1: y.get(ri), x2: x.get(r.to), y2: ty, 'marker-end': r.edge === 'arrow' ? 'url(#head)' : '' }, svg);
    }
  });
  rows.forEach((ri) => {
    const r = data.rows[ri];
    const g = el('g', { class: 'ev ' + r.kind, 'data-row': ri, 'data-lane': r.lane }, svg);
    if (r.kind === 'fault') el('rect', { class: 'band', x: LEFT, y: y.get(ri) - 9, width: lanes.length * LW, height: RH - 2 }, g);
    el('circle', { cx: x.get(r.lane), cy: y.get(ri), r: r.kind === 'exit' || r.kind === 'fault' ? 6 : 4 }, g);
    const t = el('text', { x: x.get(r.lane) + 9, y: y.get(ri) + 4 }, g);
    t.textContent = r.text.length > 34 ? r.text.slice(0, 33) + '…' : r.text;
    const title = el('title', {}, g); title.textContent = r.step + ' ' + r.time + 'ms ' + r.text;
    g.addEventListener('click', () => {
      document.querySelectorAll('.sel').forEach((s) => s.classList.remove('sel'));
      g.classList.add('sel');
      detail.textContent = 'step ' + r.step + ' at ' + r.time + 'ms\\n' + r.text + '\\n\\n' + r.detail;
    });
  });
}
draw();
})();
`;

/**
 * The trace as a self-contained HTML page.
 *
 * @example `writeFileSync('trace.html', renderHtml(result.trace, { title: 'seed 7' }))`
 */
export function renderHtml(trace: readonly TraceEvent[], meta: { title: string; summary?: readonly string[] }): string {
  const model = buildModel(trace);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(meta.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<header><strong>${escapeHtml(meta.title)}</strong><pre>${escapeHtml((meta.summary ?? []).join('\n'))}</pre></header>
<div id="filters">processes: </div>
<div id="main"><div id="chart"></div><pre id="detail">Click an event for its full detail.</pre></div>
<script type="application/json" id="trace-data">${scriptJson(model)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
