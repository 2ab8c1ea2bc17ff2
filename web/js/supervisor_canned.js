// The board's management of department canned replies (科室快捷回复): supervisors create, edit and
// delete them; consultants of the department see them in their console at once (next load).
import { el, api, notice, apiErrorText } from './common.js';
import { saveCanned, deleteCanned } from './canned_store.js';

export function cannedManager() {
  let replies = [], departments = [], editing = null;
  const pick = el('select', { id: 'canned-department', onchange: () => render() });
  const list = el('ul', { class: 'canned-list', id: 'canned-admin-list' });
  const title = el('input', { id: 'canned-admin-title', placeholder: '标题', maxLength: 40, size: 10 });
  const text = el('textarea', { id: 'canned-admin-text', rows: 2, maxLength: 500, placeholder: '科室快捷回复内容' });
  const save = el('button', { type: 'button', id: 'canned-admin-save', text: '添加', onclick: () => submit() });
  const element = el('section', { class: 'panel canned', id: 'canned-admin' },
    el('h3', { class: 'row' }, el('span', { class: 'grow', text: '科室快捷回复' }), pick),
    list,
    el('div', { class: 'canned-form row wrap' }, title, text, save,
      el('button', { type: 'button', class: 'link', text: '取消', onclick: () => resetForm() })));

  function render() {
    const d = pick.value;
    const rows = replies.filter(r => r.scope === 'department' && r.department === d);
    list.replaceChildren(...(rows.length ? rows.map(r => el('li', { class: 'canned-item', dataset: { id: String(r.id) } },
      el('span', { class: 'canned-use' }, el('b', { text: r.title }), ' ', el('span', { class: 'muted', text: r.text })),
      el('span', { class: 'canned-own' },
        el('button', { type: 'button', class: 'link', text: '编辑', onclick: () => edit(r) }),
        el('button', { type: 'button', class: 'link danger-text', text: '删除', onclick: () => remove(r) }))))
      : [el('li', { class: 'muted', text: '该科室暂无快捷回复' })]));
  }

  async function load() {
    try {
      const data = await api('/api/canned');
      replies = data.replies;
      if (!departments.length) {
        departments = data.departments;
        const keep = pick.value;
        pick.replaceChildren(...departments.map(d => el('option', { value: d, text: d })));
        if (keep) pick.value = keep;
      }
      render();
    } catch (err) {
      notice(apiErrorText(err, '载入快捷回复'));
    }
  }

  function resetForm() {
    editing = null;
    title.value = '';
    text.value = '';
    save.textContent = '添加';
  }

  function edit(r) {
    editing = r;
    title.value = r.title;
    text.value = r.text;
    save.textContent = '保存修改';
    title.focus();
  }

  async function submit() {
    const body = { scope: 'department', department: pick.value, title: title.value.trim(), text: text.value.trim() };
    if (!body.title || !body.text) return notice('请填写快捷回复的标题和内容。');
    if (await saveCanned(editing, body, { title: body.title, text: body.text })) {
      resetForm();
      await load();
    }
  }

  async function remove(r) {
    if (await deleteCanned(r)) await load();
  }


  load();
  return { element };
}
