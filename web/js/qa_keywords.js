// The keyword report of the QA page (issue 13): per search keyword, source or campaign over the
// chosen dates, what the paid visitors became — with intent, contact or appointment (conversion),
// wasted and what that cost, endings, consultants — sortable, with CSV export. Its first view is
// "the best keywords we wasted": sorted by wasted cost. Supervisors may import daily ad spend.
import { el, $, api, guarded, notice, apiErrorText, ENDINGS, latestWins, STALE } from './common.js';

const GROUPS = { keyword: '按关键词', source: '按来源', campaign: '按推广计划' };
const SOURCES = { baidu: '百度', 360: '360搜索', sogou: '搜狗', shenma: '神马', bing: '必应', google: '谷歌', direct: '直接访问' };
const COLUMNS = [
  ['key', '关键词'], ['source', '主要来源'], ['conversations', '会话'], ['with_intent', '有意向'], ['converted', '留联/预约'],
  ['conversion_rate', '转化率'], ['wasted', '意向流失'], ['wasted_cost', '流失成本'], ['endings', '结束方式'],
  ['consultants', '涉及咨询师'], ['spend', '推广花费'],
];
const SORTABLE = new Set(['key', 'conversations', 'with_intent', 'converted', 'conversion_rate', 'wasted', 'wasted_cost', 'spend']);

// `range(q)` adds the page's from/to to a URLSearchParams; `canImport`: a supervisor.
export function keywordReport({ range, canImport }) {
  let group = 'keyword', sort = 'wasted_cost', order = 'desc';
  const params = () => range(new URLSearchParams({ group, sort, order, tz: String(-new Date().getTimezoneOffset()) }));
  const section = el('section', { class: 'panel wide', id: 'keywords' },
    el('div', { class: 'row wrap' }, el('h3', { class: 'grow', id: 'kw-title', text: '浪费最多的好关键词' }),
      el('span', { class: 'tabs', id: 'kw-groups' }, ...Object.entries(GROUPS).map(([k, t]) =>
        el('button', { type: 'button', class: `secondary small${k === group ? ' on' : ''}`, dataset: { group: k }, text: t,
          onclick: () => { group = k; load().catch(fail); } }))),
      el('button', { type: 'button', class: 'secondary small', text: '导出 CSV', onclick: guarded(exportCsv, '导出') }),
      canImport ? el('label', { class: 'secondary small upload' }, '导入推广花费',
        el('input', { type: 'file', accept: '.csv,text/csv', id: 'kw-spend', class: 'hidden', onchange: guarded(importSpend, '导入') })) : ''),
    el('p', { class: 'muted small-print', text: '访客通过搜索关键词进入网站的咨询：有意向却未留下联系方式或预约即为“意向流失”，成本按来源或科室计。点击列名排序。' }),
    el('div', { class: 'table-wrap' }, el('table', { id: 'kw-table' })));

  const fail = err => notice(apiErrorText(err, '加载关键词报表'));
  const name = (k, row) => group === 'source' ? SOURCES[k] || k || '直接访问' : k || (group === 'keyword' ? '（无关键词）' : '（无推广计划）');
  const cell = (k, r) => {
    switch (k) {
      case 'key': return el('td', { class: 'kw-key', text: name(r.key, r) });
      case 'source': return el('td', { text: SOURCES[r.source] || r.source || '—' });
      case 'conversion_rate': return el('td', { text: r.conversations ? (100 * r.conversion_rate).toFixed(1) + '%' : '—' });
      case 'wasted_cost': return el('td', { class: r.wasted_cost ? 'kw-wasted' : '', text: r.wasted_cost ? `¥${Math.round(r.wasted_cost)}` : '0' });
      case 'endings': return el('td', { class: 'small-print', text: Object.entries(r.endings).filter(([, n]) => n).map(([e, n]) => `${ENDINGS[e]} ${n}`).join('，') || '—' });
      case 'consultants': return el('td', { text: r.consultants.join('、') || '—' });
      case 'spend': return el('td', { text: r.clicks || r.spend ? `¥${Math.round(r.spend)}（${r.clicks} 次点击）` : '—' });
      default: return el('td', { text: String(r[k]) });
    }
  };

  // The latest request wins: a sort or group clicked while an earlier answer is on its way is
  // not drawn over by that earlier answer.
  const loading = latestWins();
  async function load() {
    for (const b of section.querySelectorAll('#kw-groups button')) b.classList.toggle('on', b.dataset.group === group);
    $('#kw-title', section).textContent = sort === 'wasted_cost' && order === 'desc'
      ? (group === 'keyword' ? '浪费最多的好关键词' : group === 'source' ? '按来源：意向流失' : '按推广计划：意向流失')
      : '关键词报表';
    const r = await loading(api('/api/reports/keywords?' + params()));
    if (r === STALE) return;
    const columns = COLUMNS.filter(([k]) => group === 'keyword' || (k !== 'spend' && !(group === 'source' && k === 'source')))
      .map(([k, t]) => [k, k === 'key' ? (group === 'source' ? '来源' : group === 'campaign' ? '推广计划' : '关键词') : t]);
    $('#kw-table', section).replaceChildren(
      el('thead', {}, el('tr', {}, ...columns.map(([k, t]) => el('th', {
        class: SORTABLE.has(k) ? 'sortable' : '', dataset: { key: k }, 'aria-sort': k === sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined,
        text: t + (k === sort ? (order === 'asc' ? ' ▲' : ' ▼') : ''),
        onclick: SORTABLE.has(k) ? () => { order = k === sort && order === 'desc' ? 'asc' : 'desc'; sort = k; load().catch(fail); } : undefined })))),
      el('tbody', {}, ...(r.rows.length ? r.rows.map(row => el('tr', { dataset: { key: row.key } }, ...columns.map(([k]) => cell(k, row))))
        : [el('tr', {}, el('td', { colspan: columns.length, class: 'muted', text: '所选时间内没有会话' }))])));
  }

  async function exportCsv() {
    const res = await api('/api/reports/keywords?' + params() + '&format=csv', { raw: true });
    if (!res.ok) throw Object.assign(new Error((await res.json().catch(() => ({}))).message || '导出失败'), { status: res.status });
    const url = URL.createObjectURL(await res.blob());
    el('a', { href: url, download: 'lingting-keywords.csv' }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function importSpend(e) {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 60 * 1024) return notice('文件过大：每次最多 60 KB（约 5000 行），请分批导入。');
    const r = await api('/api/keywords/spend', { method: 'POST', body: { csv: await file.text() } });
    notice(`已导入 ${r.imported} 行推广花费。`, 'info', { timeout: 6000 });
    await load();
  }

  return { section, load };
}
