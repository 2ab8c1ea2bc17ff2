// The visitor's chat page (also inside web/widget.js's panel). Survives network drops: it
// resumes with its token and the last seq it saw, shows nothing twice (messages are keyed by
// seq) and loses nothing (messages not yet acknowledged are sent again unless the replay shows
// they arrived).
//
// Until the visitor writes, the page is a browsing socket: it takes no consultant's seat, no
// queue place and no stored conversation, and hears whether anyone of its department is online.
// Its first `say` opens the conversation (the server answers `welcome`, then the ack). An
// accepted invitation opens it at once: the consultant who invited is waiting. When nobody of
// the department is online (or the queue is full) the page offers the leave-a-message form.
import { el, $, clock, closeReason } from './common.js';

const params = new URLSearchParams(location.search);
const department = params.get('department') || '';
let invitation = params.get('invitation') || '';  // set by widget.js when a consultant invited
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
let shown = new Set();        // seqs on screen
const pending = new Map();    // client id -> text, sent but not acknowledged
let ws, ended = false, delay = 500, typingTimer, lastTyping = 0;
let online = null;            // anyone of the department online (null: not told yet)
let queued = false;           // waiting in the queue
let handedOver = false;       // transferred, and the new consultant has not written yet
let refusedWhy = '';          // the server refused to open a conversation (busy frame)
let leadSent = false, leadDismissed = false;
let clinicName = '';
// The newest seq on this page's screen: a resume asks for what comes after it. A reloaded page
// starts at 0 (its screen is empty) and stays there until a replay has actually arrived, so a
// first reconnect that fails on a flaky network does not skip the conversation so far.
let lastOnScreen = 0;
let resuming = false;         // after a resume's replay, unacknowledged messages are sent again

function save() { sessionStorage.setItem(STORE, JSON.stringify(state)); }
// Inside web/widget.js's panel: tell the clinic's page whether a conversation is on, so its next
// page reopens the panel and resumes it. Only a boolean crosses, so any parent may hear it.
function tellWidget(active) {
  if (window.parent !== window) window.parent.postMessage({ lingting: 'chat', active }, '*');
}
function status(text) { $('#status').textContent = text; }
const transcript = () => $('#transcript');
const toBottom = () => { const t = transcript(); t.scrollTop = t.scrollHeight; };
// The transcript keeps its last message in view when its box changes size (the phone's
// keyboard opening, the rating or the form taking their room, a rotated screen), unless the
// visitor had scrolled up to read.
let atBottom = true;
transcript().addEventListener('scroll', () => {
  const t = transcript();
  atBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 40;
});
new ResizeObserver(() => { if (atBottom) toBottom(); }).observe(transcript());

function show(from, text, at, seq, id) {
  if (seq !== undefined) {
    if (shown.has(seq)) return;
    shown.add(seq);
    state.last = Math.max(state.last || 0, seq);
    lastOnScreen = Math.max(lastOnScreen, seq);
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
  transcript().append(node);
  toBottom();
}

// The clinic's greeting: shown as from the clinic, at the top; not a message of the conversation.
function greet(text) {
  if (!text || $('#greeting')) return;
  transcript().prepend(el('div', { class: 'msg clinic', id: 'greeting' },
    el('span', { class: 'meta', text: clinicName || '客服' }), text));
}

function connect() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = state.resume
    ? `resume=${encodeURIComponent(state.resume)}&after=${lastOnScreen}`
    : invitation
      ? `department=${encodeURIComponent(department)}&invitation=${encodeURIComponent(invitation)}${visitQuery()}`
      : `browse=1&department=${encodeURIComponent(department)}${visitQuery()}`;
  invitation = '';  // one-time: a reconnect before the welcome comes back as a browsing page
  resuming = !!state.resume;
  const socket = new WebSocket(`${proto}//${location.host}/ws/visitor?${q}`);
  ws = socket;
  socket.onmessage = e => { if (ws === socket) handle(JSON.parse(e.data)); };
  socket.onclose = ev => {
    if (ws !== socket || ended) return;
    if (ev.code === 4404) {  // the server no longer knows us: start a new conversation
      Object.keys(state).forEach(k => delete state[k]);
      save();
    }
    const why = closeReason(ev.code);  // closed for what was sent: say so, and wait a little longer
    if (why) delay = Math.max(delay, 5000);
    status(why || '网络中断，正在重新连接…');
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 8000);
  };
}

const send = frame => { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame)); };

// Whether to offer the leave-a-message form: before a conversation when nobody is online or
// the server refused to open one; in a conversation (queued or served) when everyone of the
// department has been offline for a few seconds (not for a consultant's page reload).
const OFFLINE_OFFER_AFTER_MS = 3000;
let offlineSince = 0, offerTimer;
function updateOffer() {
  const noConversation = !state.conversation && !ended;
  const offline = online === false;
  if (!offline) offlineSince = 0;
  else if (!offlineSince) offlineSince = Date.now();
  const waitedOut = offline && Date.now() - offlineSince >= OFFLINE_OFFER_AFTER_MS;
  if (offline && !waitedOut && state.conversation) {
    clearTimeout(offerTimer);
    offerTimer = setTimeout(updateOffer, OFFLINE_OFFER_AFTER_MS - (Date.now() - offlineSince));
  }
  const inChatOffer = !!state.conversation && waitedOut;
  const offer = !leadDismissed && !ended && ((noConversation && (offline || !!refusedWhy)) || inChatOffer);
  $('#lead-form').classList.toggle('hidden', !(offer || leadSent) || ended);
  // Before a conversation, with nobody to answer, the form replaces the composer.
  $('#composer').classList.toggle('hidden', ended || (noConversation && (offline || !!refusedWhy) && !leadDismissed));
  $('#lead-dismiss').textContent = state.conversation ? '继续等待' : '仍要在线咨询';
  $('#lead-intro').textContent = refusedWhy
    ? '当前咨询人数较多，请留下您的联系方式，我们会尽快与您联系。'
    : state.conversation ? '咨询师暂时都不在线，您可以继续等待，或留下联系方式，我们会尽快与您联系。'
      : '咨询师暂时不在线。请留下您的联系方式，我们会尽快与您联系。';
  if (!state.conversation && !ended && !refusedWhy && online !== null)
    status(online ? '咨询师在线，请直接输入您的问题。' : '咨询师暂时不在线，您可以留言。');
  $('#end-chat').classList.toggle('hidden', !state.conversation || ended);
}

function handle(f) {
  switch (f.type) {
    case 'browsing':  // no conversation yet
      delay = 500;
      online = f.online;
      refusedWhy = '';
      updateOffer();
      // Sent before a drop but never answered: the conversation may not exist yet, send again.
      for (const [id, text] of pending) send({ type: 'say', text, id });
      break;
    case 'clinic':
      clinicName = f.name;
      $('#clinic').textContent = f.name;
      document.title = `在线咨询 · ${f.name}`;
      greet(f.greeting);
      $('#lead-department').replaceChildren(...f.departments.map(d => el('option', { value: d, text: d })));
      $('#lead-department').value = f.department;
      break;
    case 'availability':
      online = f.online;
      updateOffer();
      break;
    case 'welcome':
      delay = 500;
      state.conversation = f.conversation;
      state.resume = f.resume;
      save();
      tellWidget(true);
      refusedWhy = '';
      status('已连接');
      updateOffer();
      break;
    case 'status':
      queued = f.state === 'queued';
      handedOver = f.state === 'transferred';
      status(queued ? (f.position > 1 ? `正在为您接通咨询师，您前面还有 ${f.position - 1} 位。` : '正在为您接通咨询师，请稍候。')
        : f.state === 'transferred' ? '已为您转接到另一位咨询师，请稍候。'
          : f.consultant ? `咨询师已接入：${f.consultant} 为您服务。` : '咨询师已接入，请问有什么可以帮您？');
      if (f.state === 'transferred') show('system', '已为您转接到另一位咨询师。');
      // Whatever is still unacknowledged after a resume's replay was lost on the way: send again.
      if (resuming) for (const [id, text] of pending) send({ type: 'say', text, id });
      resuming = false;
      updateOffer();
      break;
    case 'ack':
      pending.delete(f.id);
      show('visitor', null, f.at, f.seq, f.id);
      break;
    case 'message':
      if (f.id && pending.has(f.id) && f.from === 'visitor') pending.delete(f.id);
      show(f.from, f.text, f.at, f.seq, f.from === 'visitor' ? f.id : undefined);
      if (f.from === 'consultant') $('#typing').textContent = '';
      // The colleague who took over has written: no longer "please wait" for the rest of the chat.
      if (f.from === 'consultant' && handedOver && !ended) { handedOver = false; status('咨询师已接入，请继续咨询。'); }
      break;
    case 'typing':
      $('#typing').textContent = '咨询师正在输入…';
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { $('#typing').textContent = ''; }, 3000);
      break;
    case 'ended':
      ended = true;
      queued = false;
      status('咨询已结束');
      $('#typing').textContent = '';
      $('#rating').classList.remove('hidden');
      sessionStorage.removeItem(STORE);
      tellWidget(false);
      updateOffer();
      requestAnimationFrame(toBottom);  // the rating takes its room below: the last message stays in view
      break;
    case 'busy':  // the server would not open a conversation now (queue full, too many)
      refusedWhy = f.reason || 'busy';
      status(f.message);
      for (const id of pending.keys()) document.querySelector(`[data-id="${CSS.escape(id)}"]`)?.remove();
      pending.clear();
      leadDismissed = false;
      updateOffer();
      break;
    case 'rated':
      $('#rate-done').textContent = '感谢您的评价！';
      break;
    case 'error':
      if (f.detail === 'rate') return rateFailed(RATE_NOT_KEPT);  // the store could not keep it: rate again
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
  // 96 random bits: the first message's id also finds the conversation it opened if the socket
  // drops before the welcome, so it must not be guessable (server/PROTOCOL.md, "say").
  const id = 'v' + Array.from(crypto.getRandomValues(new Uint32Array(3)), n => n.toString(36).padStart(7, '0')).join('');
  pending.set(id, text);
  show('visitor', text, new Date().toISOString(), undefined, id);
  send({ type: 'say', text, id });
  input.value = '';
});

$('#text').addEventListener('input', () => {
  if (state.conversation && Date.now() - lastTyping > 2000 && ws && ws.readyState === WebSocket.OPEN) {
    lastTyping = Date.now();
    send({ type: 'typing' });
  }
});

// 结束咨询: the visitor ends the chat (a `visitor` ending); the rating follows.
$('#end-chat').addEventListener('click', () => send({ type: 'leave' }));

// 重新咨询: after an end, a fresh page state and a new (not yet opened) conversation.
$('#restart').addEventListener('click', () => {
  const old = ws;
  ws = null;
  old?.close(1000);
  Object.keys(state).forEach(k => delete state[k]);
  save();
  ended = false; queued = false; refusedWhy = ''; leadSent = false; leadDismissed = false;
  shown = new Set();
  lastOnScreen = 0;
  pending.clear();
  for (const n of [...transcript().children]) if (n.id !== 'greeting') n.remove();
  $('#rating').classList.add('hidden');
  $('#rate-yes').disabled = $('#rate-no').disabled = false;
  $('#rate-comment').value = '';
  $('#rate-done').textContent = '';
  $('#lead-fields').classList.remove('hidden');
  $('#lead-done').classList.add('hidden');
  status('正在连接…');
  updateOffer();
  connect();
});

function rate(satisfied) {
  const comment = $('#rate-comment').value.trim();
  const frame = { type: 'rate', satisfied, comment };
  $('#rate-yes').disabled = $('#rate-no').disabled = true;
  if (ws && ws.readyState === WebSocket.OPEN) return send(frame);
  // The socket went away after the end (a phone network, a server restart): the server still
  // takes a rating over a resume for a while after the end, so one short socket carries it.
  if (!state.resume) return rateFailed();
  rateOverShortSocket(frame, 2);
}
// One short socket carries the rating; one that brings no answer within RATE_ANSWER_MS (its frame
// lost on a flaky network) is closed and the rating tried once more before the visitor is told.
// The rating goes only once the socket is the conversation's again (its `welcome`): an ended
// conversation is resumed from the store, and a `rate` that arrives before that is refused.
const RATE_ANSWER_MS = 4000;
function rateOverShortSocket(frame, tries) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const once = new WebSocket(`${proto}//${location.host}/ws/visitor?resume=${encodeURIComponent(state.resume)}&after=${lastOnScreen}`);
  let done = false;
  let giveUp = setTimeout(() => once.close(1000), RATE_ANSWER_MS);
  once.onmessage = e => {
    const f = JSON.parse(e.data);
    if (f.type === 'welcome') {
      once.send(JSON.stringify(frame));
      clearTimeout(giveUp);
      giveUp = setTimeout(() => once.close(1000), RATE_ANSWER_MS);  // the answer's own time
      return;
    }
    if (f.type !== 'rated' && !(f.type === 'error' && f.detail === 'rate')) return;
    done = true;
    clearTimeout(giveUp);
    handle(f);
    once.close(1000);
  };
  once.onclose = () => {
    clearTimeout(giveUp);
    if (done) return;
    if (tries > 1) rateOverShortSocket(frame, tries - 1);
    else rateFailed();
  };
}
const RATE_NOT_SENT = '网络中断，评价未提交，请稍后再试。';
const RATE_NOT_KEPT = '评价暂未保存成功，请稍后再试。';
function rateFailed(why = RATE_NOT_SENT) {
  $('#rate-done').textContent = why;
  $('#rate-yes').disabled = $('#rate-no').disabled = false;
}
$('#rate-yes').addEventListener('click', () => rate(true));
$('#rate-no').addEventListener('click', () => rate(false));

// A page going away (tab closed, browser closed, another page of the site) says so with a clean
// close: the server then ends the conversation as the visitor's after its short leave grace,
// unless the next page resumes it, instead of waiting out the drop grace and recording `system`.
window.addEventListener('pagehide', () => { const s = ws; ws = null; s?.close(1000); });
window.addEventListener('pageshow', e => { if (e.persisted && !ws && !ended) connect(); });  // back from bfcache

$('#lead-dismiss').addEventListener('click', () => { leadDismissed = true; updateOffer(); });

$('#lead-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const body = Object.fromEntries(['name', 'phone', 'message', 'department'].map(k => [k, form.elements[k].value.trim()]));
  const digits = body.phone.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) {
    $('#lead-error').textContent = '请填写正确的电话号码。';
    return;
  }
  $('#lead-submit').disabled = true;
  $('#lead-error').textContent = '';
  try {
    // No answer at all (the network down): the browser's own words for it are English.
    const res = await fetch('/api/leads', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .catch(() => { throw new Error('网络连接失败，留言未提交，请检查网络后重试。'); });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.message || '提交失败，请稍后再试。');
    leadSent = true;
    $('#lead-fields').classList.add('hidden');
    $('#lead-done').classList.remove('hidden');
  } catch (err) {
    $('#lead-error').textContent = err.message;
  } finally {
    $('#lead-submit').disabled = false;
  }
});

connect();
