// The visitor's chat widget. Survives network drops: it resumes with its token and the last
// seq it saw, shows nothing twice (messages are keyed by seq) and loses nothing (messages not
// yet acknowledged are sent again unless the replay shows they arrived).
import { el, $, clock } from './common.js';

const params = new URLSearchParams(location.search);
const department = params.get('department') || '';
const invitation = params.get('invitation') || '';  // set by widget.js when a consultant invited
const STORE = 'lingting.visitor';
// The visit widget.js reported (or, on this page opened directly, this page's own), sent on a
// new conversation's socket. The server refuses a query over 4 KiB: the least useful fields go
// first, then the URLs are cut (the server cuts each field to its cap anyway).
function visitQuery() {
  const direct = !params.has('land');
  const v = {
    ref: direct ? document.referrer : params.get('ref') || '',
    land: direct ? location.href : params.get('land') || '',
    title: direct ? document.title : params.get('title') || '',
    page: params.get('page') || '',
    pages: params.get('pages') || (direct ? '1' : ''),
    bid: params.get('bid') || '',
  };
  const build = () => Object.entries(v).map(([k, x]) => `&${k}=${encodeURIComponent(x)}`).join('');
  for (const drop of ['page', 'title']) if (build().length > 3000) v[drop] = '';
  const half = s => Array.from(s).slice(0, Array.from(s).length >> 1).join('');  // whole characters only
  while (build().length > 3000) { v.ref = half(v.ref); v.land = half(v.land); }
  return build();
}

const state = JSON.parse(sessionStorage.getItem(STORE) || '{}');  // {conversation, resume, last}
const shown = new Set();      // seqs on screen
const pending = new Map();    // client id -> text, sent but not acknowledged
let ws, ended = false, delay = 500, typingTimer, lastTyping = 0;
let firstConnect = true;   // a reloaded page has an empty screen: replay everything once
let resuming = false;      // after a resume's replay, unacknowledged messages are sent again

function save() { sessionStorage.setItem(STORE, JSON.stringify(state)); }
function status(text) { $('#status').textContent = text; }

function show(from, text, at, seq, id) {
  if (seq !== undefined) {
    if (shown.has(seq)) return;
    shown.add(seq);
    state.last = Math.max(state.last || 0, seq);
    save();
  }
  const existing = id && document.querySelector(`[data-id="${CSS.escape(id)}"]`);
  if (existing) {  // our own pending message, now confirmed
    existing.classList.remove('pending');
    return;
  }
  const who = from === 'visitor' ? '我' : from === 'consultant' ? '咨询师' : '系统';
  const node = el('div', { class: `msg ${from}${seq === undefined ? ' pending' : ''}`, dataset: id ? { id } : {} },
    el('span', { class: 'meta', text: `${who} ${at ? clock(at) : ''}` }), text);
  $('#transcript').append(node);
  node.scrollIntoView({ block: 'end' });
}

function connect() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = state.resume
    ? `resume=${encodeURIComponent(state.resume)}&after=${firstConnect ? 0 : state.last || 0}`
    : `department=${encodeURIComponent(department)}&invitation=${encodeURIComponent(invitation)}${visitQuery()}`;
  resuming = !!state.resume;
  firstConnect = false;
  ws = new WebSocket(`${proto}//${location.host}/ws/visitor?${q}`);
  ws.onmessage = e => handle(JSON.parse(e.data));
  ws.onclose = ev => {
    if (ended) return;
    if (ev.code === 4404) {  // the server no longer knows us: start a new conversation
      Object.keys(state).forEach(k => delete state[k]);
      save();
    }
    status('网络中断，正在重新连接…');
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 8000);
  };
}

function handle(f) {
  switch (f.type) {
    case 'welcome':
      delay = 500;
      state.conversation = f.conversation;
      state.resume = f.resume;
      save();
      status('已连接');
      break;
    case 'status':
      status(f.state === 'queued' ? `正在为您接通咨询师，您前面还有 ${f.position - 1} 位`
        : f.state === 'transferred' ? '已为您转接到另一位咨询师，请稍候。' : '咨询师已接入，请问有什么可以帮您？');
      if (f.state === 'transferred') show('system', '已为您转接到另一位咨询师。');
      // Whatever is still unacknowledged after a resume's replay was lost on the way: send again.
      if (resuming) for (const [id, text] of pending) ws.send(JSON.stringify({ type: 'say', text, id }));
      resuming = false;
      break;
    case 'ack':
      pending.delete(f.id);
      show('visitor', null, f.at, f.seq, f.id);
      break;
    case 'message':
      if (f.id && pending.has(f.id) && f.from === 'visitor') pending.delete(f.id);
      show(f.from, f.text, f.at, f.seq, f.from === 'visitor' ? f.id : undefined);
      if (f.from === 'consultant') $('#typing').textContent = '';
      break;
    case 'typing':
      $('#typing').textContent = '咨询师正在输入…';
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { $('#typing').textContent = ''; }, 3000);
      break;
    case 'ended':
      ended = true;
      status('咨询已结束');
      $('#composer').classList.add('hidden');
      $('#rating').classList.remove('hidden');
      sessionStorage.removeItem(STORE);
      break;
    case 'busy':  // refused before a conversation exists; the close that follows is not retried
      ended = true;
      status(f.message);
      $('#composer').classList.add('hidden');
      break;
    case 'rated':
      $('#rate-done').textContent = '感谢您的评价！';
      break;
    case 'error':
      if (f.id) pending.delete(f.id);
      show('system', f.message);
      break;
  }
}

$('#composer').addEventListener('submit', e => {
  e.preventDefault();
  const input = $('#text');
  const text = input.value.trim();
  if (!text || ended) return;
  const id = 'v' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  pending.set(id, text);
  show('visitor', text, new Date().toISOString(), undefined, id);
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'say', text, id }));
  input.value = '';
});

$('#text').addEventListener('input', () => {
  if (Date.now() - lastTyping > 2000 && ws && ws.readyState === WebSocket.OPEN) {
    lastTyping = Date.now();
    ws.send(JSON.stringify({ type: 'typing' }));
  }
});

function rate(satisfied) {
  const comment = $('#rate-comment').value.trim();
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'rate', satisfied, comment }));
  $('#rate-yes').disabled = $('#rate-no').disabled = true;
}
$('#rate-yes').addEventListener('click', () => rate(true));
$('#rate-no').addEventListener('click', () => rate(false));

connect();
