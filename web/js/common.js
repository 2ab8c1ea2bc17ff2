// Shared helpers for the four pages. Everything a user or visitor typed is put on the page as
// text (textContent / text nodes), never as HTML.
import LABELS from './labels.json' with { type: 'json' };

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);

// The one vocabulary of labels, also read by the server for its CSV exports (web/js/labels.json).
export const { endings: ENDINGS, severity: SEVERITY, kinds: KINDS, categories: CATEGORIES, verdicts: VERDICTS,
               ratings: RATINGS, closers: CLOSERS } = LABELS;

// What a consultant reads when a conversation ends: who closed it and how it counts
// (会话已结束：主管 王芳 结束了会话（系统结束）). `me`: the reader's username, to say 您 for their own end.
export function endedText(ended, me) {
  if (!ended) return '';
  const how = ENDINGS[ended.ending] ? `（${ENDINGS[ended.ending]}）` : '';
  const who = ended.by && ended.by === me ? '您结束了会话'
    : (CLOSERS[ended.closedBy] || '').replace(ended.by ? '{by}' : / ?\{by\}/, ended.by || '');
  return `会话已结束${who ? '：' + who : ''}${how}`;
}

// How staff pages name a conversation: its visitor and the first six characters of its id
// (访客 3f9a1c), the same on the console, the board and QA, so staff talking about a chat mean
// the same one. The full id (a hex string nobody reads aloud) goes
// only where it may have to be copied, such as a title attribute.
export const shortId = id => String(id || '').slice(0, 6);
export const visitorLabel = id => `访客 ${shortId(id)}`;

export function describeFinding(f) {
  let label = KINDS[f.kind] || f.kind;
  if (f.category) label += '·' + (CATEGORIES[f.category] || f.category);
  if (f.kind === 'idle_gap' || f.kind === 'slow_first_response') label += `(${Math.round((f.duration_ms || 0) / 1000)} 秒)`;
  if (f.kind === 'wasted_intent' && f.cost) label += `(成本约 ${Math.round(f.cost)} 元)`;
  return label;
}

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 };

// Adds a finding to a list. One that `escalates` replaces the earlier finding of the same kind
// and seq (one wait is one line: warning, then critical, then its real length), never lowering
// the severity shown.
export function mergeFinding(list, f) {
  const i = f.escalates ? list.findIndex(x => x.kind === f.kind && x.seq === f.seq) : -1;
  if (i < 0) list.push(f);
  else if (SEVERITY_RANK[f.severity] >= SEVERITY_RANK[list[i].severity]) list[i] = f;
  else list[i] = { ...f, severity: list[i].severity, rule: list[i].rule };
  return list;
}

export function clock(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString('zh-CN', { hour12: false });
}

export function dateTime(iso) {
  const d = new Date(iso);
  return d.toLocaleString('zh-CN', { hour12: false });
}

export function seconds(n) {
  n = Math.max(0, Math.floor(n));
  const m = Math.floor(n / 60), s = n % 60;
  return m ? `${m} 分 ${String(s).padStart(2, '0')} 秒` : `${s} 秒`;
}

// A message's text with its findings' character spans highlighted in place.
export function highlighted(text, findings = []) {
  const chars = Array.from(text);
  const spans = findings.filter(f => f.end > f.begin && f.end <= chars.length)
    .sort((a, b) => a.begin - b.begin);
  const out = [];
  let at = 0;
  for (const f of spans) {
    if (f.begin < at) continue;  // overlapping spans: the first one wins
    if (f.begin > at) out.push(document.createTextNode(chars.slice(at, f.begin).join('')));
    out.push(el('mark', { class: f.severity, title: describeFinding(f) + (f.suggestion ? ' → ' + f.suggestion : '') },
      chars.slice(f.begin, f.end).join('')));
    at = f.end;
  }
  if (at < chars.length) out.push(document.createTextNode(chars.slice(at).join('')));
  return out;
}

// ---- staff session ----------------------------------------------------------------------

const TOKEN_KEY = 'lingting.token';
// What a request that got no answer says (the server restarting, the network down).
export const UNREACHABLE = '无法连接服务器，请检查网络后重试。';

// The latest request wins: an answer to an earlier call that arrives after a later call was made
// (old filters, a list from before a verdict, a row clicked before another) must never be drawn
// over the latest one's. `const ask = latestWins();` then `const r = await ask(api(...));
// if (r === STALE) return;`. An earlier call's failure is stale as well.
export const STALE = Symbol('stale');
export function latestWins() {
  let latest = 0;
  return async answer => {
    const mine = ++latest;
    try {
      const r = await answer;
      return mine === latest ? r : STALE;
    } catch (e) {
      if (mine !== latest) return STALE;
      throw e;
    }
  };
}

export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {  // no answer at all: the browser's own words for it are English ("Failed to fetch")
    throw Object.assign(new Error(UNREACHABLE), { status: 0 });
  }
  if (res.status === 401 && path !== '/api/login') {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  }
  if (raw) return res;
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.message || '请求失败'), { status: res.status, data });
  return data;
}

// Shows the login form until a user with one of `roles` signs in; resolves with {username, role}.
export function requireLogin(roles, title) {
  return new Promise(resolve => {
    const start = async () => {
      try {
        const me = await api('/api/me');
        if (roles.includes(me.role)) return resolve(me);
      } catch (_) { /* not signed in */ }
      sessionStorage.removeItem(TOKEN_KEY);
      showForm();
    };
    const showForm = () => {
      const error = el('div', { class: 'error-text' });
      const user = el('input', { name: 'username', placeholder: '用户名', autocomplete: 'username', required: true });
      const pass = el('input', { name: 'password', type: 'password', placeholder: '密码', autocomplete: 'current-password', required: true });
      const form = el('form', { class: 'login panel', onsubmit: async e => {
        e.preventDefault();
        error.textContent = '';
        try {
          const r = await api('/api/login', { method: 'POST', body: { username: user.value, password: pass.value } });
          if (!roles.includes(r.role)) { error.textContent = '该账号无权使用此页面。'; return; }
          sessionStorage.setItem(TOKEN_KEY, r.token);
          form.remove();
          resolve({ username: r.username, role: r.role });
        } catch (err) { error.textContent = err.message; }
      } }, el('h2', { text: title }), user, pass, el('button', { type: 'submit', text: '登录' }), error);
      document.body.append(form);
      user.focus();
    };
    if (sessionStorage.getItem(TOKEN_KEY)) start(); else showForm();
  });
}

// The log-out request is waited for: a reload started at once may cancel it in flight (seen on
// a loaded machine), and then the token stays valid and a consultant's chats wait out the grace
// behind nobody. A server that does not answer within 3 s does not keep anyone on the page.
export async function logout() {
  await Promise.race([api('/api/logout', { method: 'POST' }).catch(() => {}), new Promise(r => setTimeout(r, 3000))]);
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

// What a user reads when the server closed the socket for what was sent on it: 1008 after too
// many frames refused as too frequent or unusable, 1009 for a frame over the hard size limit
// (PROTOCOL.md "Closes"). Acknowledged messages are kept either way. Empty for other closes.
export function closeReason(code) {
  if (code === 1008) return '发送过于频繁，服务器暂时断开了连接，几秒后自动重新连接。已确认送达的消息不会丢失。';
  if (code === 1009) return '发送的内容过大，服务器断开了连接，正在重新连接。已确认送达的消息不会丢失。';
  return '';
}

// The staff WebSocket, reconnecting with back-off; onFrame gets every parsed frame.
export function staffSocket(onFrame, onState = () => {}) {
  let ws, delay = 500, closed = false;
  const open = () => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}/ws/staff?token=${encodeURIComponent(sessionStorage.getItem(TOKEN_KEY) || '')}`);
    ws.onopen = () => { delay = 500; onState(true); };
    ws.onmessage = e => { try { onFrame(JSON.parse(e.data)); } catch (_) { /* not ours */ } };
    ws.onclose = ev => {
      onState(false);
      if (closed) return;
      if (ev.code === 4401) {  // logged out elsewhere, disabled or expired: log in again
        sessionStorage.removeItem(TOKEN_KEY);
        location.reload();
        return;
      }
      // The server closed the socket for what was sent on it (PROTOCOL.md "Closes"): say so, and
      // wait before reconnecting so a runaway sender does not come straight back.
      const why = closeReason(ev.code);
      if (why) {
        notice(why);
        delay = Math.max(delay, 5000);
      }
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
  };
  open();
  return {
    send: frame => { if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(frame)); return true; } return false; },
    close: () => { closed = true; ws && ws.close(1000); },
  };
}

// ---- notices: every error stays on screen until the user dismisses it ---------------------

// Shows `text` in the page's notice stack (top right) with a close button. Errors stay until
// dismissed, so one that arrives while the user looks elsewhere is still there when they look
// back; the same text again bumps a counter instead of stacking. `timeout` (ms) only for info.
export function notice(text, level = 'error', { timeout = 0 } = {}) {
  let box = document.getElementById('notices');
  if (!box) {
    box = el('div', { id: 'notices', class: 'notices', role: 'alert', 'aria-live': 'assertive' });
    document.body.append(box);
  }
  for (const n of box.children) {
    if (n.dataset.text !== text) continue;
    n.dataset.count = String(Number(n.dataset.count) + 1);
    n.querySelector('.count').textContent = `（${n.dataset.count} 次）`;
    return n;
  }
  const node = el('div', { class: `notice ${level}`, dataset: { text, count: '1' } },
    el('span', { class: 'text', text }), el('span', { class: 'count' }),
    el('button', { type: 'button', class: 'close', title: '关闭', 'aria-label': '关闭', text: '×', onclick: () => node.remove() }));
  box.append(node);
  if (timeout && level !== 'error') setTimeout(() => node.remove(), timeout);
  return node;
}

// The text to show for a failed API call: a 403 says who may do it instead of failing silently.
export function apiErrorText(err, what = '操作') {
  if (err && err.status === 403) return `${what}失败：您的账号没有权限执行此操作。`;
  return `${what}失败：${(err && err.message) || '请求失败'}`;
}

// Wraps an async event handler so any failure becomes a notice rather than a silent rejection.
export const guarded = (fn, what) => async (...args) => {
  try { return await fn(...args); } catch (err) { notice(apiErrorText(err, what)); }
};

// Anything that still slips through is shown, not lost in the console.
window.addEventListener('unhandledrejection', e => {
  e.preventDefault();
  notice(apiErrorText(e.reason));
});

// ---- phone numbers ---------------------------------------------------------------------

// Mainland mobile numbers (with optional spaces or dashes inside) and landlines with area code.
const PHONE = /(?<![0-9])(1[3-9][0-9](?:[ -]?[0-9]{4}){2}|0[1-9][0-9]{1,2}-?[0-9]{7,8})(?![0-9])/g;

// A message's text as nodes, with phone numbers marked so a consultant sees a lead at a glance.
export function withPhones(text) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(PHONE)) {
    if (m.index > at) out.push(document.createTextNode(text.slice(at, m.index)));
    out.push(el('mark', { class: 'phone', title: '电话号码', text: m[0] }));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

// `leaving()`, if given, says what a log-out would leave behind (or '' when nothing): then 退出
// needs a second click within a few seconds, with that said on the button, so a slip of the
// mouse mid-shift does not hand every open chat to colleagues.
export function header(title, me, { leaving } = {}) {
  let armedUntil = 0;
  const out = el('button', { class: 'secondary', id: 'logout', text: '退出', onclick: () => {
    const what = leaving ? leaving() : '';
    if (!what || Date.now() < armedUntil) return logout();
    armedUntil = Date.now() + 5000;
    out.textContent = `确认退出（${what}）`;
    out.classList.add('danger');
    setTimeout(() => { if (Date.now() >= armedUntil) { out.textContent = '退出'; out.classList.remove('danger'); } }, 5100);
  } });
  return el('header', { class: 'bar' }, el('h1', { text: '聆听 · ' + title }),
    el('span', { class: 'who', text: me ? `${me.username}` : '' }), me ? out : null);
}

// ---- keyed rendering ---------------------------------------------------------------------

// Draws `items` into `parent` keeping the DOM nodes that still show the same thing. Lists that are
// redrawn at every frame a socket brings (a visitor's typing indicator several times a second)
// must not replace their nodes each time: a click whose mouse-down landed on a node replaced
// before the mouse-up never fires, a text selection inside a replaced node is lost, and a button's
// state set on the node is drawn over. So: a key whose signature (a string of everything its node
// shows) is unchanged keeps its node; a changed one gets a new node from `create(item)`; a node is
// moved only when the order changed; keys gone are removed. `update(node, item)`, if given, runs
// for every item after placing, for what changes in place without a new node (a ticking clock).
// Children of `parent` not drawn by this helper are removed.
export function keyedList(parent, items, keyOf, signatureOf, create, update) {
  const old = new Map();
  for (const n of parent.children) if (n.__keyed) old.set(n.__keyed.key, n);
  const nodes = items.map(item => {
    const key = keyOf(item), signature = signatureOf(item);
    const have = old.get(key);
    if (have && have.__keyed.signature === signature) { old.delete(key); return have; }  // a key twice: a new node
    const node = create(item);
    node.__keyed = { key, signature };
    return node;
  });
  const keep = new Set(nodes);
  for (const n of [...parent.childNodes]) if (!keep.has(n)) n.remove();
  // What remains is in its old relative order; insert the new nodes and move only the misplaced.
  let at = parent.firstChild;
  for (const n of nodes) {
    if (n === at) at = n.nextSibling;
    else parent.insertBefore(n, at);
  }
  if (update) items.forEach((item, i) => update(nodes[i], item));
  return nodes;
}
