// The consultant's visitor panel (issues 11 and 13): where the visitor came from — source, search
// keyword, landing page — at the top of the conversation from the moment it is assigned, then
// pages viewed, device, first or returning visitor with their earlier conversations, and the
// contact details the visitor gave in this conversation. Every value is visitor-supplied: it is
// only ever set as text, never as markup or a live link.
import { el, api } from './common.js';

const ENGINES = { baidu: '百度', 360: '360搜索', sogou: '搜狗', shenma: '神马', bing: '必应', google: '谷歌' };
const KINDS = { search: '搜索引擎', campaign: '推广', referral: '外部网站', direct: '直接访问' };
const visits = new Map();     // conversation id -> the `visit` frame
const histories = new Map();  // conversation id -> earlier conversations (array), 'loading' or 'failed'

export function sourceName(v) {
  if (!v) return '';
  const engine = ENGINES[v.source] || v.source;
  if (v.source_kind === 'direct') return KINDS.direct;
  return `${KINDS[v.source_kind] || ''}${engine ? ' · ' + engine : ''}${v.campaign ? ' · ' + v.campaign : ''}`;
}

// A `visit` frame (sent with `assigned`). Returns true when it changed what is shown.
export function onVisit(f, rerender) {
  visits.set(f.conversation, f);
  if (f.browser && !histories.has(f.conversation)) {
    histories.set(f.conversation, 'loading');
    api(`/api/browsers/${encodeURIComponent(f.browser)}/conversations?except=${encodeURIComponent(f.conversation)}`)
      .then(r => { histories.set(f.conversation, r.conversations); rerender(); })
      // Said, and at once: before, a failed request left 访客 … until some other frame redrew
      // the panel, which then claimed 首次访问 for a visitor whose history was never read.
      .catch(() => { histories.set(f.conversation, 'failed'); rerender(); });
  }
  return true;
}

export function forgetVisit(id) {
  visits.delete(id);
  histories.delete(id);
}

// A contact the way the analyzer counts one (server/core/analysis/analyzer.cpp,
// contains_contact_compact, over normalize_compact's text): full-width characters folded, case
// folded, separators (ASCII punctuation and spaces, CJK punctuation) dropped; then a run of digits
// that is a mobile (11 from 13-19), a landline with its area code (0 + 9 to 11 more), a Hong Kong
// or Macau number (8 from 5, 6 or 9), or one of those after 86, 852, 853 or 886; or a WeChat or QQ
// id (five or more letters and digits after 微信, qq, wx... and up to three joining characters).
// The header then says 已留联系方式 exactly when the conversation counts as converted by contact.
const CONTACT_KEYS = ['qq', '微信', 'weixin', 'wx', 'vx', 'v信'];
// The compacted text, and for each of its characters where it began and ended in `text`.
function compact(text) {
  let out = '';
  const from = [], to = [];
  for (let i = 0; i < text.length;) {
    let cp = text.codePointAt(i);
    const next = i + (cp > 0xFFFF ? 2 : 1);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    else if (cp === 0x3000) cp = 0x20;
    if (cp >= 0x41 && cp <= 0x5A) cp += 0x20;
    const separator = cp < 0x80 ? !((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7A))
      : (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || cp === 0xFF5E || cp === 0xB7 || cp === 0xFFFD;
    if (!separator) {
      const c = String.fromCodePoint(cp);
      out += c;
      for (let k = 0; k < c.length; k++) { from.push(i); to.push(next); }
    }
    i = next;
  }
  return { t: out, from, to };
}

// The contacts in a visitor's message, each as the visitor wrote it (138 1234 5678, Abc_12345).
export function contactsIn(text) {
  const { t, from, to } = compact(text), found = [];
  const original = (begin, end) => text.slice(from[begin], to[end - 1]);
  for (const m of t.matchAll(/[0-9]+/g)) {
    const d = m[0], n = d.length;
    if ((n === 11 && d[0] === '1' && d[1] >= '3') || (d[0] === '0' && n >= 10 && n <= 12) ||
        (n === 8 && '569'.includes(d[0])) || (n === 13 && d.startsWith('861')) ||
        (n === 11 && (d.startsWith('852') || d.startsWith('853'))) || (n >= 11 && n <= 12 && d.startsWith('8869')))
      found.push(original(m.index, m.index + n));
  }
  for (const key of CONTACT_KEYS) {
    for (let at = t.indexOf(key); at >= 0; at = t.indexOf(key, at + 1)) {
      let j = at + key.length;
      for (let skipped = 0; skipped < 3 && j < t.length && t.codePointAt(j) >= 0x80; skipped++) j += t.codePointAt(j) > 0xFFFF ? 2 : 1;
      const id = /^[0-9a-z]*/.exec(t.slice(j))[0];
      if (id.length >= 5) found.push(original(j, j + id.length));
    }
  }
  return found;
}

function contacts(c) {
  const found = new Map();  // the same number written twice, once with spaces: one contact
  for (const m of c.messages.values())
    if (m.from === 'visitor') for (const x of contactsIn(m.text)) if (!found.has(compact(x).t)) found.set(compact(x).t, x);
  return [...found.values()];
}

function shortUrl(u) {
  try {
    const url = new URL(u);
    return decodeURIComponent(url.host + url.pathname).slice(0, 80);
  } catch { return String(u || '').slice(0, 80); }
}

const row = (label, ...value) => el('div', { class: 'vp-row' }, el('span', { class: 'vp-label', text: label }), el('span', { class: 'vp-value' }, ...value));

// What the panel of conversation `c` is drawn from, as a string: the console draws the panel again
// only when this changed, not at every frame (a visitor's typing indicator several times a second).
// The contacts come from the visitor's messages, and messages are only ever added: their count
// stands for them.
export function panelSignature(c) {
  return JSON.stringify([c.id, c.department, visits.get(c.id) || null, histories.get(c.id) ?? null, c.messages.size]);
}

// The panel for conversation `c` (the console's record: id, department, messages).
export function visitorPanel(c) {
  const v = visits.get(c.id);
  const history = histories.get(c.id);
  // The consultant's calendar day (the ISO string's first ten characters are UTC's).
  const localDay = iso => { const d = new Date(iso); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };
  const found = contacts(c);
  const rows = [];
  if (v && v.keyword) rows.push(el('div', { class: 'vp-keyword', id: 'vp-keyword' },
    el('span', { class: 'vp-label', text: '搜索关键词' }), el('strong', { text: v.keyword })));
  rows.push(row('来源', v ? sourceName(v) || '未知' : '未知'));
  rows.push(row('科室', c.department || '未分科室'));
  if (v && v.landing) rows.push(row('着陆页', el('span', { title: v.landing, text: v.landing_title || shortUrl(v.landing) })));
  if (v && v.pages) rows.push(row('浏览页数', `${v.pages} 页${v.page && v.page !== v.landing ? '，当前：' + shortUrl(v.page) : ''}`));
  if (v && v.device) rows.push(row('设备', v.device));
  if (v && v.browser) {
    if (history === 'loading' || history === undefined) rows.push(row('访客', '…'));
    else if (history === 'failed') rows.push(row('访客', el('span', { class: 'muted', text: '未能读取此前的咨询记录' })));
    else if (!history.length) rows.push(row('访客', '首次访问'));
    else rows.push(row('访客', el('span', { class: 'vp-returning', text: `回访（此前 ${history.length} 次咨询）` }),
      el('ul', { class: 'vp-history' }, ...history.slice(0, 5).map(h => el('li', {
        text: `${localDay(h.started)} ${h.department || ''} ${h.ending_name || '进行中'}${h.keyword ? ' · ' + h.keyword : ''}` })))));
  }
  rows.push(row('联系方式', found.length ? el('span', { class: 'vp-contact', text: found.join('、') }) : el('span', { class: 'muted', text: '尚未留下' })));
  return el('section', { class: 'visitor-panel', id: 'visitor-panel-body', 'aria-label': '访客信息' }, ...rows);
}
