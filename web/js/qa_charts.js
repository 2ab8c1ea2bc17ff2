// Charts for the QA page, drawn as SVG by the page itself (no library, no build step).

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

// A round upper bound for the axis: 1, 2, 5 × 10^n.
function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// Findings per 100 consultant messages by day: one bar per day (days as the API returns them,
// oldest first), the value above each bar, a marker on days with a confirmed critical.
// points: [{day: 'YYYY-MM-DD', value, critical: bool, empty: bool (no conversations that day)}]
export function trendChart(points, { title = '' } = {}) {
  const W = 720, H = 220, left = 40, right = 12, top = 20, bottom = 34;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'trend', role: 'img', 'aria-label': title });
  root.append(svg('title', {}, title));
  if (!points.length) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, '所选时间内没有会话'));
    return root;
  }
  const max = niceMax(Math.max(...points.map(p => p.value)));
  const plotW = W - left - right, plotH = H - top - bottom;
  const y = v => top + plotH - (v / max) * plotH;
  for (const t of [0, max / 2, max]) {
    root.append(svg('line', { x1: left, x2: W - right, y1: y(t), y2: y(t), class: 'grid' }));
    root.append(svg('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'axis' }, String(+t.toFixed(1))));
  }
  const step = plotW / points.length;
  const barW = Math.max(4, Math.min(36, step * 0.6));
  const labelEvery = Math.ceil(points.length / 12);  // at most ~12 date labels, never overlapping
  points.forEach((p, i) => {
    const cx = left + step * (i + 0.5);
    const g = svg('g', { class: `bar${p.critical ? ' critical' : ''}${p.empty ? ' empty' : ''}`, 'data-day': p.day });
    g.append(svg('title', {}, p.empty ? `${p.day}：没有会话`
      : `${p.day}：每 100 条消息 ${p.value.toFixed(1)} 个发现项${p.critical ? '（有已确认的严重问题）' : ''}`));
    if (!p.empty) g.append(svg('rect', { x: cx - barW / 2, y: y(p.value), width: barW, height: Math.max(0, y(0) - y(p.value)), rx: 2 }));
    if (points.length <= 16 && !p.empty) g.append(svg('text', { x: cx, y: y(p.value) - 4, 'text-anchor': 'middle', class: 'value' }, p.value.toFixed(1)));
    if (i % labelEvery === 0) g.append(svg('text', { x: cx, y: H - bottom + 16, 'text-anchor': 'middle', class: 'axis' }, p.day.slice(5)));
    root.append(g);
  });
  return root;
}
