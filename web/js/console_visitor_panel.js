// The consultant's visitor panel (issues 11 and 13): where the visitor came from — source, search
// keyword, landing page — at the top of the conversation from the moment it is assigned, then
// pages viewed, device, first or returning visitor with their earlier conversations, and the
// contact details the visitor gave in this conversation. Every value is visitor-supplied: it is
// only ever set as text, never as markup or a live link.
import { el, api } from './common.js';

const ENGINES = { baidu: '百度', 360: '360搜索', sogou: '搜狗', shenma: '神马', bing: '必应', google: '谷歌' };
const KINDS = { search: '搜索引擎', campaign: '推广', referral: '外部网站', direct: '直接访问' };
// The same numbers the analyzer counts as a contact: mobiles, landlines, and WeChat/QQ ids.
const CONTACT = /(?<![0-9])(1[3-9][0-9](?:[ -]?[0-9]{4}){2}|0[1-9][0-9]{1,2}-?[0-9]{7,8})(?![0-9])|(?:微信|weixin|wx|vx|v信|qq)[号是:： ]{0,3}([0-9a-zA-Z_-]{5,20})/gi;

const visits = new Map();     // conversation id -> the `visit` frame
const histories = new Map();  // conversation id -> earlier conversations (array) or 'loading'

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
      .catch(() => histories.set(f.conversation, []));
  }
  return true;
}

export function forgetVisit(id) {
  visits.delete(id);
  histories.delete(id);
}

function contacts(c) {
  const found = new Set();
  for (const m of c.messages.values())
    if (m.from === 'visitor') for (const x of m.text.matchAll(CONTACT)) found.add((x[1] || x[2]).replace(/[ -]/g, ''));
  return [...found];
}

function shortUrl(u) {
  try {
    const url = new URL(u);
    return decodeURIComponent(url.host + url.pathname).slice(0, 80);
  } catch { return String(u || '').slice(0, 80); }
}

const row = (label, ...value) => el('div', { class: 'vp-row' }, el('span', { class: 'vp-label', text: label }), el('span', { class: 'vp-value' }, ...value));

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
    else if (!history.length) rows.push(row('访客', '首次访问'));
    else rows.push(row('访客', el('span', { class: 'vp-returning', text: `回访（此前 ${history.length} 次咨询）` }),
      el('ul', { class: 'vp-history' }, ...history.slice(0, 5).map(h => el('li', {
        text: `${localDay(h.started)} ${h.department || ''} ${h.ending_name || '进行中'}${h.keyword ? ' · ' + h.keyword : ''}` })))));
  }
  rows.push(row('联系方式', found.length ? el('span', { class: 'vp-contact', text: found.join('、') }) : el('span', { class: 'muted', text: '尚未留下' })));
  return el('section', { class: 'visitor-panel', id: 'visitor-panel-body', 'aria-label': '访客信息' }, ...rows);
}
