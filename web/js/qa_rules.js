// 规则准确率: each analyzer rule's precision from QA's verdicts (confirmed / judged since its last
// review), least precise first, with the latest findings QA dismissed. A rule below the clinic's
// floor is quiet: its findings are still recorded and listed here, but supervisors get no live
// alert from it until a supervisor marks it reviewed (which starts a new window of verdicts).
import { el, api, dateTime, notice, apiErrorText, KINDS, CATEGORIES, latestWins, STALE } from './common.js';

const percent = p => p === null || p === undefined ? '—' : `${Math.round(p * 100)}%`;

// What each rule is, in Chinese: "phrase:等着吧" is the lexicon entry 等着吧, "ime_confusion:报批"
// the IME homophone 报批, "classifier:scolding" the rude-reply classifier's category; a rule without
// ':' is a named check of the analyzer (idle_critical, fillers_only, ...). QA must never read a
// bare id; one this page does not know yet is shown quoted, as written.
const CHECKS = {
  idle_warning: '等待超过提醒阈值', idle_critical: '等待超过严重阈值', gap_closed: '等待时长',
  first_response: '首次回复超时', fillers_only: '只回“嗯、哦、好的”之类', bare_answer: '回复过于简短',
  same_text: '重复发送相同内容', effort_ratio: '回复字数远少于访客', spelling: '拼写错误',
  no_contact_no_appointment: '有意向，未留联系方式也未预约', dropped_while_booking: '预约过程中流失',
  repeated_question_marks: '连续问号', repeated_full_stops: '连续句号', blocked: '被拦截未发出',
};
function ruleWhat(rule) {
  const at = rule.indexOf(':');
  if (at < 0) return CHECKS[rule] || `“${rule}”`;
  const [prefix, rest] = [rule.slice(0, at), rule.slice(at + 1)];
  if (prefix === 'classifier') return `回复分类模型 · ${CATEGORIES[rest] || `“${rest}”`}`;
  if (prefix === 'ime_confusion') return `输入法同音误选 “${rest}”`;
  return `“${rest}”`;
}
function ruleLabel(r) {
  return `${KINDS[r.kind] || r.kind} · ${ruleWhat(r.rule)}`;
}

// The precision as a bar. Its width is set through the CSSOM: the pages' Content-Security-Policy
// refuses inline style attributes.
function bar(precision) {
  const fill = el('span');
  fill.style.width = `${Math.round((precision ?? 0) * 100)}%`;
  return el('div', { class: 'rule-bar', title: `准确率 ${percent(precision)}` }, fill);
}

export function rulesPanel(me) {
  const canReview = me.role === 'supervisor';
  const list = el('div', { class: 'rule-list', id: 'rule-list' });
  const floor = el('p', { class: 'muted small-print', id: 'rule-floor' });
  const section = el('section', { class: 'panel wide', id: 'rules' },
    el('h3', { text: '规则准确率' }),
    floor,
    canReview ? '' : el('p', { class: 'muted small-print', text: '“标记已复核”由主管操作；您的账号可以查看。' }),
    list);

  async function review(r) {
    try {
      await api('/api/qa/rules/review', { method: 'POST', body: { kind: r.kind, rule: r.rule } });
      notice(`已复核：${ruleLabel(r)}，重新开始统计。`, 'info', { timeout: 4000 });
      await load();
    } catch (err) { notice(apiErrorText(err, '标记已复核')); }
  }

  function card(r) {
    const state = r.quiet
      ? el('span', { class: 'badge critical', text: '已静默：不再提醒主管' })
      : r.judged ? el('span', { class: 'badge info', text: '正常提醒' }) : el('span', { class: 'badge', text: '待质检' });
    return el('div', { class: `rule-card${r.quiet ? ' quiet' : ''}`, dataset: { rule: r.rule, kind: r.kind } },
      el('div', { class: 'row wrap' },
        el('b', { class: 'grow rule-name', text: ruleLabel(r) }),
        el('span', { class: 'rule-precision', text: percent(r.precision) }), state),
      bar(r.precision),
      el('div', { class: 'muted small-print' },
        `已判定 ${r.judged} 条，确认 ${r.confirmed} 条，驳回 ${r.judged - r.confirmed} 条`,
        r.reviewed_at ? `；${r.reviewed_by} 于 ${dateTime(r.reviewed_at)} 复核，之后的结论重新统计` : ''),
      r.dismissed.length ? el('ul', { class: 'rule-examples' }, ...r.dismissed.map(x => el('li', {},
        el('span', { class: 'muted', text: `${dateTime(x.at)} 驳回：` }),
        x.text ? el('q', { text: x.text }) : el('q', { text: x.matched }),
        x.note ? el('span', { class: 'muted', text: `（${x.note}）` }) : ''))) : '',
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'secondary small', text: '标记已复核', disabled: !canReview,
                       title: canReview ? '规则已修改或确认无误：重新开始统计准确率' : '仅主管可以标记已复核',
                       onclick: () => review(r) })));
  }

  // The latest request wins: each verdict reloads the view, and an earlier answer arriving last
  // would leave the precision from before the latest verdict on screen.
  const loading = latestWins();
  async function load() {
    const r = await loading(api('/api/qa/rules'));
    if (r === STALE) return;
    floor.textContent = `准确率低于 ${percent(r.min_precision)}（至少 ${r.min_judged} 条质检结论）的规则会被静默：仍记录发现项，但不再实时提醒主管，直到主管标记已复核。`;
    list.replaceChildren(...(r.rules.length ? r.rules.map(card)
      : [el('p', { class: 'muted', text: '还没有质检结论。对发现项点“确认”或“驳回”后，这里会显示每条规则的准确率。' })]));
  }

  return { section, load };
}
