// The supervisor's board: live alerts grouped per conversation (one line per wait or phrase,
// escalating in place), each clickable to the live transcript with the flagged phrase
// highlighted, and acknowledgeable; open conversations (sortable, rows that hold still under
// the cursor); today's endings and findings. The alerts of the last hours come back from the
// server on open and on every reconnect (GET /api/alerts), so a reload or a server restart does not
// empty the board; an alert that also arrives live is the same line, not a second one.
import { el, $, api, requireLogin, staffSocket, header, clock, seconds, describeFinding, highlighted, notice,
         mergeFinding, ENDINGS, KINDS, SEVERITY, visitorLabel, keyedList } from './common.js';
import { staffRoster } from './supervisor_staff.js';
import { PRESENCE } from './console_presence.js';
import { cannedManager } from './supervisor_canned.js';

const me = await requireLogin(['supervisor'], '主管登录');
const config = await api('/api/config');
let board = [], sortKey = 'waiting', sortDesc = true, watching = null, watched = new Map();
let boardOrder = [];        // ids as last shown: kept while the cursor is over the table
let alertOrder = [];        // conversation ids of the alert groups as last shown
const groups = new Map();   // conversation -> {id, consultant, department, items: Map(key -> alert), last, ended}
const findingsOf = new Map();  // conversation -> findings seen (alerts and, while watching, finding frames)
// 知道了 is personal: "I have seen this alert at this severity". Each supervisor acknowledges for
// themself (a colleague's board still shows it until they do too), kept in this browser per
// account for two days, so a reload or a server restart keeps it; a wait that escalates after it
// was acknowledged is new again.
const ACK_KEY = `lingting.board.acked.${me.username}`;
const ACK_DAYS = 2;
const acked = new Map(Object.entries((() => { try { return JSON.parse(localStorage.getItem(ACK_KEY) || '{}'); } catch { return {}; } })())
  .filter(([, at]) => Date.now() - at < ACK_DAYS * 86400000));  // "conversation|alert line|severity" -> when
const SEV_RANK = { info: 0, warning: 1, critical: 2 };
const roster = staffRoster();
let lastAction = null;      // {kind, id, to, at}: what a bare bad_target / not_found answers

document.body.append(
  header('主管看板', me),
  el('div', { class: 'grid2' },
    el('section', { class: 'panel' },
      el('h3', { class: 'row wrap' }, el('span', {}, '实时告警 ', el('span', { class: 'count-badge', id: 'alerts-open', text: '0' })),
        el('label', { class: 'muted grow' }, el('input', { type: 'checkbox', id: 'sound' }), ' 声音提醒'),
        el('button', { type: 'button', class: 'secondary small', id: 'ack-all', text: '全部知道了', disabled: true,
                       title: '把当前所有告警标为已处理（新的告警照常出现）', onclick: () => acknowledgeAll() })),
      el('div', { class: 'alerts', id: 'alerts' }, el('p', { class: 'muted', text: '暂无告警' }))),
    el('section', { class: 'panel' },
      el('h3', { text: '今日统计' }),
      el('div', { class: 'muted', text: '结束方式' }), el('div', { class: 'stats', id: 'endings' }),
      el('div', { class: 'muted', text: '发现项' }), el('div', { class: 'stats', id: 'kinds' })),
    el('section', { class: 'panel wide' },
      el('h3', { text: '进行中的会话' }),
      el('div', { class: 'table-wrap' }, el('table', { id: 'board-table' }, el('thead', {}, el('tr', {},
        ...[['consultant', '咨询师'], ['visitor', '访客'], ['department', '科室'], ['keyword', '搜索关键词'], ['started', '开始'], ['waiting', '访客等待'], ['findings', '发现项']]
          .map(([k, label]) => k === 'visitor'  // named as on the consultant's console and in the alerts
            ? el('th', { text: label, title: '与咨询师工作台和告警中的名称相同' })
            : el('th', { class: 'sortable', dataset: { key: k }, text: label, onclick: () => sortBy(k) })),
        el('th', { text: '操作' }))), el('tbody', { id: 'board' })))),
    roster.element,
    cannedManager().element,
    el('section', { class: 'panel wide hidden', id: 'watch' },
      el('h3', { id: 'watch-title' }), el('div', { class: 'transcript', id: 'watch-transcript' }))));
import('./console_leads.js').then(m => m.mountLeads($('.grid2')));  // 留言: every lead (console_leads.js)

// Rows never move under the cursor: while the pointer is over a list, its order is frozen;
// values still update in place, and the new order applies when the pointer leaves.
const hovering = { board: false, alerts: false };
for (const [key, sel, redraw] of [['board', '#board-table', () => renderBoard()], ['alerts', '#alerts', () => renderAlerts()]]) {
  $(sel).addEventListener('mouseenter', () => { hovering[key] = true; });
  $(sel).addEventListener('mouseleave', () => { hovering[key] = false; redraw(); });
}

const socket = staffSocket(f => {
  if (roster.onFrame(f)) { if (!choosing()) renderBoard(); return; }
  if (f.type === 'alert') addAlert(f);
  else if (f.type === 'finding') addFinding(f.conversation, f.finding);
  else if (f.type === 'transcript' && f.conversation === watching) {
    watched = new Map(f.messages.map(m => [m.seq, m]));
    renderWatch();
    // A long conversation comes with its latest messages; the rest over the API.
    if (f.earlier) api('/api/conversations/' + encodeURIComponent(f.conversation)).then(full => {
      if (watching !== f.conversation) return;
      for (const m of full.messages) if (!watched.has(m.seq)) watched.set(m.seq, m);
      watched = new Map([...watched].sort((a, b) => a[0] - b[0]));
      renderWatch();
    }).catch(() => {});
  } else if (f.type === 'message' && f.conversation === watching) {
    watched.set(f.seq, f);
    renderWatch();
  } else if (f.type === 'ended' && f.conversation === watching) {
    watchedRow.ended = ENDINGS[f.ending] || f.ending;
    drawWatchTitle();
  } else if (f.type === 'error') {
    onError(f);
  }
}, up => {
  // The server forgets a socket's watches when it closes: a reconnected board asks again, or the
  // open transcript would silently stop following the conversation.
  if (up && watching) socket.send({ type: 'watch', conversation: watching });
  if (up) loadRecentAlerts().catch(err => notice(`加载最近的告警失败：${err.message || '请求失败'}`));
});

// A refused action is said with what was tried, and stays until dismissed.
function onError(f) {
  // An action has no answer when it succeeds, so an error soon after it is taken to be its own.
  const a = lastAction && Date.now() - lastAction.at < 5000 ? lastAction : null;
  lastAction = null;
  if (!a) return notice(f.message || '操作失败。');
  const what = a.kind === 'end' ? '结束会话' : a.kind === 'assign' ? `分配给“${a.to}”` : `转接给“${a.to}”`;
  const why = f.code === 'bad_target' ? '对方不在线或不存在' : f.code === 'ended' || f.code === 'not_found' ? '会话已结束或不存在' : f.message;
  notice(`${what}失败：${why}。（${visitorLabel(a.id)}）`);
}

// A choice open in the table (a consultant being picked): redrawing would take the list away.
const choosing = () => document.activeElement?.tagName === 'SELECT' && $('#board').contains(document.activeElement);
let armedEnd = null;        // {id, until}: an end button clicked once, waiting for the confirming click
const chosen = new Map();    // conversation id -> consultant picked in its row (kept over redraws)

// Supervisor actions on a board row: end a conversation, transfer it, assign a queued visitor.
// Transfer and assignment are the `transfer` frame (a queued conversation has no consultant yet).
// Made with the row; what changes (the colleagues to pick from, the armed end) is set in place by
// showActions, so no refresh replaces a button under the supervisor's mouse.
function rowActions(r) {
  const pick = el('select', { class: 'pick', title: r.consultant ? '转给哪位咨询师' : '分配给哪位咨询师' });
  pick.addEventListener('change', () => chosen.set(r.id, pick.value));
  const move = el('button', { class: 'secondary', text: r.consultant ? '转接' : '分配', onclick: () => {
    const to = pick.value;
    if (!to) return notice(r.consultant ? '请先选择要转给的咨询师。' : '请先选择要分配给的咨询师。');
    const kind = r.consultant ? 'transfer' : 'assign';
    lastAction = { kind, id: r.id, to, at: Date.now() };
    chosen.delete(r.id);
    const frame = { type: 'transfer', conversation: r.id, to, note: r.consultant ? `主管 ${me.username} 转接` : `主管 ${me.username} 分配` };
    if (!socket.send(frame)) return notice('连接中断，操作未发出，请稍后重试。');
    document.activeElement?.blur();
    setTimeout(refresh, 300);
  } });
  // Ending needs a second click: a slip of the mouse must not end a visitor's conversation. The
  // armed state outlives the table's redraws (every 2 s).
  const end = el('button', { class: 'danger end', text: '结束', onclick: () => {
    if (!(armedEnd && armedEnd.id === r.id && armedEnd.until > Date.now())) {
      armedEnd = { id: r.id, until: Date.now() + 4000 };
      end.textContent = '确认结束';
      setTimeout(() => { if (armedEnd?.id === r.id && armedEnd.until <= Date.now()) { armedEnd = null; renderBoard(); } }, 4100);
      return;
    }
    armedEnd = null;
    lastAction = { kind: 'end', id: r.id, at: Date.now() };
    if (!socket.send({ type: 'end', conversation: r.id })) return notice('连接中断，操作未发出，请稍后重试。');
    setTimeout(refresh, 300);
  } });
  return el('div', { class: 'row-actions' },
    el('button', { class: 'secondary', text: '查看', onclick: () => watch(r) }), pick, move, end);
}

function showActions(actions, r) {
  const pick = actions.querySelector('select.pick'), end = actions.querySelector('button.end');
  const choices = roster.choices(r.consultant);
  const options = JSON.stringify(choices.map(s => [s.name, s.state, s.load, s.max]));
  // The list is not redrawn while it is open (choosing()): a refresh would take it away.
  if (pick.__options !== options && document.activeElement !== pick) {
    pick.__options = options;
    pick.replaceChildren(el('option', { value: '', text: choices.length ? (r.consultant ? '转给…' : '分配给…') : '无在线咨询师' }),
      ...choices.map(s => el('option', { value: s.name, text: `${s.name}（${PRESENCE[s.state]} ${s.load}/${s.max}）` })));
    pick.value = choices.some(s => s.name === chosen.get(r.id)) ? chosen.get(r.id) : '';
  }
  const armed = armedEnd && armedEnd.id === r.id && armedEnd.until > Date.now();
  if (end.textContent !== (armed ? '确认结束' : '结束')) end.textContent = armed ? '确认结束' : '结束';
}

function beep() {
  const ctx = new AudioContext();
  const o = ctx.createOscillator();
  o.frequency.value = 880;
  o.connect(ctx.destination);
  o.start();
  o.stop(ctx.currentTime + 0.15);
}

// An alert line stands for one thing: one wait (an idle gap escalating from warning to critical)
// or one phrase in one message. A later step replaces the earlier line.
const findingKey = f => f.kind === 'idle_gap' || f.kind === 'slow_first_response'
  ? `${f.kind}:${f.seq}` : `${f.kind}:${f.rule}:${f.seq}:${f.begin}:${f.end}`;

function addFinding(conversation, f) {
  const list = findingsOf.get(conversation) || [];
  if (!list.some(x => findingKey(x) === findingKey(f) && x.at === f.at && x.rule === f.rule)) mergeFinding(list, f);
  findingsOf.set(conversation, list);
  if (conversation === watching) renderWatch();
}

// One alert line per wait or phrase: the same alert again (read back after a reload, or live and
// from the server both) changes nothing; a higher severity replaces the line. Returns whether it
// was news. `stored`: read back from the server, so it rings no bell.
function addAlert(a, stored = false) {
  addFinding(a.conversation, a.finding);
  let g = groups.get(a.conversation);
  if (!g) {
    g = { id: a.conversation, items: new Map(), last: 0 };
    groups.set(a.conversation, g);
  }
  if (!stored || !g.consultant) {
    g.consultant = a.consultant;
    g.department = a.department;
  }
  g.last = Math.max(g.last, stored ? Date.parse(a.finding.at) : Date.now());
  const key = findingKey(a.finding);
  const old = g.items.get(key);
  const news = !old || SEV_RANK[a.finding.severity] > SEV_RANK[old.finding.severity];
  if (news) g.items.set(key, { ...a, escalated: !!old });
  if (groups.size > 100) {  // keep the newest hundred conversations
    const oldest = [...groups.values()].sort((x, y) => x.last - y.last)[0];
    groups.delete(oldest.id);
  }
  if (news && !stored && $('#sound').checked) beep();
  if (!stored) renderAlerts();
  return news;
}

// The alerts of the last hours, as the server stored them: on open and after every reconnect
// (alerts raised while the socket was down are not lost either).
async function loadRecentAlerts() {
  const r = await api('/api/alerts');
  for (const a of [...r.alerts].reverse()) addAlert(a, true);  // oldest first, as they happened
  for (const [id, at] of Object.entries(r.ended || {})) if (groups.has(id)) groups.get(id).ended = at;
  renderAlerts();
}

const ackId = (g, a) => `${g.id}|${findingKey(a.finding)}|${a.finding.severity}`;
const isAcked = g => [...g.items.values()].every(a => acked.has(ackId(g, a)));

function saveAcks() {
  try { localStorage.setItem(ACK_KEY, JSON.stringify(Object.fromEntries(acked))); } catch { /* storage full or off: this page still remembers */ }
}

function acknowledge(g) {
  for (const a of g.items.values()) acked.set(ackId(g, a), Date.now());
  saveAcks();
  renderAlerts();
}

// After a busy hour (or a restart that ended every chat) there may be dozens of groups: one
// click acknowledges what is on screen now; anything that arrives later is new again.
function acknowledgeAll() {
  for (const g of groups.values()) for (const a of g.items.values()) acked.set(ackId(g, a), Date.now());
  saveAcks();
  renderAlerts();
}

function renderAlerts() {
  const open = [...groups.values()].filter(g => !isAcked(g)).length;
  $('#alerts-open').textContent = String(open);
  $('#alerts-open').classList.toggle('hot', open > 0);
  $('#alerts-open').title = `${open} 个会话的告警未处理`;
  $('#ack-all').disabled = !open;
  // Unacknowledged first, the most severe and most recent on top; acknowledged ones below.
  const rank = g => [isAcked(g) ? 1 : 0, -Math.max(...[...g.items.values()].map(a => SEV_RANK[a.finding.severity])), -g.last];
  const cmp = (x, y) => { const a = rank(x), b = rank(y); for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]; return 0; };
  let order = [...groups.values()].sort(cmp).map(g => g.id);
  if (hovering.alerts) order = [...alertOrder.filter(id => groups.has(id)), ...order.filter(id => !alertOrder.includes(id))];
  alertOrder = order;
  if (!order.length) return $('#alerts').replaceChildren(el('p', { class: 'muted', text: '暂无告警' }));
  // Keyed: each alert used to redraw every group (a busy hour's dozens of them, per alert) and
  // replace the node under a supervisor's click; now a group is drawn again only when what it
  // shows changed.
  keyedList($('#alerts'), order.map(id => groups.get(id)), g => g.id, alertGroupSignature, alertGroup);
}

const alertItems = g => [...g.items.values()].sort((a, b) => Date.parse(b.finding.at) - Date.parse(a.finding.at));

function alertGroupSignature(g) {
  return JSON.stringify([g.consultant, g.department, g.ended, isAcked(g), alertItems(g).map(a =>
    [a.finding.severity, describeFinding(a.finding), a.escalated, a.finding.at, a.finding.matched])]);
}

function alertGroup(g) {
  const id = g.id;
  // The group as it is at the click (a node kept across redraws may outlive its group object).
  const now = () => groups.get(id) || g;
  const open = () => watch({ id, consultant: now().consultant, department: now().department });
  const items = alertItems(g);
  const worst = items.reduce((w, a) => SEV_RANK[a.finding.severity] > SEV_RANK[w] ? a.finding.severity : w, 'info');
  const done = isAcked(g);
  return el('div', { class: `alert-group ${worst}${done ? ' acked' : ''}`, dataset: { conversation: id } },
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'link grow', title: `查看这个会话（${id}）`, onclick: open },
        `${g.consultant || '排队中'} · ${g.department || '未分科室'} · ${visitorLabel(id)}${g.ended ? '（已结束）' : ''}`),
      done ? el('span', { class: 'muted', text: '已处理' })
           : el('button', { type: 'button', class: 'secondary small ack', text: '知道了', onclick: () => acknowledge(now()) })),
    ...items.map(a => el('div', { class: `alert ${a.finding.severity}`, title: '点击查看会话', onclick: open },
      el('span', { class: `badge ${a.finding.severity}`, text: SEVERITY[a.finding.severity] }), ' ',
      el('b', { text: describeFinding(a.finding) }), a.escalated ? el('span', { class: 'muted', text: '（已升级）' }) : '',
      ' · ', clock(a.finding.at), a.finding.matched ? el('div', { text: '“' + a.finding.matched + '”' }) : '')));
}

function waitingSeconds(row) { return row.waiting_since ? (Date.now() - Date.parse(row.waiting_since)) / 1000 : -1; }

function sortBy(k) {
  if (sortKey === k) sortDesc = !sortDesc; else { sortKey = k; sortDesc = k === 'waiting' || k === 'findings'; }
  hovering.board = false;  // a click on a heading asks for the new order now
  renderBoard();
}

function renderBoard() {
  const value = r => sortKey === 'waiting' ? waitingSeconds(r) : sortKey === 'started' ? Date.parse(r.started) : r[sortKey];
  let rows = [...board].sort((a, b) => (value(a) > value(b) ? 1 : value(a) < value(b) ? -1 : 0) * (sortDesc ? -1 : 1));
  if (hovering.board) {
    const byId = new Map(rows.map(r => [r.id, r]));
    rows = [...boardOrder.filter(id => byId.has(id)).map(id => byId.get(id)), ...rows.filter(r => !boardOrder.includes(r.id))];
  }
  boardOrder = rows.map(r => r.id);
  // Keyed by conversation: a row is made again only when who holds it or where it came from
  // changed; its clock, counts and actions are set in place (showBoardRow).
  keyedList($('#board'), rows.length ? rows : [{ empty: true }],
    r => r.empty ? '#empty' : r.id,
    r => r.empty ? '' : JSON.stringify([r.consultant, r.department, r.keyword, r.started]),
    r => r.empty ? el('tr', {}, el('td', { colspan: 8, class: 'muted', text: '当前没有进行中的会话' })) : boardRow(r),
    (tr, r) => { if (!r.empty) showBoardRow(tr, r); });
}

// data-label: on a phone each row is a card, every value under its column's name (app.css).
function boardRow(r) {
  return el('tr', { dataset: { id: r.id } },
    el('td', { class: 'board-consultant', dataset: { label: '咨询师' } }, r.consultant || '排队中'),
    el('td', { class: 'board-visitor', title: '会话 ' + r.id, text: visitorLabel(r.id) }),  // says 访客 itself
    el('td', { dataset: { label: '科室' }, text: r.department || '未分科室' }),
    el('td', { class: 'board-keyword', dataset: { label: '搜索关键词' }, text: r.keyword || '—' }),
    el('td', { dataset: { label: '开始' }, text: clock(r.started) }),
    el('td', { dataset: { label: '访客等待' } }, el('span', { class: 'wait' })),
    el('td', { class: 'board-findings', dataset: { label: '发现项' } }),
    el('td', { class: 'board-actions' }, rowActions(r)));
}

function showBoardRow(tr, r) {
  // A consultant whose connection is gone still holds the chat for the grace: the visitor waits
  // on nobody, which the supervisor can see here and act on (转接).
  const gone = !!r.consultant && !roster.connected(r.consultant);
  const who = tr.querySelector('.board-consultant');
  const badge = who.querySelector('.consultant-gone');
  if (gone && !badge) who.append(el('span', { class: 'state offline consultant-gone', title: '该咨询师已断开连接，访客暂时无人接待', text: '离线' }));
  else if (!gone && badge) badge.remove();
  const w = waitingSeconds(r);
  const level = w >= config.idle_critical_seconds ? 'red' : w >= config.idle_warning_seconds ? 'amber' : '';
  const wait = tr.querySelector('.wait');
  if (wait.className !== `wait ${level}`) wait.className = `wait ${level}`;
  const waitText = w >= 0 ? seconds(w) : '—';
  if (wait.textContent !== waitText) wait.textContent = waitText;
  const findings = tr.querySelector('.board-findings');
  if (findings.textContent !== String(r.findings)) findings.textContent = String(r.findings);
  showActions(tr.querySelector('.row-actions'), r);
}

function watch(r) {
  lastAction = null;  // an error from here on is the watch's, not an earlier action's
  if (watching && watching !== r.id) socket.send({ type: 'unwatch', conversation: watching });
  watching = r.id;
  watched = new Map();
  $('#watch').classList.remove('hidden');
  watchedRow = { consultant: r.consultant, department: r.department, ended: '' };
  drawWatchTitle();
  $('#watch-transcript').replaceChildren(el('p', { class: 'muted', text: '正在载入…' }));
  if (!socket.send({ type: 'watch', conversation: r.id })) notice('连接中断，暂时无法查看会话，请稍后重试。');
  $('#watch').scrollIntoView({ block: 'nearest' });
}

// The watched conversation's title names who holds it now: after a transfer (this supervisor's or
// a consultant's) the board's next refresh renames it, instead of naming the first consultant.
let watchedRow = null;      // {consultant, department, ended}
function drawWatchTitle() {
  const r = watchedRow;
  $('#watch-title').textContent = `${visitorLabel(watching)} · ${r.consultant || '排队中'} · ${r.department || '未分科室'}（只读）`
    + (r.ended ? `（已结束：${r.ended}）` : '');
  $('#watch-title').title = '会话 ' + watching;  // the full id, to copy
}
function followWatchedRow() {
  const r = watching && watchedRow && !watchedRow.ended && board.find(x => x.id === watching);
  if (r && r.consultant !== watchedRow.consultant) {
    watchedRow.consultant = r.consultant;
    drawWatchTitle();
  }
}

// Keyed by seq: a message arriving adds its node and leaves the others (and a supervisor's text
// selection in them) alone; a reply is drawn again only when its findings change.
function renderWatch() {
  const bySeq = new Map();
  for (const f of findingsOf.get(watching) || []) if (f.seq) (bySeq.get(f.seq) || bySeq.set(f.seq, []).get(f.seq)).push(f);
  const transcript = $('#watch-transcript');
  const before = new Set(transcript.children);
  const nodes = keyedList(transcript, [...watched.values()].sort((a, b) => a.seq - b.seq),
    m => 's' + m.seq,
    m => JSON.stringify([m.from, m.text, m.at, bySeq.get(m.seq) || []]),
    m => el('div', { class: `msg ${m.from}`, dataset: { seq: String(m.seq) } },
      el('span', { class: 'meta', text: `${m.from === 'visitor' ? '访客' : '咨询师'} ${clock(m.at)}` }),
      ...(m.from === 'consultant' ? highlighted(m.text, bySeq.get(m.seq) || []) : [m.text])));
  // A reply newly flagged is brought into view, not the first flagged one at every message.
  const flagged = nodes.filter(n => !before.has(n)).map(n => n.querySelector('mark')).find(Boolean);
  if (flagged) flagged.scrollIntoView({ block: 'nearest' });
}

// A failing refresh is said once (it stays until dismissed), not once every two seconds.
let refreshNotice = null;
async function refresh() {
  try {
    board = (await api('/api/board')).conversations;
    followWatchedRow();
    // Not while a choice in the table is being made: the list it is picking from stays put.
    if (!choosing()) renderBoard();
    const midnight = new Date(); midnight.setHours(0, 0, 0, 0);
    const s = await api('/api/stats?from=' + encodeURIComponent(midnight.toISOString()));
    $('#endings').replaceChildren(...Object.entries(ENDINGS).map(([k, label]) => el('div', { class: 'stat', dataset: { ending: k } }, el('b', { text: String(s.endings[k] || 0) }), label)));
    $('#kinds').replaceChildren(...Object.entries(KINDS).map(([k, label]) => el('div', { class: 'stat' }, el('b', { text: String(s.findings[k] || 0) }), label)));
    refreshNotice?.remove();  // working again: the error must not go on saying otherwise
    refreshNotice = null;
  } catch (err) {
    if (!refreshNotice || !refreshNotice.isConnected) refreshNotice = notice(`看板刷新失败：${err.message || '请求失败'}（每 2 秒自动重试）`);
  }
}
refresh();
setInterval(refresh, 2000);
