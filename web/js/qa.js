// QA audit: scorecards by consultant, department or day with the "100 − 1 = 0" mark and a trend
// of findings per 100 messages; ended conversations filtered and paginated; a transcript with
// findings highlighted in place and the visitor's rating; verdicts on findings and on the
// conversation (only QA may give them: other roles see why the buttons are off, and any refusal
// from the server is shown); CSV export of the filtered list.
import { el, $, api, requireLogin, header, clock, dateTime, seconds, describeFinding, highlighted, notice, guarded,
         apiErrorText, ENDINGS, KINDS, SEVERITY, visitorLabel, latestWins, STALE } from './common.js';
import { trendChart } from './qa_charts.js';
import { rulesPanel } from './qa_rules.js';
import { keywordReport } from './qa_keywords.js';

const me = await requireLogin(['qa', 'supervisor'], '质检登录');
const canJudge = me.role === 'qa';
// The classifier's cue names in Chinese (lexicon/cue_labels.tsv, served with the other labels).
const CUES = (await api('/api/labels').catch(() => ({}))).cues || {};
const rules = rulesPanel(me);
let cursors = [''], page = 0, current = null, group = 'consultant';
let listedText = '';  // the message text the list was searched for (highlighted in a transcript)

const select = (id, label, options) => el('label', {}, label, el('select', { id },
  el('option', { value: '', text: '全部' }), ...Object.entries(options).map(([v, t]) => el('option', { value: v, text: t }))));
const input = (id, label, type = 'text') => el('label', {}, label, el('input', { id, type }));
const GROUPS = { consultant: '按咨询师', department: '按科室', day: '按日期' };

const keywords = keywordReport({ range: q => range(q), canImport: me.role === 'supervisor' });

document.body.append(
  header('质检审核', me),
  el('div', { class: 'grid2' },
    el('section', { class: 'panel wide' },
      el('div', { class: 'presets', id: 'presets' }, el('span', { class: 'muted', text: '时间：' }),
        ...[['today', '今天'], ['yesterday', '昨天'], ['week', '本周'], ['month', '本月'], ['all', '全部']].map(([k, t]) =>
          el('button', { type: 'button', class: 'secondary small', dataset: { preset: k }, text: t, onclick: () => preset(k) }))),
      el('form', { class: 'filters', id: 'filters', onsubmit: e => { e.preventDefault(); refresh(); } },
        select('f-ending', '结束方式', ENDINGS), select('f-kind', '发现项', KINDS), select('f-severity', '严重程度', SEVERITY),
        select('f-consultant', '咨询师', {}), select('f-department', '科室', {}),
        input('f-source', '来源'), input('f-keyword', '搜索关键词'), input('f-q', '消息内容'),
        input('f-from', '起始日期', 'date'), input('f-to', '截止日期', 'date'),
        el('button', { type: 'submit', text: '筛选' }),
        el('button', { type: 'button', class: 'secondary', text: '导出 CSV', onclick: guarded(exportCsv, '导出') }))),
    keywords.section,
    el('section', { class: 'panel wide', id: 'scorecards' },
      el('div', { class: 'row wrap' }, el('h3', { class: 'grow', text: '质量评分卡' }),
        el('span', { class: 'tabs', id: 'groups' }, ...Object.entries(GROUPS).map(([k, t]) =>
          el('button', { type: 'button', class: `secondary small${k === group ? ' on' : ''}`, dataset: { group: k }, text: t,
                         onclick: () => { group = k; loadScorecards(); } })))),
      el('p', { class: 'muted small-print', text: '“100 − 1 = 0”：一次已确认的严重问题，抵消一百次好的服务。发现项按每 100 条咨询师消息计（已驳回的不计）。' }),
      el('div', { class: 'table-wrap' }, el('table', { id: 'cards' })),
      el('h3', { text: '发现项趋势（每 100 条咨询师消息，按天）' }),
      el('div', { id: 'trend' })),
    el('section', { class: 'panel wide' },
      el('h3', { text: '已结束的会话' }),
      el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, ...['结束时间', '咨询师', '科室', '时长', '结束方式', '消息', '发现项', '满意度', '结论']
        .map(t => el('th', { text: t })))), el('tbody', { id: 'rows' }))),
      el('div', { class: 'pager' },
        el('button', { class: 'secondary', id: 'prev', text: '上一页', onclick: () => { page--; load(); } }),
        el('span', { id: 'pageno', class: 'muted' }),
        el('button', { class: 'secondary', id: 'next', text: '下一页', onclick: () => { page++; load(); } }))),
    rules.section,
    el('section', { class: 'panel wide hidden', id: 'detail' },
      el('h3', { id: 'detail-title' }),
      el('div', { id: 'detail-rating', class: 'rating-box' }),
      el('div', { class: 'transcript', id: 'detail-transcript' }),
      el('h3', { text: '发现项' }),
      canJudge ? '' : el('p', { class: 'muted', id: 'judge-note', text: '结论由质检人员填写；您的账号可以查看，不能下结论。' }),
      el('div', { id: 'detail-findings' }),
      el('h3', { text: '会话结论' }),
      el('div', { class: 'row wrap' }, el('input', { id: 'conv-note', placeholder: '备注（选填）', size: 40, disabled: !canJudge }),
        el('button', { id: 'conv-pass', text: '合格', disabled: !canJudge, onclick: () => convVerdict('pass') }),
        el('button', { id: 'conv-fail', class: 'danger', text: '不合格', disabled: !canJudge, onclick: () => convVerdict('fail') }),
        el('span', { id: 'conv-verdict', class: 'muted' })))));

// ---- dates ---------------------------------------------------------------------------------

const ymd = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
function preset(k) {
  const today = new Date();
  if (k === 'yesterday') today.setDate(today.getDate() - 1);  // the morning audit of the day before
  const from = new Date(today);
  if (k === 'week') from.setDate(today.getDate() - ((today.getDay() + 6) % 7));  // weeks start on Monday
  if (k === 'month') from.setDate(1);
  $('#f-from').value = k === 'all' ? '' : ymd(from);
  $('#f-to').value = k === 'all' ? '' : ymd(today);
  for (const b of document.querySelectorAll('#presets button')) b.classList.toggle('on', b.dataset.preset === k);
  refresh();
}

function range(q) {
  const v = id => $('#' + id).value;
  if (v('f-from')) q.set('from', new Date(v('f-from') + 'T00:00:00').toISOString());
  if (v('f-to')) q.set('to', new Date(new Date(v('f-to') + 'T00:00:00').getTime() + 86400000).toISOString());
  return q;
}

function query() {
  const q = new URLSearchParams();
  for (const [id, key] of [['f-ending', 'ending'], ['f-kind', 'kind'], ['f-severity', 'severity'], ['f-consultant', 'consultant'], ['f-department', 'department'],
                             ['f-source', 'source'], ['f-keyword', 'keyword'], ['f-q', 'q']]) {
    const v = $('#' + id).value.trim();
    if (v) q.set(key, v);
  }
  return range(q);
}

// ---- choices for the consultant and department filters ---------------------------------------

// Everyone and every department that has ended conversations (from the scorecards over all time).
async function loadChoices() {
  const tz = -new Date().getTimezoneOffset();
  for (const [id, g] of [['f-consultant', 'consultant'], ['f-department', 'department']]) {
    const r = await api(`/api/reports/scorecards?group=${g}&tz=${tz}`);
    const box = $('#' + id), keep = box.value;
    box.replaceChildren(el('option', { value: '', text: '全部' }),
      ...r.scorecards.map(c => c.key).filter(Boolean).sort((a, b) => a.localeCompare(b, 'zh-CN'))
        .map(k => el('option', { value: k, text: k })));
    box.value = keep;
  }
}

// ---- scorecards and trend --------------------------------------------------------------------

const per100Total = c => Object.values(c.findings_per_100_messages || {}).reduce((a, b) => a + b, 0);
const num = (v, digits = 1) => v === null || v === undefined ? '—' : (+v).toFixed(digits).replace(/\.0$/, '');

// The latest request wins (here, in load() and in open()): a slow answer for the old filters (or
// from before a verdict) is not drawn over the new ones.
const scoring = latestWins();
async function loadScorecards() {
  for (const b of document.querySelectorAll('#groups button')) b.classList.toggle('on', b.dataset.group === group);
  const tz = -new Date().getTimezoneOffset();
  const answer = await scoring(Promise.all([
    api(`/api/reports/scorecards?${range(new URLSearchParams({ group, tz }))}`),
    api(`/api/reports/scorecards?${range(new URLSearchParams({ group: 'day', tz }))}`)]));
  if (answer === STALE) return;
  const [cards, days] = answer;
  const head = [GROUPS[group].slice(1), '会话', '问候结束', '客户结束', '主动结束', '系统结束', '首次响应中位/P90', '等待过久/百会话',
    '发现项/百消息', '已确认严重', '满意/不满意', '流失成本'];
  $('#cards').replaceChildren(el('thead', {}, el('tr', {}, ...head.map(t => el('th', { text: t })))),
    el('tbody', {}, ...(cards.scorecards.length ? cards.scorecards.map(c => el('tr', { dataset: { key: c.key }, class: c.hundred_minus_one ? 'hmo-row' : '' },
      el('td', {}, c.key || '—', c.hundred_minus_one
        ? el('span', { class: 'badge critical hmo', title: `有 ${c.confirmed_criticals} 个已确认的严重问题`, text: '100 − 1 = 0' }) : ''),
      el('td', { text: String(c.conversations) }),
      ...['greeting', 'visitor', 'consultant', 'system'].map(k => el('td', { text: String(c.endings?.[k] || 0) })),
      el('td', { text: `${num(c.first_response_median_s)} / ${num(c.first_response_p90_s)} 秒` }),
      el('td', { text: num(c.idle_gaps_per_100_conversations) }),
      el('td', { title: Object.entries(c.findings_per_100_messages || {}).map(([k, v]) => `${KINDS[k] || k}：${num(v)}`).join('，'),
                 text: num(per100Total(c)) }),
      el('td', { class: c.confirmed_criticals ? 'critical-text' : '', text: String(c.confirmed_criticals) }),
      el('td', { text: `${c.satisfied} / ${c.unsatisfied}` }),
      el('td', { text: c.wasted_cost ? `${Math.round(c.wasted_cost)} 元` : '—' })))
      : [el('tr', {}, el('td', { colspan: head.length, class: 'muted', text: '所选时间内没有已结束的会话' }))])));
  $('#trend').replaceChildren(trendChart(everyDay(days.scorecards), { title: '每 100 条咨询师消息的发现项（按天）' }));
}

// One point per calendar day of the range (days without conversations are shown empty, so the
// spacing of the bars is time), or only the days that have data when the range is very long.
function everyDay(cards) {
  const byDay = new Map(cards.map(c => [c.key, { day: c.key, value: per100Total(c), critical: c.hundred_minus_one }]));
  const keys = [...byDay.keys()].sort();
  if (!keys.length) return [];
  const first = $('#f-from').value || keys[0], last = $('#f-to').value || keys.at(-1);
  const out = [];
  for (let d = new Date(first + 'T00:00:00'); ymd(d) <= last && out.length <= 92; d.setDate(d.getDate() + 1))
    out.push(byDay.get(ymd(d)) || { day: ymd(d), value: 0, empty: true });
  return out.length > 92 ? keys.map(k => byDay.get(k)) : out;
}

// ---- the list ----------------------------------------------------------------------------------

// Everyone who handled the conversation, in order (li → wang after a transfer): it is listed
// under each of them, with that consultant's own findings when the list is filtered by one.
function handledBy(c) {
  const names = [...(c.handled_by || [])];
  if (c.consultant && !names.includes(c.consultant)) names.push(c.consultant);
  return names.join(' → ') || '—';
}

const listing = latestWins();
async function load() {
  const q = query();
  q.set('limit', '20');
  if (cursors[page]) q.set('cursor', cursors[page]);
  const r = await listing(api('/api/qa/conversations?' + q));
  if (r === STALE) return;
  listedText = q.get('q') || '';
  cursors[page + 1] = r.next_cursor;
  $('#prev').disabled = page === 0;
  $('#next').disabled = !r.next_cursor;
  $('#pageno').textContent = `第 ${page + 1} 页`;
  $('#rows').replaceChildren(...(r.conversations.length ? r.conversations.map(c => el('tr', { class: 'clickable', dataset: { id: c.id }, onclick: guarded(() => open(c.id), '打开会话') },
    el('td', { text: dateTime(c.ended) }), el('td', { class: 'handled-by', text: handledBy(c) }), el('td', { text: c.department || '—' }),
    el('td', { text: seconds(c.duration_s) }), el('td', {}, el('span', { class: 'badge', text: ENDINGS[c.ending] || c.ending })),
    el('td', { text: `${c.visitor_messages} / ${c.consultant_messages}` }),
    el('td', {}, ...['critical', 'warning', 'info'].filter(s => c.findings[s]).map(s => el('span', { class: `badge ${s}`, text: `${SEVERITY[s]} ${c.findings[s]}` }))),
    el('td', {}, c.satisfied === null ? '—' : c.satisfied ? '满意' : '不满意',
      c.rating_comment ? el('q', { class: 'rating-comment list-comment', title: c.rating_comment, text: c.rating_comment }) : ''),
    el('td', { text: c.verdict === 'pass' ? '合格' : c.verdict === 'fail' ? '不合格' : '' })))
    : [el('tr', {}, el('td', { colspan: 9, class: 'muted', text: '没有符合条件的会话' }))]));
  $('#rows').dataset.listed = listedText;  // what the list shows was searched for, once drawn
}

// ---- one conversation --------------------------------------------------------------------------

// The latest click wins: a slower answer for a row clicked earlier is dropped, not drawn over it.
const opening = latestWins();
async function open(id) {
  const loaded = await opening(api('/api/conversations/' + encodeURIComponent(id)));
  if (loaded === STALE) return;
  current = loaded;
  // After a transfer the conversation is listed under its last consultant, but each reply (and
  // each finding in it) is its author's: QA judges the person who wrote it.
  const authors = [...new Set(current.messages.filter(m => m.from === 'consultant' && m.author).map(m => m.author))];
  const handedOver = authors.length > 1 || (authors.length === 1 && authors[0] !== current.consultant);
  const authorOf = new Map(current.messages.map(m => [m.seq, m.author]));
  // After a transfer, whose each finding is: the author of the reply, or (a wait, an ending) the
  // consultant it counts against, who held the chat then.
  const whose = f => !handedOver ? '' : authorOf.get(f.seq) ? `（${authorOf.get(f.seq)} 所发）`
    : f.consultant ? `（计入 ${f.consultant}）` : '';
  $('#detail').classList.remove('hidden');
  // Named as the console and the board name it (访客 3f9a1c); the full id, to copy, in the title.
  $('#detail-title').title = '会话 ' + current.id;
  $('#detail-title').textContent = `${visitorLabel(current.id)} · ${current.consultant || '—'} · ${current.department || '未分科室'} · ${ENDINGS[current.ending] || ''}${current.visit && current.visit.keyword ? ' · 搜索关键词：' + current.visit.keyword : ''}${handedOver ? ' · 经手：' + authors.join(' → ') : ''}`;
  const r = current.rating;
  $('#detail-rating').replaceChildren(el('b', { text: '访客评价：' }),
    !r ? el('span', { class: 'muted', text: '未评价' })
       : el('span', { class: `badge ${r.satisfied ? 'info' : 'critical'}`, text: r.satisfied ? '满意' : '不满意' }),
    r && r.comment ? el('q', { class: 'rating-comment', text: r.comment }) : '');
  const bySeq = new Map();
  for (const f of current.findings) if (f.seq) (bySeq.get(f.seq) || bySeq.set(f.seq, []).get(f.seq)).push(f);
  $('#detail-transcript').replaceChildren(...current.messages.map(m => el('div', { class: `msg ${m.from}` },
    el('span', { class: 'meta', text: `${m.seq}. ${m.from === 'visitor' ? '访客' : m.author ? `咨询师 ${m.author}` : '咨询师'} ${clock(m.at)}` }),
    ...(m.from === 'consultant' ? highlighted(m.text, bySeq.get(m.seq) || []) : [m.text]))));
  if (listedText) markMatches($('#detail-transcript'), listedText);
  $('#detail-findings').replaceChildren(...(current.findings.length ? oneLinePerWait(current.findings).map(f => {
    const note = el('input', { placeholder: '备注', size: 24, value: f.verdict_note || '', disabled: !canJudge });
    const state = el('span', { class: 'muted', text: f.verdict === 'confirmed' ? '已确认' : f.verdict === 'dismissed' ? '已驳回' : '' });
    const judge = async verdict => {
      try {
        // A wait stored as several steps gets the verdict on each, so it counts once or not at all.
        for (const id of f.ids) await api(`/api/findings/${id}/verdict`, { method: 'POST', body: { verdict, note: note.value } });
        state.textContent = verdict === 'confirmed' ? '已确认' : '已驳回';
        loadScorecards().catch(() => {});
        rules.load().catch(() => {});
      } catch (err) { notice(apiErrorText(err, '提交结论')); }
    };
    const why = canJudge ? undefined : '仅质检人员可以下结论';
    return el('div', { class: `finding ${f.severity}`, dataset: { finding: String(f.id) } },
      el('span', { class: `badge ${f.severity}`, text: SEVERITY[f.severity] }), ' ', describeFinding(f),
      f.seq ? ` · 第 ${f.seq} 条` : '', whose(f), f.matched ? `：“${f.matched}”` : '',
      f.detail ? el('div', { class: 'finding-detail', text: '触发依据：' + detailText(f.detail) }) : '',
      f.suggestion ? el('span', { class: 'muted', text: ' 建议：' + f.suggestion }) : '',
      el('div', { class: 'row wrap' }, note,
        el('button', { class: 'secondary', text: '确认', disabled: !canJudge, title: why, onclick: () => judge('confirmed') }),
        el('button', { class: 'secondary', text: '驳回', disabled: !canJudge, title: why, onclick: () => judge('dismissed') }), state));
  }) : [el('p', { class: 'muted', text: '没有发现项' })]));
  $('#conv-verdict').textContent = current.verdict === 'pass' ? '当前结论：合格' : current.verdict === 'fail' ? '当前结论：不合格' : '';
  $('#detail').dataset.conversation = current.id;  // which conversation the pane shows, once drawn
  $('#detail').scrollIntoView();
}

// Why a rule fired (a finding's detail): the classifier's cues in Chinese (scroll_up+second_person
// is 叫客户往上翻＋称呼“你”). A detail that is not all known cue names (another model's n-grams,
// a cue newer than the labels) is shown as written, quoted, never as bare ids.
function detailText(detail) {
  const parts = detail.split('+');
  return parts.every(p => CUES[p]) ? parts.map(p => CUES[p]).join('＋') : `“${detail}”`;
}

// What the list was searched for, marked where it was said (every occurrence, in every message;
// Latin letters in either case, as the search matches them), and the first one scrolled to.
function markMatches(root, needle) {
  const want = needle.toLowerCase();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT,
    { acceptNode: n => n.parentElement.closest('.meta') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.data, lower = text.toLowerCase();
    let at = lower.indexOf(want);
    if (at < 0) continue;
    const parts = [];
    let from = 0;
    while (at >= 0) {
      parts.push(text.slice(from, at), el('mark', { class: 'search-hit', text: text.slice(at, at + needle.length) }));
      from = at + needle.length;
      at = lower.indexOf(want, from);
    }
    parts.push(text.slice(from));
    node.replaceWith(...parts);
  }
  root.querySelector('mark.search-hit')?.scrollIntoView({ block: 'nearest' });
}

// A store may keep each step of one wait (warning, critical, its closing length) as its own row;
// QA sees one line per wait: the highest severity reached and the real length.
const RANK = { info: 0, warning: 1, critical: 2 };
function oneLinePerWait(findings) {
  const out = [], waits = new Map();
  for (const f of findings) {
    if (f.kind !== 'idle_gap') { out.push({ ...f, ids: [f.id] }); continue; }
    const w = waits.get(f.seq);
    if (!w) {
      const line = { ...f, ids: [f.id] };
      waits.set(f.seq, line);
      out.push(line);
      continue;
    }
    w.ids.push(f.id);
    w.duration_ms = Math.max(w.duration_ms || 0, f.duration_ms || 0);
    if (RANK[f.severity] > RANK[w.severity]) Object.assign(w, { severity: f.severity, rule: f.rule, verdict: f.verdict, verdict_note: f.verdict_note });
  }
  return out;
}

async function convVerdict(verdict) {
  if (!current) return;
  try {
    await api(`/api/conversations/${encodeURIComponent(current.id)}/verdict`, { method: 'POST', body: { verdict, note: $('#conv-note').value } });
  } catch (err) { return notice(apiErrorText(err, '提交会话结论')); }
  $('#conv-verdict').textContent = verdict === 'pass' ? '当前结论：合格' : '当前结论：不合格';
  load().catch(err => notice(apiErrorText(err, '刷新列表')));
}

async function exportCsv() {
  const res = await api('/api/qa/conversations.csv?' + query(), { raw: true });
  if (!res.ok) throw Object.assign(new Error((await res.json().catch(() => ({}))).message || '导出失败'), { status: res.status });
  const url = URL.createObjectURL(await res.blob());
  el('a', { href: url, download: 'lingting-conversations.csv' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function refresh() {
  cursors = [''];
  page = 0;
  load().catch(err => notice(apiErrorText(err, '加载会话列表')));
  loadScorecards().catch(err => notice(apiErrorText(err, '加载评分卡')));
  rules.load().catch(err => notice(apiErrorText(err, '加载规则准确率')));
  keywords.load().catch(err => notice(apiErrorText(err, '加载关键词报表')));
}

loadChoices().catch(err => notice(apiErrorText(err, '加载筛选项')));
refresh();
