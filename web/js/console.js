// The consultant's console: queue, several conversations, live waiting clocks, the pre-send
// check of the draft with one-click suggestions, findings beside sent messages, end, transfer.
import { el, $, api, requireLogin, staffSocket, header, clock, seconds, describeFinding, SEVERITY } from './common.js';
import { LiveList } from './live_list.js';

const me = await requireLogin(['consultant'], '咨询师登录');
const config = await api('/api/config');
const conversations = new Map();  // id -> {id, department, messages: Map(seq->msg), findings: [], pending: Map, ended}
const queue = new LiveList('conversation');
const browsing = new LiveList('visitor');
let active = null;
let checkTimer = null;

document.body.append(
  header('咨询师工作台', me),
  el('div', { class: 'console' },
    el('aside', { class: 'side' },
      el('section', { class: 'panel' }, el('h3', { text: '排队中的访客' }), el('ul', { class: 'list', id: 'queue' })),
      el('section', { class: 'panel' }, el('h3', { text: '我的会话' }), el('ul', { class: 'list', id: 'mine' })),
      el('section', { class: 'panel' }, el('h3', { text: '正在浏览网站的访客' }), el('ul', { class: 'list', id: 'browsing' }))),
    el('main', { class: 'chat', id: 'chat' },
      el('div', { class: 'transcript', id: 'transcript' }, el('p', { class: 'muted', text: '请选择左侧的会话。' })),
      el('div', { class: 'composer' },
        el('textarea', { id: 'draft', rows: 3, placeholder: '输入回复，发送前会自动检查用语', disabled: true }),
        el('div', { id: 'checks' }),
        el('div', { class: 'row' },
          el('span', { class: 'grow muted', id: 'activeinfo' }),
          el('input', { id: 'transfer-to', placeholder: '转给同事(用户名)', size: 14 }),
          el('button', { class: 'secondary', id: 'transfer', text: '转接', disabled: true }),
          el('button', { class: 'danger', id: 'end', text: '结束会话', disabled: true }),
          el('button', { id: 'send', text: '发送', disabled: true }))))));

const socket = staffSocket(onFrame, up => { $('#activeinfo').textContent = up ? '' : '连接中断，正在重连…'; });

function onFrame(f) {
  switch (f.type) {
    case 'assigned': {
      const c = { id: f.conversation, department: f.department, messages: new Map(), findings: [], pending: new Map(), ended: null };
      for (const m of f.messages) c.messages.set(m.seq, m);
      conversations.set(c.id, c);
      if (!active) select(c.id);
      break;
    }
    case 'unassigned':
      conversations.delete(f.conversation);
      if (active === f.conversation) active = null;
      break;
    case 'queue_state': queue.snapshot(f.queue, f.total); break;
    case 'queue_add': queue.upsert(f.entry, f.total); break;
    case 'queue_remove': queue.remove(f.conversation, f.total); break;
    case 'browsing_list': browsing.snapshot(f.visitors, f.total); break;
    case 'browsing_update': browsing.upsert(f.visitor, f.total); break;
    case 'browsing_remove': browsing.remove(f.visitor, f.total); break;
    case 'message': {
      const c = conversations.get(f.conversation);
      if (c) c.messages.set(f.seq, f);
      break;
    }
    case 'ack': {
      for (const c of conversations.values()) {
        const p = c.pending.get(f.id);
        if (!p) continue;
        c.pending.delete(f.id);
        c.messages.set(f.seq, { seq: f.seq, from: 'consultant', text: p, at: f.at, id: f.id });
      }
      break;
    }
    case 'finding': {
      const c = conversations.get(f.conversation);
      if (c) c.findings.push(f.finding);
      break;
    }
    case 'check_result': showChecks(f.findings); return;
    case 'ended': {
      const c = conversations.get(f.conversation);
      if (c) c.ended = f.ending;
      break;
    }
    case 'error': {
      for (const c of conversations.values()) c.pending.delete(f.id);
      if (f.code === 'blocked') showChecks(f.findings, '消息未发送：' + f.message);
      else $('#activeinfo').textContent = f.message;
      break;
    }
    default: return;
  }
  render();
}

function select(id) {
  active = id;
  $('#draft').value = '';
  $('#checks').replaceChildren();
  render();
}

// The visitor's current unanswered wait, from the transcript.
function waitingSince(c) {
  let since = null;
  for (const m of [...c.messages.values()].sort((a, b) => a.seq - b.seq)) {
    if (m.from === 'consultant') since = null;
    else if (m.from === 'visitor' && !since) since = m.at;
  }
  return c.ended ? null : since;
}

function waitBadge(c) {
  const since = waitingSince(c);
  if (!since) return el('span', { class: 'wait', text: '' });
  const s = (Date.now() - Date.parse(since)) / 1000;
  const level = s >= config.idle_critical_seconds ? 'red' : s >= config.idle_warning_seconds ? 'amber' : '';
  return el('span', { class: `wait ${level}`, dataset: { conversation: c.id }, text: '等待 ' + seconds(s) });
}

function render() {
  const queued = queue.items(), browsers = browsing.items();
  $('#queue').replaceChildren(...(queued.length ? queued.map(q => el('li', {},
    el('span', {}, q.department || '未分科室', el('br'), el('span', { class: 'wait', text: '排队 ' + seconds((Date.now() - Date.parse(q.since)) / 1000) })),
    el('button', { class: 'secondary', text: '接待', onclick: () => socket.send({ type: 'take', conversation: q.conversation }) })))
    .concat(queue.hidden ? [el('li', { class: 'muted', text: `另有 ${queue.hidden} 位排队中` })] : [])
    : [el('li', { class: 'muted', text: '暂无排队' })]));

  $('#browsing').replaceChildren(...(browsers.length ? browsers.map(b => el('li', {},
    el('span', {}, b.title || b.url, el('br'), el('span', { class: 'muted', text: `${b.department || '未分科室'} · 浏览 ${seconds((Date.now() - Date.parse(b.since)) / 1000)}` })),
    el('button', { class: 'secondary', text: '邀请', onclick: e => {
      socket.send({ type: 'invite', visitor: b.visitor });
      e.target.disabled = true;
      e.target.textContent = '已邀请';
    } })))
    : [el('li', { class: 'muted', text: '暂无' })]));

  const mine = [...conversations.values()];
  $('#mine').replaceChildren(...(mine.length ? mine.map(c => el('li', {
    class: `clickable${c.id === active ? ' active' : ''}`, onclick: () => select(c.id) },
    el('span', {}, `访客 ${c.id.slice(0, 6)}`, el('br'), el('span', { class: 'muted', text: c.department || '未分科室' })),
    c.ended ? el('span', { class: 'badge', text: '已结束' }) : waitBadge(c)))
    : [el('li', { class: 'muted', text: '暂无会话' })]));

  const c = conversations.get(active);
  for (const id of ['draft', 'send', 'end', 'transfer']) $('#' + id).disabled = !c || !!c.ended;
  if (!c) return;
  $('#activeinfo').textContent = c.ended ? '会话已结束' : `${c.department || '未分科室'} · 会话 ${c.id}`;
  const bySeq = new Map();
  for (const f of c.findings) if (f.seq) (bySeq.get(f.seq) || bySeq.set(f.seq, []).get(f.seq)).push(f);
  const nodes = [...c.messages.values()].sort((a, b) => a.seq - b.seq).map(m => el('div', { class: `msg ${m.from}` },
    el('span', { class: 'meta', text: `${m.from === 'visitor' ? '访客' : '我'} ${clock(m.at)}` }), m.text,
    ...(m.from === 'consultant' ? (bySeq.get(m.seq) || []) : []).map(f => el('div', {
      class: `finding-note ${f.severity}`, text: `${SEVERITY[f.severity]}：${describeFinding(f)}${f.suggestion ? '，建议：' + f.suggestion : ''}` }))));
  for (const [id, text] of c.pending) nodes.push(el('div', { class: 'msg consultant pending', dataset: { id } }, el('span', { class: 'meta', text: '发送中' }), text));
  if (c.ended) nodes.push(el('div', { class: 'msg system', text: '会话已结束' }));
  const t = $('#transcript');
  t.replaceChildren(...nodes);
  t.scrollTop = t.scrollHeight;
}

function showChecks(findings, heading) {
  const box = $('#checks');
  if (!findings.length && !heading) return box.replaceChildren();
  box.replaceChildren(heading ? el('div', { class: 'error-text', text: heading }) : '', ...findings.map(f => el('div', { class: `finding ${f.severity}` },
    el('span', { class: `badge ${f.severity}`, text: SEVERITY[f.severity] }), ' ', describeFinding(f),
    f.matched && f.kind !== 'terse_reply' ? `：“${f.matched}”` : '',
    f.suggestion && f.matched && (f.kind === 'forbidden_phrase' || f.kind === 'typo') && f.category !== 'profanity'
      ? el('button', { class: 'secondary suggest', text: '改为“' + f.suggestion + '”', onclick: () => apply(f) })
      : f.suggestion ? el('span', { class: 'muted', text: '  ' + f.suggestion }) : '')));
}

function apply(f) {
  const draft = $('#draft');
  const chars = Array.from(draft.value);
  if (chars.slice(f.begin, f.end).join('') === f.matched) {
    chars.splice(f.begin, f.end - f.begin, f.suggestion);
    draft.value = chars.join('');
  } else {
    draft.value = draft.value.replace(f.matched, f.suggestion);
  }
  check();
  draft.focus();
}

function check() {
  const text = $('#draft').value;
  if (!text.trim()) return showChecks([]);
  socket.send({ type: 'check', conversation: active, text });
}

$('#draft').addEventListener('input', () => {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 250);
  if (active) socket.send({ type: 'typing', conversation: active });
});
$('#draft').addEventListener('keydown', e => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
});
$('#send').addEventListener('click', send);
$('#end').addEventListener('click', () => { if (active) socket.send({ type: 'end', conversation: active }); });
$('#transfer').addEventListener('click', () => {
  const to = $('#transfer-to').value.trim();
  if (active && to) socket.send({ type: 'transfer', conversation: active, to });
});

function send() {
  const c = conversations.get(active);
  const text = $('#draft').value.trim();
  if (!c || !text) return;
  const id = 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  if (!socket.send({ type: 'say', conversation: c.id, text, id })) return;
  c.pending.set(id, text);
  $('#draft').value = '';
  $('#checks').replaceChildren();
  render();
}

// The waiting clocks tick every second.
setInterval(() => {
  for (const c of conversations.values()) {
    const old = document.querySelector(`.wait[data-conversation="${CSS.escape(c.id)}"]`);
    if (old) old.replaceWith(waitBadge(c));
  }
}, 1000);
