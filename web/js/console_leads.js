// 留言: the leave-a-message leads visitors left when nobody of their department could answer.
// A panel for the console (consultants: their departments' leads) and the supervisor board
// (all leads): the open ones with their count, each closed with one click (who and when are
// recorded). Polled, since a lead is a call-back, not a live chat.
import { el, api, dateTime, notice, apiErrorText, latestWins, STALE } from './common.js';

const POLL_MS = 10000;

// Mounts the panel into `where` (appended) and keeps it current. `onNew(lead)`, if given, is
// called for each lead that arrives after the first load (the console says so: on a busy shift
// the panel sits below the fold of the side column, and a call-back waited unseen).
export function mountLeads(where, { onNew } = {}) {
  if (!document.querySelector('link[href="/css/leads.css"]'))
    document.head.append(el('link', { rel: 'stylesheet', href: '/css/leads.css' }));
  const count = el('span', { class: 'count-badge', id: 'leads-count', text: '0' });
  const list = el('ul', { class: 'list leads', id: 'leads' });
  const panel = el('section', { class: 'panel', id: 'leads-panel' },
    el('h3', { class: 'row' }, el('span', { class: 'grow', text: '留言 ' }), count), list);
  where.append(panel);
  let timer, failed = null;  // the notice of a failing poll, taken away when a poll works again
  let seen = null;           // ids of the open leads already shown (null until the first load)
  const loading = latestWins();  // the latest refresh: only it draws and polls on

  async function refresh() {
    clearTimeout(timer);
    try {
      const data = await loading(api('/api/leads'));
      // A lead closed while a poll was on its way: that poll's older answer must not draw the
      // lead back (until the next poll), nor start a second round of polling.
      if (data === STALE) return;
      const open = data.leads.filter(l => !l.closed);
      if (seen && onNew) for (const l of open) if (!seen.has(l.id)) onNew(l);
      seen = new Set(open.map(l => l.id));
      render(open, data.open);
      failed?.remove();
      failed = null;
    } catch (e) {
      if (e.status !== 401) failed = notice(apiErrorText(e, '读取留言'));
    }
    timer = setTimeout(refresh, POLL_MS);
  }

  function render(open, n) {
    count.textContent = String(n);
    count.classList.toggle('hot', n > 0);
    list.replaceChildren(...(open.length ? open.map(item) : [el('li', { class: 'muted', text: '暂无留言' })]));
  }

  function item(l) {
    const close = el('button', { type: 'button', class: 'secondary small', text: '已处理' });
    close.addEventListener('click', async () => {
      close.disabled = true;
      try {
        await api(`/api/leads/${l.id}/close`, { method: 'POST' });
      } catch (e) {
        notice(apiErrorText(e, '处理留言'));
      }
      refresh();
    });
    return el('li', { class: 'lead', dataset: { id: String(l.id) } },
      el('div', { class: 'row' },
        el('strong', { class: 'grow', text: `${l.name || '（未留姓名）'} · ${l.department}` }),
        el('span', { class: 'muted', text: dateTime(l.created) })),
      el('div', {}, el('a', { href: 'tel:' + l.phone.replace(/[^\d+]/g, ''), class: 'phone', text: l.phone })),
      l.message && el('div', { class: 'lead-message', text: l.message }),
      el('div', { class: 'row' }, el('span', { class: 'grow' }), close));
  }

  refresh();
  return { refresh };
}
