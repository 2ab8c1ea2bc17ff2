// The consultant's own presence (在线/忙碌/离开) and load (n/max). The server keeps the state for
// the session (a reload or reconnect finds it again) and says it in `presence` frames; only 在线
// takes new visitors, 忙碌 and 离开 keep the chats they have.
import { el, api, notice, apiErrorText } from './common.js';

export const PRESENCE = { online: '在线', busy: '忙碌', away: '离开' };

export function presenceControl(send) {
  const select = el('select', { id: 'presence', title: '我的状态：忙碌或离开时不接新访客', disabled: true },
    ...Object.entries(PRESENCE).map(([value, label]) => el('option', { value, text: label })));
  const load = el('span', { class: 'load', id: 'load', title: '当前接待数 / 自动分配上限', text: '' });
  const hint = el('span', { class: 'muted presence-hint', id: 'presence-hint', text: '' });
  const box = el('div', { class: 'presence-bar row wrap', id: 'presence-bar' },
    el('label', { for: 'presence', text: '我的状态' }), select, load, hint);
  let current = null;
  select.addEventListener('change', () => {
    const wanted = select.value;
    if (!send({ type: 'presence', state: wanted })) {
      select.value = current || 'online';
      notice('连接中断，状态未更改，连接恢复后请重新选择。');
      return false;
    }
    select.disabled = true;  // until the server confirms
    return true;
  });
  return {
    element: box,
    // A `presence` frame: the state the server holds, and the load.
    update(f) {
      current = f.state;
      select.value = f.state;
      select.disabled = false;
      box.dataset.state = f.state;
      load.textContent = `接待 ${f.load}/${f.max}`;
      load.classList.toggle('full', f.load >= f.max);
      hint.textContent = f.state === 'online' ? (f.load >= f.max ? '已满，新访客排队' : '')
        : '不接新访客，进行中的会话照常';
    },
    // While the socket is down the state cannot be changed.
    connection(up) { if (!up) select.disabled = true; },
  };
}

// The transfer field suggests the colleagues who are there now, with their presence and load, so
// a transfer goes to someone who can take it (asked of the server each time the field is entered).
export function colleagueChoices(input, me) {
  const list = el('datalist', { id: 'colleagues' });
  input.setAttribute('list', 'colleagues');
  input.after(list);
  let asking = false;
  input.addEventListener('focus', async () => {
    if (asking) return;
    asking = true;
    try {
      const { staff } = await api('/api/staff');
      const rank = { online: 0, busy: 1, away: 2 };
      list.replaceChildren(...staff.filter(s => s.connected && s.name !== me)
        .sort((a, b) => rank[a.state] - rank[b.state] || a.load - b.load || a.name.localeCompare(b.name))
        .map(s => el('option', { value: s.name, label: `${PRESENCE[s.state]} · 接待 ${s.load}/${s.max}` })));
    } catch (err) {
      notice(apiErrorText(err, '载入同事列表'));
    } finally {
      asking = false;
    }
  });
}
