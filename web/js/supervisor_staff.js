// The board's staff list: every consultant's presence (在线/忙碌/离开, or 离线) and load (n/max),
// live from `staff_list` and `staff_update` frames; and the choices the board's actions offer
// (transfer, assign a queued visitor) — consultants with a live connection.
import { el } from './common.js';
import { PRESENCE } from './console_presence.js';

export function staffRoster() {
  const staff = new Map();  // name -> {name, state, connected, load, max, departments}
  const body = el('tbody', { id: 'staff' });
  const element = el('section', { class: 'panel', id: 'staff-panel' },
    el('h3', { text: '咨询师状态' }),
    el('div', { class: 'table-wrap' }, el('table', { class: 'staff-table' },
      el('thead', {}, el('tr', {}, ...['咨询师', '状态', '接待', '科室'].map(t => el('th', { text: t })))), body)));
  // Names in a fixed order (by name), so a line that changes does not move under the cursor.
  function render() {
    const rows = [...staff.values()].sort((a, b) => a.name.localeCompare(b.name));
    body.replaceChildren(...(rows.length ? rows.map(s => {
      const state = s.connected ? s.state : 'offline';
      return el('tr', { dataset: { name: s.name, state } },
        el('td', { text: s.name }),
        el('td', {}, el('span', { class: `state ${state}`, text: s.connected ? PRESENCE[s.state] : '离线' })),
        el('td', { class: `load-cell${s.load >= s.max ? ' full' : ''}`, text: `${s.load}/${s.max}` }),
        el('td', { class: 'muted', text: s.departments.length ? s.departments.join('、') : '全部科室' }));
    }) : [el('tr', {}, el('td', { colspan: 4, class: 'muted', text: '暂无咨询师登录' }))]));
  }
  render();
  return {
    element,
    // True if the frame was the roster's.
    onFrame(f) {
      if (f.type === 'staff_list') {
        staff.clear();
        for (const s of f.staff) staff.set(s.name, s);
      } else if (f.type === 'staff_update') {
        staff.set(f.staff.name, f.staff);
      } else {
        return false;
      }
      render();
      return true;
    },
    // Whether a consultant has a live connection (false: gone, within the grace or logged out).
    connected(name) { return !!staff.get(name)?.connected; },
    // Who can receive a conversation now: connected consultants, 在线 first, then by load.
    choices(except = '') {
      const rank = { online: 0, busy: 1, away: 2 };
      return [...staff.values()].filter(s => s.connected && s.name !== except)
        .sort((a, b) => rank[a.state] - rank[b.state] || a.load - b.load || a.name.localeCompare(b.name));
    },
  };
}
