// The console's memory across a reload (drafts, findings, the open conversation) and its ways of
// calling a consultant back to the tab: a beep, a flashing title and a desktop notification.

import { el } from './common.js';

// Kept in sessionStorage: it survives a reload of the tab but not closing it, and is never
// shared with another tab or written to disk for good (these are patients' words).
const PREFIX = 'lingting.console.';
export const saved = {
  get(key) {
    try { return JSON.parse(sessionStorage.getItem(PREFIX + key)); } catch (_) { return null; }
  },
  set(key, value) {
    try {
      if (value === null || value === undefined || value === '') sessionStorage.removeItem(PREFIX + key);
      else sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (_) { /* storage full or disabled: the console still works, it just forgets */ }
  },
  remove(key) { sessionStorage.removeItem(PREFIX + key); },
  // Conversations this tab has already announced, so a reload does not ring for each again.
  known(id) { return (this.get('known') || []).includes(id); },
  remember(id) {
    const known = this.get('known') || [];
    if (!known.includes(id)) this.set('known', [...known, id].slice(-200));
  },
  forget(id) {
    this.set('known', (this.get('known') || []).filter(k => k !== id));
    this.remove('draft.' + id);
    this.remove('findings.' + id);
  },
};

export function alerter(username) {
  const soundKey = 'lingting.sound.' + username;
  let focused = document.hasFocus() && document.visibilityState === 'visible';
  let audio = null;
  let flashTimer = null;
  let unread = 0;
  const baseTitle = document.title;
  const focusHandlers = [];

  const sound = el('input', { type: 'checkbox', id: 'sound', title: '有新会话或新消息时响铃' });
  sound.checked = localStorage.getItem(soundKey) !== 'off';
  sound.addEventListener('change', () => localStorage.setItem(soundKey, sound.checked ? 'on' : 'off'));
  const permit = el('button', { type: 'button', class: 'secondary small', id: 'notify-permit', text: '开启桌面通知' });
  const controls = el('span', { class: 'alert-controls muted' }, el('label', {}, sound, ' 提示音'), permit);

  const showPermission = () => {
    if (!('Notification' in window)) { permit.remove(); return; }
    if (Notification.permission === 'granted') permit.remove();
    else if (Notification.permission === 'denied') { permit.disabled = true; permit.textContent = '桌面通知已被浏览器禁止'; }
  };
  permit.addEventListener('click', async () => {
    try { await Notification.requestPermission(); } catch (_) { /* old callback form: ignored */ }
    showPermission();
  });
  showPermission();

  // Browsers allow sound only after a gesture on the page; the login click or any key will do.
  const unlock = () => {
    if (!audio && (window.AudioContext || window.webkitAudioContext)) audio = new (window.AudioContext || window.webkitAudioContext)();
    if (audio && audio.state === 'suspended') audio.resume().catch(() => {});
  };
  document.addEventListener('pointerdown', unlock, true);
  document.addEventListener('keydown', unlock, true);

  function beep() {
    if (!sound.checked) return;
    unlock();
    if (!audio) return;
    const o = audio.createOscillator(), g = audio.createGain();
    o.frequency.value = 880;
    g.gain.setValueAtTime(0.15, audio.currentTime);
    g.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
    o.connect(g).connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + 0.25);
  }

  function title() { return unread ? `(${unread}) ${baseTitle}` : baseTitle; }
  function flash() {
    if (flashTimer) return;
    let on = false;
    flashTimer = setInterval(() => {
      on = !on;
      document.title = on ? '【新消息】' + baseTitle : title();
    }, 1000);
    document.title = '【新消息】' + baseTitle;
  }
  function stopFlash() {
    clearInterval(flashTimer);
    flashTimer = null;
    document.title = title();
  }

  const setFocus = value => {
    if (value === focused) return;
    focused = value;
    if (focused) { stopFlash(); focusHandlers.forEach(h => h()); }
  };
  window.addEventListener('focus', () => setFocus(document.visibilityState === 'visible'));
  window.addEventListener('blur', () => setFocus(false));
  document.addEventListener('visibilitychange', () => setFocus(document.visibilityState === 'visible' && document.hasFocus()));

  return {
    controls,
    focused: () => focused,
    onFocus: h => focusHandlers.push(h),
    setUnread(n) { unread = n; if (!flashTimer) document.title = title(); },
    // A new conversation or visitor message. While the tab is unfocused: sound, a flashing
    // title and a desktop notification (click it to come back to that conversation).
    raise(heading, body, conversation, open) {
      if (focused) return;
      beep();
      flash();
      if (!('Notification' in window) || Notification.permission !== 'granted') return;
      try {
        const n = new Notification(heading, { body, tag: 'lingting-' + conversation, lang: 'zh-CN' });
        n.onclick = () => { window.focus(); open(conversation); n.close(); };
      } catch (_) { /* some platforms allow notifications only from a service worker */ }
    },
  };
}
