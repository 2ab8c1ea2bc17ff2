// The supervisor's board: live alerts, open conversations (sortable), any live transcript
// read-only, and today's endings and findings.
import { el, $, api, requireLogin, staffSocket, header, clock, seconds, describeFinding, ENDINGS, KINDS, SEVERITY } from './common.js';

const me = await requireLogin(['supervisor'], '主管登录');
const config = await api('/api/config');
let board = [], sortKey = 'waiting', sortDesc = true, watching = null, watched = new Map();
const alerts = [];

document.body.append(
  header('主管看板', me),
  el('div', { class: 'grid2' },
    el('section', { class: 'panel' },
      el('h3', {}, '实时告警 ', el('label', { class: 'muted' }, el('input', { type: 'checkbox', id: 'sound' }), ' 声音提醒')),
      el('div', { class: 'alerts', id: 'alerts' }, el('p', { class: 'muted', text: '暂无告警' }))),
    el('section', { class: 'panel' },
      el('h3', { text: '今日统计' }),
      el('div', { class: 'muted', text: '结束方式' }), el('div', { class: 'stats', id: 'endings' }),
      el('div', { class: 'muted', text: '发现项' }), el('div', { class: 'stats', id: 'kinds' })),
    el('section', { class: 'panel wide' },
      el('h3', { text: '进行中的会话' }),
      el('table', {}, el('thead', {}, el('tr', {},
        ...[['consultant', '咨询师'], ['department', '科室'], ['started', '开始'], ['waiting', '访客等待'], ['findings', '发现项']]
          .map(([k, label]) => el('th', { class: 'sortable', dataset: { key: k }, text: label, onclick: () => sortBy(k) })),
        el('th', { text: '' }))), el('tbody', { id: 'board' }))),
    el('section', { class: 'panel wide hidden', id: 'watch' },
      el('h3', { id: 'watch-title' }), el('div', { class: 'transcript', id: 'watch-transcript' }))));

const socket = staffSocket(f => {
  if (f.type === 'alert') addAlert(f);
  else if (f.type === 'transcript' && f.conversation === watching) {
    watched = new Map(f.messages.map(m => [m.seq, m]));
    renderWatch();
  } else if (f.type === 'message' && f.conversation === watching) {
    watched.set(f.seq, f);
    renderWatch();
  } else if (f.type === 'ended' && f.conversation === watching) {
    $('#watch-title').textContent += '（已结束：' + (ENDINGS[f.ending] || f.ending) + '）';
  }
}, () => {});

function beep() {
  const ctx = new AudioContext();
  const o = ctx.createOscillator();
  o.frequency.value = 880;
  o.connect(ctx.destination);
  o.start();
  o.stop(ctx.currentTime + 0.15);
}

function addAlert(a) {
  alerts.unshift(a);
  if (alerts.length > 200) alerts.pop();
  if ($('#sound').checked) beep();
  $('#alerts').replaceChildren(...alerts.map(x => el('div', { class: `alert ${x.finding.severity}` },
    el('span', { class: `badge ${x.finding.severity}`, text: SEVERITY[x.finding.severity] }), ' ',
    el('b', { text: describeFinding(x.finding) }), ' · ', x.consultant || '排队中', ' · ', x.department || '未分科室',
    ' · ', clock(x.finding.at), x.finding.matched ? el('div', { text: '“' + x.finding.matched + '”' }) : '')));
}

function waitingSeconds(row) { return row.waiting_since ? (Date.now() - Date.parse(row.waiting_since)) / 1000 : -1; }

function sortBy(k) {
  if (sortKey === k) sortDesc = !sortDesc; else { sortKey = k; sortDesc = k === 'waiting' || k === 'findings'; }
  renderBoard();
}

function renderBoard() {
  const value = r => sortKey === 'waiting' ? waitingSeconds(r) : sortKey === 'started' ? Date.parse(r.started) : r[sortKey];
  const rows = [...board].sort((a, b) => (value(a) > value(b) ? 1 : value(a) < value(b) ? -1 : 0) * (sortDesc ? -1 : 1));
  $('#board').replaceChildren(...(rows.length ? rows.map(r => {
    const w = waitingSeconds(r);
    const level = w >= config.idle_critical_seconds ? 'red' : w >= config.idle_warning_seconds ? 'amber' : '';
    return el('tr', {},
      el('td', { text: r.consultant || '排队中' }), el('td', { text: r.department || '未分科室' }), el('td', { text: clock(r.started) }),
      el('td', {}, el('span', { class: `wait ${level}`, text: w >= 0 ? seconds(w) : '—' })),
      el('td', { text: String(r.findings) }),
      el('td', {}, el('button', { class: 'secondary', text: '查看', onclick: () => watch(r) })));
  }) : [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: '当前没有进行中的会话' }))]));
}

function watch(r) {
  if (watching) socket.send({ type: 'unwatch', conversation: watching });
  watching = r.id;
  watched = new Map();
  $('#watch').classList.remove('hidden');
  $('#watch-title').textContent = `会话 ${r.id} · ${r.consultant || '排队中'} · ${r.department || '未分科室'}（只读）`;
  socket.send({ type: 'watch', conversation: r.id });
}

function renderWatch() {
  $('#watch-transcript').replaceChildren(...[...watched.values()].sort((a, b) => a.seq - b.seq).map(m =>
    el('div', { class: `msg ${m.from}` }, el('span', { class: 'meta', text: `${m.from === 'visitor' ? '访客' : '咨询师'} ${clock(m.at)}` }), m.text)));
}

async function refresh() {
  try {
    board = (await api('/api/board')).conversations;
    renderBoard();
    const midnight = new Date(); midnight.setHours(0, 0, 0, 0);
    const s = await api('/api/stats?from=' + encodeURIComponent(midnight.toISOString()));
    $('#endings').replaceChildren(...Object.entries(ENDINGS).map(([k, label]) => el('div', { class: 'stat', dataset: { ending: k } }, el('b', { text: String(s.endings[k] || 0) }), label)));
    $('#kinds').replaceChildren(...Object.entries(KINDS).map(([k, label]) => el('div', { class: 'stat' }, el('b', { text: String(s.findings[k] || 0) }), label)));
  } catch (_) { /* next round */ }
}
refresh();
setInterval(refresh, 2000);
