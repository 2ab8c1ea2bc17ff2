// QA audit: ended conversations filtered and paginated, a transcript with findings highlighted
// in place, verdicts on findings and on the conversation, CSV export of the filtered list.
import { el, $, api, requireLogin, header, clock, dateTime, seconds, describeFinding, highlighted,
         ENDINGS, KINDS, SEVERITY } from './common.js';

const me = await requireLogin(['qa', 'supervisor'], '质检登录');
let cursors = [''], page = 0, current = null;

const select = (id, label, options) => el('label', {}, label, el('select', { id },
  el('option', { value: '', text: '全部' }), ...Object.entries(options).map(([v, t]) => el('option', { value: v, text: t }))));
const input = (id, label, type = 'text') => el('label', {}, label, el('input', { id, type }));

document.body.append(
  header('质检审核', me),
  el('div', { class: 'grid2' },
    el('section', { class: 'panel wide' },
      el('form', { class: 'filters', id: 'filters', onsubmit: e => { e.preventDefault(); cursors = ['']; page = 0; load(); } },
        select('f-ending', '结束方式', ENDINGS), select('f-kind', '发现项', KINDS), select('f-severity', '严重程度', SEVERITY),
        input('f-consultant', '咨询师'), input('f-department', '科室'), input('f-from', '起始日期', 'date'), input('f-to', '截止日期', 'date'),
        el('button', { type: 'submit', text: '筛选' }),
        el('button', { type: 'button', class: 'secondary', text: '导出 CSV', onclick: exportCsv })),
      el('table', {}, el('thead', {}, el('tr', {}, ...['结束时间', '咨询师', '科室', '时长', '结束方式', '消息', '发现项', '满意度', '结论']
        .map(t => el('th', { text: t })))), el('tbody', { id: 'rows' })),
      el('div', { class: 'pager' },
        el('button', { class: 'secondary', id: 'prev', text: '上一页', onclick: () => { page--; load(); } }),
        el('span', { id: 'pageno', class: 'muted' }),
        el('button', { class: 'secondary', id: 'next', text: '下一页', onclick: () => { page++; load(); } }))),
    el('section', { class: 'panel wide hidden', id: 'detail' },
      el('h3', { id: 'detail-title' }),
      el('div', { class: 'transcript', id: 'detail-transcript' }),
      el('h3', { text: '发现项' }), el('div', { id: 'detail-findings' }),
      el('h3', { text: '会话结论' }),
      el('div', { class: 'row' }, el('input', { id: 'conv-note', placeholder: '备注（选填）', size: 40 }), ' ',
        el('button', { text: '合格', onclick: () => convVerdict('pass') }), ' ',
        el('button', { class: 'danger', text: '不合格', onclick: () => convVerdict('fail') }), ' ',
        el('span', { id: 'conv-verdict', class: 'muted' })))));

function query() {
  const q = new URLSearchParams();
  const v = id => $('#' + id).value.trim();
  if (v('f-ending')) q.set('ending', v('f-ending'));
  if (v('f-kind')) q.set('kind', v('f-kind'));
  if (v('f-severity')) q.set('severity', v('f-severity'));
  if (v('f-consultant')) q.set('consultant', v('f-consultant'));
  if (v('f-department')) q.set('department', v('f-department'));
  if (v('f-from')) q.set('from', new Date(v('f-from') + 'T00:00:00').toISOString());
  if (v('f-to')) q.set('to', new Date(new Date(v('f-to') + 'T00:00:00').getTime() + 86400000).toISOString());
  return q;
}

async function load() {
  const q = query();
  q.set('limit', '20');
  if (cursors[page]) q.set('cursor', cursors[page]);
  const r = await api('/api/qa/conversations?' + q);
  cursors[page + 1] = r.next_cursor;
  $('#prev').disabled = page === 0;
  $('#next').disabled = !r.next_cursor;
  $('#pageno').textContent = `第 ${page + 1} 页`;
  $('#rows').replaceChildren(...(r.conversations.length ? r.conversations.map(c => el('tr', { class: 'clickable', dataset: { id: c.id }, onclick: () => open(c.id) },
    el('td', { text: dateTime(c.ended) }), el('td', { text: c.consultant || '—' }), el('td', { text: c.department || '—' }),
    el('td', { text: seconds(c.duration_s) }), el('td', {}, el('span', { class: 'badge', text: ENDINGS[c.ending] || c.ending })),
    el('td', { text: `${c.visitor_messages} / ${c.consultant_messages}` }),
    el('td', {}, ...['critical', 'warning', 'info'].filter(s => c.findings[s]).map(s => el('span', { class: `badge ${s}`, text: `${SEVERITY[s]} ${c.findings[s]}` }))),
    el('td', { text: c.satisfied === null ? '—' : c.satisfied ? '满意' : '不满意' }),
    el('td', { text: c.verdict === 'pass' ? '合格' : c.verdict === 'fail' ? '不合格' : '' })))
    : [el('tr', {}, el('td', { colspan: 9, class: 'muted', text: '没有符合条件的会话' }))]));
}

async function open(id) {
  current = await api('/api/conversations/' + encodeURIComponent(id));
  $('#detail').classList.remove('hidden');
  $('#detail-title').textContent = `会话 ${current.id} · ${current.consultant || '—'} · ${current.department || '未分科室'} · ${ENDINGS[current.ending] || ''}`;
  const bySeq = new Map();
  for (const f of current.findings) if (f.seq) (bySeq.get(f.seq) || bySeq.set(f.seq, []).get(f.seq)).push(f);
  $('#detail-transcript').replaceChildren(...current.messages.map(m => el('div', { class: `msg ${m.from}` },
    el('span', { class: 'meta', text: `${m.seq}. ${m.from === 'visitor' ? '访客' : '咨询师'} ${clock(m.at)}` }),
    ...(m.from === 'consultant' ? highlighted(m.text, bySeq.get(m.seq) || []) : [m.text]))));
  $('#detail-findings').replaceChildren(...(current.findings.length ? current.findings.map(f => {
    const note = el('input', { placeholder: '备注', size: 24, value: f.verdict_note || '' });
    const state = el('span', { class: 'muted', text: f.verdict === 'confirmed' ? '已确认' : f.verdict === 'dismissed' ? '已驳回' : '' });
    const judge = async verdict => {
      await api(`/api/findings/${f.id}/verdict`, { method: 'POST', body: { verdict, note: note.value } });
      state.textContent = verdict === 'confirmed' ? '已确认' : '已驳回';
    };
    return el('div', { class: `finding ${f.severity}`, dataset: { finding: String(f.id) } },
      el('span', { class: `badge ${f.severity}`, text: SEVERITY[f.severity] }), ' ', describeFinding(f),
      f.seq ? ` · 第 ${f.seq} 条` : '', f.matched ? `：“${f.matched}”` : '', f.suggestion ? el('span', { class: 'muted', text: ' 建议：' + f.suggestion }) : '',
      el('div', {}, note, ' ', el('button', { class: 'secondary', text: '确认', onclick: () => judge('confirmed') }), ' ',
        el('button', { class: 'secondary', text: '驳回', onclick: () => judge('dismissed') }), ' ', state));
  }) : [el('p', { class: 'muted', text: '没有发现项' })]));
  $('#conv-verdict').textContent = current.verdict === 'pass' ? '当前结论：合格' : current.verdict === 'fail' ? '当前结论：不合格' : '';
  $('#detail').scrollIntoView();
}

async function convVerdict(verdict) {
  if (!current) return;
  await api(`/api/conversations/${encodeURIComponent(current.id)}/verdict`, { method: 'POST', body: { verdict, note: $('#conv-note').value } });
  $('#conv-verdict').textContent = verdict === 'pass' ? '当前结论：合格' : '当前结论：不合格';
  load();
}

async function exportCsv() {
  const res = await api('/api/qa/conversations.csv?' + query(), { raw: true });
  const url = URL.createObjectURL(await res.blob());
  el('a', { href: url, download: 'lingting-conversations.csv' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

load();
