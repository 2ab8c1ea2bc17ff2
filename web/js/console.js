// The consultant's console: the queue, several conversations ordered by urgency, live waiting
// clocks, the pre-send check of the draft (a button only where the lexicon has a replacement),
// findings beside sent messages, end, transfer. Nothing typed is lost: a refused or unconfirmed
// reply goes back into the draft, and drafts and findings survive a reload of the tab.
import { el, $, api, requireLogin, staffSocket, header, clock, seconds, describeFinding, notice, withPhones,
         mergeFinding, SEVERITY, visitorLabel, endedText, keyedList } from './common.js';
import { saved, alerter } from './console_alerts.js';
import { LiveList } from './live_list.js';
import { presenceControl, colleagueChoices } from './console_presence.js';
import { cannedReplies } from './console_canned.js';
import { onVisit, forgetVisit, visitorPanel, panelSignature } from './console_visitor_panel.js';

const me = await requireLogin(['consultant'], '咨询师登录');
const config = await api('/api/config');
// id -> {id, department, started, messages: Map(seq->msg), findings: [], pending: Map(id->text),
//        ended, handedOn, unread, visitorTypingUntil}
// handedOn {to, reason, at}: the chat went to a colleague; it stays in the history, read-only.
const conversations = new Map();
const HISTORY_KEPT = 30;       // ended conversations kept in the collapsible history (handed-on ones as many again)
const TYPING_EVERY_MS = 2000;  // at most one `typing` frame per conversation per 2 s
const lastTypingSent = new Map();
const queue = new LiveList('conversation');
const browsing = new LiveList('visitor');
// Browsing visitors this consultant has invited: their 邀请 stays 已邀请 through every redraw (it
// was only on the button before, and the next frame drew it as 邀请 again). Forgotten when the
// visitor leaves the list.
const invited = new Set();
let active = saved.get('active');
let checkTimer = null;
let draftFor = null;          // whose draft the textarea holds (none until its conversation arrives)
let lastAction = null;
let lastSay = null;            // {conversation, id} of the reply sent last         // {kind, to, at}: which request a bare bad_target answers
const alerts = alerter(me.username);

document.body.append(
  header('咨询师工作台', me, { leaving: () => {
    const open = [...conversations.values()].filter(c => !done(c)).length;
    return open ? `${open} 个会话将转给同事` : '';
  } }),
  el('div', { class: 'console' },
    el('aside', { class: 'side' },
      el('section', { class: 'panel' }, el('div', { id: 'presence-slot' })),
      el('section', { class: 'panel' }, el('h3', { text: '排队中的访客' }), el('ul', { class: 'list', id: 'queue' })),
      el('section', { class: 'panel' },
        el('h3', { class: 'row' }, el('span', { class: 'grow', text: '我的会话' }), alerts.controls),
        el('ul', { class: 'list convs', id: 'mine' }),
        el('details', { id: 'history' }, el('summary', { id: 'history-title', text: '已结束' }),
          el('ul', { class: 'list convs', id: 'ended-list' }))),
      el('section', { class: 'panel', id: 'browsing-panel' }, el('h3', { text: '正在浏览网站的访客' }), el('ul', { class: 'list', id: 'browsing' }))),
    el('main', { class: 'chat', id: 'chat' },
      el('div', { id: 'visitor-panel' }),
      el('div', { class: 'transcript', id: 'transcript' }, el('p', { class: 'muted', text: '请选择左侧的会话。' })),
      el('div', { class: 'typing', id: 'typing' }),
      el('div', { class: 'composer' },
        // 4,000 characters stay under the server's 16 KiB frame limit even in CJK (3 bytes each).
        el('textarea', { id: 'draft', rows: 3, maxlength: 4000, placeholder: '输入回复，发送前会自动检查用语', disabled: true }),
        el('div', { id: 'checks' }),
        el('div', { class: 'row wrap' },
          el('span', { class: 'grow muted', id: 'activeinfo' }),
          el('input', { id: 'transfer-to', placeholder: '转给同事（用户名）', size: 14 }),
          el('input', { id: 'transfer-note', placeholder: '转接说明（可选）', size: 18, maxLength: 150 }),
          el('button', { class: 'secondary', id: 'transfer', text: '转接', disabled: true }),
          el('button', { class: 'danger', id: 'end', text: '结束会话', disabled: true }),
          el('button', { id: 'send', text: '发送', disabled: true }))))));

// 留言: leads (console_leads.js). A new one is said at once, with the bell when the tab is away.
import('./console_leads.js').then(m => m.mountLeads($('.side'), { onNew: l => {
  const what = `${l.name || '（未留姓名）'} · ${l.department}`;
  const n = notice(`新留言：${what}，请在“留言”中查看并回电（点此查看）。`, 'info');
  n.classList.add('lead-notice');
  n.addEventListener('click', e => {
    if (e.target.closest('.close')) return;
    document.querySelector(`#leads li[data-id="${CSS.escape(String(l.id))}"]`)?.scrollIntoView({ block: 'center' });
  });
  alerts.raise('新留言', what, 'lead-' + l.id, () => {});
} }));

let online = true;
const socket = staffSocket(onFrame, up => {
  online = up;
  presence.connection(up);
  $('#activeinfo').textContent = up ? '' : '连接中断，正在重连…';
  if (up) render();
});

const presence = presenceControl(f => socket.send(f));
$('#presence-slot').replaceWith(presence.element);
colleagueChoices($('#transfer-to'), me.username);
// Before the draft's own listeners: in `/` mode, Enter picks a canned reply instead of sending.
const canned = cannedReplies({ draft: $('#draft'), inserted: () => {
  if (draftFor) saved.set('draft.' + draftFor, $('#draft').value);
  check();  // an inserted canned reply is checked like any draft
} });
$('#draft').before(canned.popup);
$('#checks').after(canned.panel);

// Why a reply was refused, said so the consultant knows what to do; the draft is kept.
const REFUSED = {
  rate_limited: '发送太快，服务器暂未接收。草稿已保留，请稍后再发送。',
  blocked: '该消息含有不当用语，未发送。草稿已保留，请修改后再发送。',
  unavailable: '服务器暂时无法保存消息，未发送。草稿已保留，请重新发送。',
  too_large: '消息太长，未发送。草稿已保留，请分段发送。',
  ended: '会话已结束，消息未发送。',
  forbidden: '您已不再接待该会话，消息未发送。',
  not_found: '会话不存在或已转给他人，消息未发送。',
};

function conversation(id) {
  let c = conversations.get(id);
  if (!c) {
    c = { id, department: '', started: null, messages: new Map(), findings: saved.get('findings.' + id) || [],
          pending: new Map(), ended: null, handedOn: null, unread: 0, visitorTypingUntil: 0 };
    conversations.set(id, c);
  }
  return c;
}

function onFrame(f) {
  if (f.type === 'visit') return onVisit(f, render) && render();  // the visitor panel
  switch (f.type) {
    case 'assigned': {
      const isNew = !conversations.has(f.conversation) && !saved.known(f.conversation);
      if (f.transfer) notice(`${f.transfer.from} 转来一个会话${f.transfer.note ? '：' + f.transfer.note : '。'}`, 'info');
      const c = conversation(f.conversation);
      c.department = f.department;
      c.started = f.started;
      c.ended = null;
      c.handedOn = null;  // handed back: ours again
      for (const m of f.messages) c.messages.set(m.seq, m);
      // A long conversation comes with its latest messages; the earlier ones over the API.
      if (f.earlier) api('/api/conversations/' + encodeURIComponent(c.id)).then(full => {
        for (const m of full.messages) if (!c.messages.has(m.seq)) c.messages.set(m.seq, m);
        c.messages = new Map([...c.messages].sort((a, b) => a[0] - b[0]));
        render();
      }).catch(() => {});
      // After a reconnect: a reply that reached the store is in the transcript; any other was
      // lost with the socket and goes back into the draft.
      for (const [id, text] of c.pending) {
        if (f.messages.some(m => m.id === id)) c.pending.delete(id);
        else refused(c, id, text, '连接中断时这条回复未被确认，已放回草稿，请重新发送。');
      }
      saved.remember(c.id);
      if (isNew) {
        // A conversation may arrive with the visitor's first words already in it.
        const said = f.messages.filter(m => m.from === 'visitor');
        if (!alerts.focused()) c.unread += said.length;
        alerts.raise('新的咨询会话', said.length ? said.at(-1).text.slice(0, 60) : `${c.department || '未分科室'}的访客接入`, c.id, select);
      }
      // After a reload the conversation open before comes back selected, with its draft.
      if (c.id === active) select(c.id);
      else if (!conversations.has(active) && !saved.known(active)) select(c.id);
      else if (isNew && done(conversations.get(active))) select(c.id);  // nothing left to do in the ended one
      break;
    }
    case 'unassigned': {
      const c = conversations.get(f.conversation);
      if (c) for (const [id, text] of c.pending) refused(c, id, text, '会话已转出，这条回复未发送。');
      // Whom it went to is known when this tab sent the transfer; the frame does not say.
      const mine = lastAction?.kind === 'transfer' && lastAction.conversation === f.conversation;
      if (c) {
        // The chat stays in the history, read-only and marked as handed on, so the consultant can
        // still see what was said (and to whom it went); its draft is of no use any more.
        c.handedOn = { to: mine ? lastAction.to : '', reason: f.reason, at: Date.now() };
        c.visitorTypingUntil = 0;
        c.unread = 0;
        saved.remove('draft.' + c.id);
        trimHandedOn();
      }
      // One notice, naming the chat: this tab's own transfer, or one made elsewhere (a supervisor's
      // from the board, another tab of this consultant) that the consultant did not see coming.
      if (mine) {
        notice(`会话已转接给 ${lastAction.to}。`, 'info', { timeout: 6000 });
        // Done: the next chat does not start with this one's colleague and note filled in.
        $('#transfer-to').value = $('#transfer-note').value = '';
        lastAction = null;
      }
      else notice(`${visitorLabel(f.conversation)} 已交给其他同事接待。`, 'info', { timeout: 6000 });
      if (active === f.conversation) select(null);
      break;
    }
    case 'queue_state': queue.snapshot(f.queue, f.total); break;
    case 'queue_add': queue.upsert(f.entry, f.total); break;
    case 'queue_remove': queue.remove(f.conversation, f.total); break;
    case 'browsing_list':
      browsing.snapshot(f.visitors, f.total);
      for (const id of invited) if (!browsing.map.has(id)) invited.delete(id);
      break;
    case 'browsing_update': browsing.upsert(f.visitor, f.total); break;
    case 'browsing_remove': browsing.remove(f.visitor, f.total); invited.delete(f.visitor); break;
    case 'message': {
      const c = conversations.get(f.conversation);
      if (!c) return;
      c.messages.set(f.seq, f);
      if (f.from === 'visitor') {
        c.visitorTypingUntil = 0;
        if (c.id !== active || !alerts.focused()) c.unread++;
        alerts.raise('访客新消息', f.text.slice(0, 60), c.id, select);
      }
      break;
    }
    case 'typing': {
      const c = conversations.get(f.conversation);
      if (!c || f.from !== 'visitor') return;
      c.visitorTypingUntil = Date.now() + 4000;
      setTimeout(render, 4100);
      break;
    }
    case 'ack': {
      for (const c of conversations.values()) {
        const text = c.pending.get(f.id);
        if (text === undefined) continue;
        c.pending.delete(f.id);
        c.messages.set(f.seq, { seq: f.seq, from: 'consultant', text, at: f.at, id: f.id });
      }
      break;
    }
    case 'finding': {
      const c = conversations.get(f.conversation);
      if (!c) return;
      mergeFinding(c.findings, f.finding);
      saved.set('findings.' + c.id, c.findings);
      break;
    }
    case 'check_result':
      if (f.conversation === active) showChecks(f.findings);
      return;
    case 'ended': {
      const c = conversations.get(f.conversation);
      if (!c) return;
      c.ended = { ending: f.ending, at: Date.now(), closedBy: f.closed_by, by: f.by };
      c.visitorTypingUntil = 0;
      saved.remove('draft.' + c.id);
      trimHistory();
      break;
    }
    case 'presence': presence.update(f); return;
    case 'error': onError(f); break;
    default: return;
  }
  render();
}

function onError(f) {
  // A frame over the size limit is refused before it is read, so its error has no id: it is the
  // reply sent last, if that one is still unconfirmed.
  if (!f.id && f.code === 'too_large' && lastSay && conversations.get(lastSay.conversation)?.pending.has(lastSay.id)) f = { ...f, id: lastSay.id };
  if (f.id) {
    for (const c of conversations.values()) {
      const text = c.pending.get(f.id);
      if (text === undefined) continue;
      refused(c, f.id, text, REFUSED[f.code] || `消息未发送：${f.message}`);
      if (f.code === 'blocked' && c.id === active) showChecks(f.findings || []);
      return;
    }
  }
  if (f.code === 'bad_target' && lastAction && Date.now() - lastAction.at < 10000) {
    notice(lastAction.kind === 'transfer'
      ? `转接失败：同事“${lastAction.to}”不在线或不存在。（${f.message}）`
      : `接待失败：该访客已不在排队中。（${f.message}）`);
    lastAction = null;
    return;
  }
  notice(f.message || '操作失败。');
}

// A reply that did not go out: back into its conversation's draft, ahead of anything typed since.
function refused(c, id, text, why) {
  c.pending.delete(id);
  const current = c.id === draftFor ? $('#draft').value : (saved.get('draft.' + c.id) || '');
  const draft = current.trim() ? text + '\n' + current : text;
  saved.set('draft.' + c.id, draft);
  if (c.id === draftFor) $('#draft').value = draft;
  notice(`${why}（“${text.length > 30 ? text.slice(0, 30) + '…' : text}”）`);
}

// Over for this consultant: ended, or handed on to a colleague. Read-only, in the history.
const done = c => !!(c && (c.ended || c.handedOn));
const handedLabel = c => c.handedOn.to ? `转给 ${c.handedOn.to}` : '已转出';        // the history's badge
const handedText = c => c.handedOn.to ? `会话已转给 ${c.handedOn.to}` : '会话已转出';

function select(id) {
  if (endArmed && endArmed.id !== id) disarmEnd();  // armed for another conversation: not this one
  if (draftFor && conversations.has(draftFor)) saved.set('draft.' + draftFor, $('#draft').value);
  active = id;
  draftFor = conversations.has(id) ? id : null;
  keepActive();
  const c = conversations.get(id);
  if (c) c.unread = 0;
  $('#draft').value = (id && saved.get('draft.' + id)) || '';
  $('#checks').replaceChildren();
  if ($('#draft').value.trim()) check();
  render();
}

// The conversation to open again after a reload: only one the server will send again. An ended or
// handed-on one never comes back, and waiting for it left a reloaded console with nothing selected
// beside the chats still open.
function keepActive() {
  saved.set('active', active && !done(conversations.get(active)) ? active : null);
}

// When the visitor's current wait began (their first message since our last reply), or null.
function waitingSince(c) {
  if (done(c)) return null;
  let since = null;
  for (const m of [...c.messages.values()].sort((a, b) => a.seq - b.seq)) {
    if (m.from === 'consultant') since = null;
    else if (m.from === 'visitor' && !since) since = m.at;
  }
  return since;
}

function lastMessage(c) {
  let last = null;
  for (const m of c.messages.values()) if (!last || m.seq > last.seq) last = m;
  return last;
}

// The waiting clock, set on its badge in place: it ticks every second, and a new badge each tick
// would be a node replaced under the consultant's mouse.
function showWait(badge, c) {
  const since = waitingSince(c);
  const s = since ? (Date.now() - Date.parse(since)) / 1000 : 0;
  const level = !since ? '' : s >= config.idle_critical_seconds ? 'red' : s >= config.idle_warning_seconds ? 'amber' : '';
  const cls = `wait ${level}`, text = since ? '等待 ' + seconds(s) : '';
  if (badge.className !== cls) badge.className = cls;
  if (badge.textContent !== text) badge.textContent = text;
  return badge;
}

// Urgency: visitors waiting for an answer first, the longest wait on top; then the others,
// most recent activity first.
function byUrgency(a, b) {
  const wa = waitingSince(a), wb = waitingSince(b);
  if (wa && wb) return Date.parse(wa) - Date.parse(wb);
  if (wa || wb) return wa ? -1 : 1;
  const la = lastMessage(a), lb = lastMessage(b);
  return Date.parse(lb?.at || b.started || 0) - Date.parse(la?.at || a.started || 0);
}

function trimHistory() {
  const ended = [...conversations.values()].filter(c => c.ended).sort((a, b) => b.ended.at - a.ended.at);
  for (const c of ended.slice(HISTORY_KEPT)) {
    if (c.id === active) continue;
    conversations.delete(c.id);
    saved.forget(c.id);
  }
}

// Handed-on chats are kept like ended ones, at most HISTORY_KEPT of them, the oldest forgotten.
function trimHandedOn() {
  const handed = [...conversations.values()].filter(c => c.handedOn && !c.ended).sort((a, b) => b.handedOn.at - a.handedOn.at);
  for (const c of handed.slice(HISTORY_KEPT)) {
    if (c.id === active) continue;
    conversations.delete(c.id);
    forgetVisit(c.id);
    saved.forget(c.id);
  }
}

// When it left the consultant's hands, for the history's order.
const doneAt = c => Math.max(c.ended?.at || 0, c.handedOn?.at || 0);

function convPreview(c) {
  const last = lastMessage(c);
  const typing = c.visitorTypingUntil > Date.now();
  return { typing, preview: typing ? '访客正在输入…' : last ? `${last.from === 'visitor' ? '' : '我：'}${last.text}` : '' };
}

// A conversation's item is made once and then set in place (showConv): typing that starts and stops,
// a message, the unread count, an ending or a hand-over never replace the node under the
// consultant's mouse, so a click between mouse-down and mouse-up is never lost. Only a change of
// department (a transfer across departments) draws it anew.
const convSignature = c => JSON.stringify([c.department]);

function convItem(c) {
  return el('li', { dataset: { id: c.id }, onclick: () => select(c.id) },
    el('span', { class: 'conv-main' },
      el('span', { class: 'conv-title', title: '会话 ' + c.id }, visitorLabel(c.id), el('span', { class: 'muted', text: ' · ' + (c.department || '未分科室') })),
      el('span', { class: 'preview' })),
    el('span', { class: 'conv-side' }, el('span', { class: 'wait', dataset: { conversation: c.id } })));
}

// An optional child of `parent` (made by `make` when wanted, removed when not), kept ahead of `before`.
function optionalChild(parent, selector, wanted, make, before) {
  let node = parent.querySelector(':scope > ' + selector);
  if (!wanted) { node?.remove(); return null; }
  if (!node) node = parent.insertBefore(make(), before);
  return node;
}

function showConv(node, c) {
  const { typing, preview } = convPreview(c);
  const cls = `clickable${c.id === active ? ' active' : ''}${done(c) ? ' ended' : ''}${c.handedOn ? ' handed-on' : ''}`;
  if (node.className !== cls) node.className = cls;
  const p = node.querySelector('.preview');
  const pcls = `preview${typing ? ' typing-now' : ''}`;
  if (p.className !== pcls) p.className = pcls;
  setText(p, preview);
  const side = node.querySelector('.conv-side'), wait = side.querySelector('.wait');
  const unread = optionalChild(side, '.unread', c.unread > 0, () => el('span', { class: 'unread', title: '未读消息' }), side.firstChild);
  if (unread) setText(unread, String(c.unread));
  const handed = c.handedOn && !c.ended;
  const badge = optionalChild(side, '.badge', handed || c.ended, () => el('span', { class: 'badge' }), wait);
  if (badge) {
    const bcls = handed ? 'badge handed' : 'badge';
    if (badge.className !== bcls) badge.className = bcls;
    setText(badge, handed ? handedLabel(c) : '已结束');
  }
  wait.hidden = !!badge;
  showWait(wait, c);
}

// A list's one muted line (暂无排队, 另有 3 位排队中) as an item of its keyed list.
const MUTED = Symbol('muted');
const muted = text => ({ [MUTED]: text });
const mutedKey = item => '#' + item[MUTED];
const mutedItem = item => el('li', { class: 'muted', text: item[MUTED] });
const elapsed = since => seconds((Date.now() - Date.parse(since)) / 1000);
const setText = (node, text) => { if (node && node.textContent !== text) node.textContent = text; };

function queueItem(q) {
  return el('li', { dataset: { id: q.conversation } },
    el('span', { title: '会话 ' + q.conversation }, `${visitorLabel(q.conversation)} · ${q.department || '未分科室'}`, el('br'), el('span', { class: 'wait' })),
    el('button', { class: 'secondary', text: '接待', onclick: () => {
      if (!socket.send({ type: 'take', conversation: q.conversation })) return notice('连接中断，未能接待，请稍后重试。');
      lastAction = { kind: 'take', at: Date.now() };
    } }));
}

function browsingItem(b) {
  const sent = invited.has(b.visitor);
  return el('li', {},
    el('span', {}, b.title || b.url || '（尚未报告页面）', el('br'),
      ...(b.keyword ? [el('span', { class: 'browsing-keyword', text: `搜索词：${b.keyword}` }), el('br')] : []),
      el('span', { class: 'muted' })),
    el('button', { class: 'secondary', text: sent ? '已邀请' : '邀请', disabled: sent, onclick: e => {
      // Shown as 已邀请 only once it went out: over a dropped connection nothing reached the visitor.
      if (!socket.send({ type: 'invite', visitor: b.visitor })) return notice('连接中断，邀请未发出，请稍后重试。');
      invited.add(b.visitor);
      e.target.disabled = true;
      e.target.textContent = '已邀请';
      render();
    } }));
}

// A stored message in the transcript, with the findings on it (a consultant's reply).
function messageNode(m, findings) {
  return el('div', { class: `msg ${m.from}` },
    el('span', { class: 'meta', text: `${m.from === 'visitor' ? '访客' : m.from === 'system' ? '系统'
      : m.author && m.author !== me.username ? `咨询师 ${m.author}` : '我'} ${clock(m.at)}` }),
    ...withPhones(m.text),
    ...findings.map(f => el('div', {
      class: `finding-note ${f.severity}`, text: `${SEVERITY[f.severity]}：${describeFinding(f)}${hint(f) ? '，建议：' + hint(f) : ''}` })));
}

function render() {
  const queued = queue.items(), browsers = browsing.items();
  // The elapsed times are set in place: they are not part of a signature, or every item would be
  // new at every frame.
  keyedList($('#queue'), queued.length ? [...queued, ...(queue.hidden ? [muted(`另有 ${queue.hidden} 位排队中`)] : [])] : [muted('暂无排队')],
    q => q[MUTED] ? mutedKey(q) : 'q:' + q.conversation,
    q => q[MUTED] ? '' : JSON.stringify([q.department]),
    q => q[MUTED] ? mutedItem(q) : queueItem(q),
    (node, q) => { if (!q[MUTED]) setText(node.querySelector('.wait'), '排队 ' + elapsed(q.since)); });

  keyedList($('#browsing'), browsers.length ? browsers : [muted('暂无')],
    b => b[MUTED] ? mutedKey(b) : 'b:' + b.visitor,
    b => b[MUTED] ? '' : JSON.stringify([b.title, b.url, b.keyword, invited.has(b.visitor)]),
    b => b[MUTED] ? mutedItem(b) : browsingItem(b),
    (node, b) => { if (!b[MUTED]) setText(node.querySelector(':scope > span > .muted:last-child'), `${b.department || '未分科室'} · 浏览 ${elapsed(b.since)}`); });

  const open = [...conversations.values()].filter(c => !done(c)).sort(byUrgency);
  const ended = [...conversations.values()].filter(done).sort((a, b) => doneAt(b) - doneAt(a));
  const show = (node, c) => { if (c.id) showConv(node, c); };
  keyedList($('#mine'), open.length ? open : [muted('暂无进行中的会话')],
    c => c[MUTED] ? mutedKey(c) : 'c:' + c.id, c => c[MUTED] ? '' : convSignature(c), c => c[MUTED] ? mutedItem(c) : convItem(c), show);
  setText($('#history-title'), ended.some(c => c.handedOn) ? `已结束或转出的会话（${ended.length}）` : `已结束的会话（${ended.length}）`);
  $('#history').classList.toggle('hidden', !ended.length);
  keyedList($('#ended-list'), ended, c => 'c:' + c.id, convSignature, convItem, show);
  alerts.setUnread([...conversations.values()].reduce((n, c) => n + c.unread, 0));

  const c = conversations.get(active);
  keepActive();
  for (const id of ['draft', 'send', 'end', 'transfer']) $('#' + id).disabled = !c || done(c);
  setText($('#typing'), c && c.visitorTypingUntil > Date.now() ? '访客正在输入…' : '');
  // The visitor panel is drawn again only when what it shows changed (not at every typing frame).
  keyedList($('#visitor-panel'), c ? [c] : [], x => 'v:' + x.id, panelSignature, visitorPanel);
  if (!c) {
    // Nothing selected (e.g. the chat was just transferred away): the footer must not go on naming it.
    if (online) setText($('#activeinfo'), '');
    $('#activeinfo').title = '';
    keyedList($('#transcript'), [muted('请选择左侧的会话。')], mutedKey, () => '', m => el('p', { class: 'muted', text: m[MUTED] }));
    return;
  }
  canned.setDepartment(c.department);
  if (online) setText($('#activeinfo'), c.ended ? endedText(c.ended, me.username) : c.handedOn ? `${handedText(c)}（只读）`
    : `${c.department || '未分科室'} · ${visitorLabel(c.id)}`);
  $('#activeinfo').title = '会话 ' + c.id;
  const bySeq = new Map();
  for (const f of c.findings) if (f.seq) (bySeq.get(f.seq) || bySeq.set(f.seq, []).get(f.seq)).push(f);
  // The transcript keyed by seq (a reply being sent by its id): a message already shown keeps its
  // node, so text selected to copy survives the next frame. Its findings are in its signature.
  const lines = [...c.messages.values()].sort((a, b) => a.seq - b.seq).map(m => {
    const findings = m.from === 'consultant' ? (bySeq.get(m.seq) || []) : [];
    return { key: `${c.id}:m:${m.seq}`, signature: JSON.stringify([m.from, m.author, m.at, m.text, findings]),
             create: () => messageNode(m, findings) };
  });
  for (const [id, text] of c.pending) lines.push({ key: `${c.id}:p:${id}`, signature: text,
    create: () => el('div', { class: 'msg consultant pending', dataset: { id } }, el('span', { class: 'meta', text: '发送中' }), text) });
  if (c.ended) {
    const text = endedText(c.ended, me.username);
    lines.push({ key: `${c.id}:end`, signature: text, create: () => el('div', { class: 'msg system ended-note', text }) });
  } else if (c.handedOn) {
    const text = `${handedText(c)}，此后的消息不在这里显示`;
    lines.push({ key: `${c.id}:end`, signature: text, create: () => el('div', { class: 'msg system handed-note', text }) });
  }
  const t = $('#transcript');
  const atBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 40 || t.dataset.for !== c.id;
  keyedList(t, lines, l => l.key, l => l.signature, l => l.create());
  t.dataset.for = c.id;
  if (atBottom) t.scrollTop = t.scrollHeight;
}

// What to show as the suggestion: a replacement (can stand in the reply) or advice (coaching).
// Older servers send only `suggestion`; it is shown as advice, never inserted.
const hint = f => f.replacement || f.advice || f.suggestion || '';

function showChecks(findings, heading) {
  const box = $('#checks');
  if (!findings.length && !heading) return box.replaceChildren();
  box.replaceChildren(heading ? el('div', { class: 'error-text', text: heading }) : '', ...findings.map(f => el('div', { class: `finding ${f.severity}` },
    el('span', { class: `badge ${f.severity}`, text: SEVERITY[f.severity] }), ' ', describeFinding(f),
    f.matched && f.kind !== 'terse_reply' ? `：“${f.matched}”` : '',
    typeof f.replacement === 'string' && f.replacement && f.matched && f.category !== 'profanity'
      ? el('button', { class: 'secondary suggest', text: '改为“' + f.replacement + '”', onclick: () => apply(f) })
      : hint(f) ? el('span', { class: 'advice muted', text: '  ' + hint(f) }) : '')));
}

function apply(f) {
  const draft = $('#draft');
  const chars = Array.from(draft.value);
  if (chars.slice(f.begin, f.end).join('') === f.matched) {
    chars.splice(f.begin, f.end - f.begin, f.replacement);
    draft.value = chars.join('');
  } else {
    draft.value = draft.value.replace(f.matched, f.replacement);
  }
  saved.set('draft.' + active, draft.value);
  check();
  draft.focus();
}

function check() {
  const text = $('#draft').value;
  if (!text.trim() || !active) return showChecks([]);
  socket.send({ type: 'check', conversation: active, text });
}

// The pre-send check runs once typing pauses (and not on half-composed pinyin), so a fast typist
// spends a few frames on it, not one per key.
const CHECK_AFTER_MS = 400;
const scheduleCheck = () => { clearTimeout(checkTimer); checkTimer = setTimeout(check, CHECK_AFTER_MS); };
$('#draft').addEventListener('compositionend', scheduleCheck);
$('#draft').addEventListener('input', e => {
  if (!draftFor) return;
  saved.set('draft.' + draftFor, $('#draft').value);
  if (!e.isComposing) scheduleCheck();
  // The typing indicator is a courtesy; it must never spend the budget the reply itself needs.
  const now = Date.now();
  if (now - (lastTypingSent.get(active) || 0) >= TYPING_EVERY_MS && $('#draft').value.trim()) {
    lastTypingSent.set(active, now);
    socket.send({ type: 'typing', conversation: active });
  }
});
$('#draft').addEventListener('keydown', e => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
});
$('#send').addEventListener('click', send);
// 结束会话 sits beside 发送: ending is final for the visitor (and a consultant ending without a
// closing question counts as 主动结束), so it takes a second click within 4 s, as on the board.
let endArmed = null;  // {id, until}
$('#end').addEventListener('click', () => {
  if (!active) return;
  if (!(endArmed && endArmed.id === active && endArmed.until > Date.now())) {
    endArmed = { id: active, until: Date.now() + 4000 };
    $('#end').textContent = '确认结束';
    setTimeout(() => { if (endArmed && endArmed.until <= Date.now()) disarmEnd(); }, 4100);
    return;
  }
  disarmEnd();
  socket.send({ type: 'end', conversation: active });
});
function disarmEnd() { endArmed = null; $('#end').textContent = '结束会话'; }
$('#transfer').addEventListener('click', () => {
  const to = $('#transfer-to').value.trim();
  if (!to) return notice('请输入要转给的同事的用户名。');
  if (!active) return;
  lastAction = { kind: 'transfer', to, conversation: active, at: Date.now() };
  const note = $('#transfer-note').value.trim();
  // The name and the note stay until the server has moved the chat ('unassigned'): a refused
  // transfer (colleague offline, a typo in the name) is corrected and sent again, not retyped.
  if (!socket.send({ type: 'transfer', conversation: active, to, note })) notice('连接中断，转接未发出，请稍后重试。');
});

function send() {
  const c = conversations.get(active);
  const text = $('#draft').value.trim();
  if (!c || !text) return;
  const id = 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  if (!socket.send({ type: 'say', conversation: c.id, text, id })) {
    notice('连接中断，消息未发送。草稿已保留，连接恢复后请重新发送。');
    return;
  }
  c.pending.set(id, text);
  lastSay = { conversation: c.id, id };
  c.unread = 0;
  $('#draft').value = '';
  saved.remove('draft.' + c.id);
  $('#checks').replaceChildren();
  render();
}

// The waiting clocks tick every second.
setInterval(() => {
  for (const c of conversations.values()) {
    const badge = document.querySelector(`.wait[data-conversation="${CSS.escape(c.id)}"]`);
    if (badge) showWait(badge, c);
  }
}, 1000);

alerts.onFocus(() => {
  const c = conversations.get(active);
  if (c && c.unread) { c.unread = 0; render(); }
});
