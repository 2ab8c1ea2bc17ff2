// Canned replies (快捷回复) in the console: the department's (kept by supervisors) and the
// consultant's own (kept here). Inserted by a click in the list, or by typing `/` and a filter in
// the reply box (↑/↓ to choose, Enter to insert, Esc to close). An inserted reply is a draft like
// any other: the caller's `inserted` runs the pre-send check on it.
import { el, api, notice, apiErrorText } from './common.js';
import { saveCanned, deleteCanned } from './canned_store.js';

export function cannedReplies({ draft, inserted }) {
  let replies = [];          // [{id, scope, department, title, text, editable}]
  let department = '';       // the active conversation's, listed first
  let slash = null;          // {start, filter, index} while a `/` filter is open
  let editing = null;        // the personal reply being edited, or null for a new one
  let loadedAt = 0;          // a supervisor's changes arrive when the list is next opened
  const STALE_MS = 60000;

  const list = el('ul', { class: 'canned-list', id: 'canned-list' });
  const title = el('input', { id: 'canned-title', placeholder: '标题', maxLength: 40, size: 10 });
  const text = el('textarea', { id: 'canned-text', rows: 2, maxLength: 500, placeholder: '我的快捷回复内容' });
  const save = el('button', { type: 'button', class: 'secondary', id: 'canned-save', text: '保存', onclick: () => submit() });
  const panel = el('details', { class: 'canned', id: 'canned' },
    el('summary', { text: '快捷回复（在回复框输入 / 可搜索）' }),
    list,
    el('div', { class: 'canned-form row wrap' }, title, text, save,
      el('button', { type: 'button', class: 'link', text: '取消', onclick: () => resetForm() })));
  const popup = el('ul', { class: 'canned-popup hidden', id: 'canned-popup', role: 'listbox' });

  function ordered() {
    // The active conversation's department first, then other departments, then one's own.
    const rank = r => r.scope === 'personal' ? 2 : r.department === department ? 0 : 1;
    return replies.map((r, i) => [r, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(x => x[0]);
  }

  function label(r) { return r.scope === 'personal' ? '我的' : r.department; }

  function renderList() {
    const rows = ordered();
    list.replaceChildren(...(rows.length ? rows.map(r => el('li', { class: 'canned-item', dataset: { id: String(r.id) } },
      el('button', { type: 'button', class: 'link canned-use', title: r.text, onclick: () => insert(r) },
        el('span', { class: 'badge', text: label(r) }), ' ', el('b', { text: r.title }), ' ', el('span', { class: 'muted', text: r.text })),
      r.scope === 'personal' ? el('span', { class: 'canned-own' },
        el('button', { type: 'button', class: 'link', text: '编辑', onclick: () => edit(r) }),
        el('button', { type: 'button', class: 'link danger-text', text: '删除', onclick: () => remove(r) })) : ''))
      : [el('li', { class: 'muted', text: '暂无快捷回复' })]));
  }

  async function load() {
    try {
      replies = (await api('/api/canned')).replies;
      loadedAt = Date.now();
      renderList();
      if (slash) renderPopup();
    } catch (err) {
      notice(apiErrorText(err, '载入快捷回复'));
    }
  }

  // Inserts at the cursor; in `/` mode the `/filter` typed is replaced.
  function insert(r) {
    const value = draft.value;
    let start = draft.selectionStart ?? value.length, end = draft.selectionEnd ?? value.length;
    if (slash) { start = slash.start; end = draft.selectionStart; }
    draft.value = value.slice(0, start) + r.text + value.slice(end);
    const at = start + r.text.length;
    draft.setSelectionRange(at, at);
    closeSlash();
    draft.focus();
    inserted();
  }

  function matches(filter) {
    const f = filter.toLowerCase();
    return ordered().filter(r => !f || r.title.toLowerCase().includes(f) || r.text.toLowerCase().includes(f)).slice(0, 8);
  }

  function renderPopup() {
    if (!slash) return popup.classList.add('hidden');
    const found = matches(slash.filter);
    slash.index = Math.min(slash.index, Math.max(found.length - 1, 0));
    popup.classList.remove('hidden');
    popup.replaceChildren(...(found.length ? found.map((r, i) => el('li', {
      class: `canned-option${i === slash.index ? ' active' : ''}`, role: 'option', dataset: { id: String(r.id) },
      'aria-selected': String(i === slash.index),
      onmousedown: e => { e.preventDefault(); insert(r); } },
      el('span', { class: 'badge', text: label(r) }), ' ', el('b', { text: r.title }), ' ', el('span', { class: 'muted', text: r.text })))
      : [el('li', { class: 'muted', text: `没有包含“${slash.filter}”的快捷回复` })]));
  }

  function closeSlash() { slash = null; renderPopup(); }

  // `/` at the start of the box or after a space or line break opens the filter.
  function updateSlash() {
    const upto = draft.value.slice(0, draft.selectionStart);
    const m = /(^|\s)\/([^\s/]*)$/.exec(upto);
    if (!m) return closeSlash();
    const start = upto.length - m[2].length - 1;
    if (!slash && Date.now() - loadedAt > STALE_MS) load();
    slash = { start, filter: m[2], index: slash && slash.start === start ? slash.index : 0 };
    renderPopup();
  }

  draft.addEventListener('input', e => { if (!e.isComposing) updateSlash(); });
  draft.addEventListener('compositionend', updateSlash);
  draft.addEventListener('blur', () => setTimeout(closeSlash, 150));
  // Registered before the console's own keydown, so Enter picks a reply instead of sending.
  draft.addEventListener('keydown', e => {
    if (!slash || e.isComposing) return;
    const found = matches(slash.filter);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = Math.max(found.length, 1);
      slash.index = (slash.index + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      renderPopup();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      if (!found.length) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      insert(found[slash.index]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopImmediatePropagation();
      closeSlash();
    }
  });

  function resetForm() {
    editing = null;
    title.value = '';
    text.value = '';
    save.textContent = '保存';
  }

  function edit(r) {
    editing = r;
    title.value = r.title;
    text.value = r.text;
    save.textContent = '保存修改';
    panel.open = true;
    title.focus();
  }

  async function submit() {
    const body = { scope: 'personal', title: title.value.trim(), text: text.value.trim() };
    if (!body.title || !body.text) return notice('请填写快捷回复的标题和内容。');
    if (await saveCanned(editing, body)) {
      resetForm();
      await load();
    }
  }

  async function remove(r) {
    if (await deleteCanned(r)) await load();
  }


  panel.addEventListener('toggle', () => { if (panel.open && Date.now() - loadedAt > STALE_MS) load(); });
  load();
  return {
    panel, popup, reload: load,
    setDepartment(d) { if (d !== department) { department = d || ''; renderList(); } },
  };
}
