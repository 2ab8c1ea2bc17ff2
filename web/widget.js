// Embeds the Lingting chat on a clinic's site with one tag:
//   <script src="https://chat.example-clinic.cn/widget.js" data-department="男科"></script>
// It adds a button that opens the visitor chat (served by the same server) in a panel. While a
// conversation is going on, the panel reopens by itself on the next page of the site, so moving
// between pages resumes the same conversation (the chat page keeps its resume token) within
// the server's leave grace; the chat page tells this script when a conversation starts and ends.
(() => {
  const OPEN_KEY = 'lingting.widget.chat';  // this tab, the clinic's origin: a conversation is on
  const me = document.currentScript;
  const origin = new URL(me.src).origin;
  const department = me.dataset.department || '';
  const button = document.createElement('button');
  button.textContent = '在线咨询';
  Object.assign(button.style, { position: 'fixed', right: '20px', bottom: '20px', zIndex: 2147483000,
    background: '#2f6f8f', color: '#fff', border: 'none', borderRadius: '22px', padding: '10px 18px',
    font: '15px sans-serif', cursor: 'pointer', boxShadow: '0 2px 8px rgba(0,0,0,.2)' });
  const frame = document.createElement('iframe');
  frame.title = '在线咨询';
  Object.assign(frame.style, { position: 'fixed', right: '20px', bottom: '70px', width: '360px', height: '560px',
    maxWidth: 'calc(100vw - 40px)', maxHeight: 'calc(100vh - 90px)', border: '1px solid #e3e7ee', borderRadius: '10px',
    background: '#fff', zIndex: 2147483000, display: 'none' });
  // On a phone the panel takes the whole screen above the button (which closes it again).
  const phone = window.matchMedia('(max-width: 480px)');
  const fit = () => Object.assign(frame.style, phone.matches
    ? { left: '0', top: '0', right: '0', bottom: 'auto', width: '100%', height: 'calc(100dvh - 64px)', maxWidth: 'none', maxHeight: 'none',
        border: 'none', borderBottom: '1px solid #e3e7ee', borderRadius: '0' }
    : { left: 'auto', top: 'auto', right: '20px', bottom: '70px', width: '360px', height: '560px',
        maxWidth: 'calc(100vw - 40px)', maxHeight: 'calc(100vh - 90px)', border: '1px solid #e3e7ee', borderRadius: '10px' });
  fit();
  phone.addEventListener('change', fit);
  // Where this visit came from (PROTOCOL.md "Visit capture"): the first page of the visit in this
  // tab keeps the referrer, landing URL and title; later pages only count. The browser id is
  // long-lived and random (no fingerprint): it tells a returning visitor from a new one.
  const visit = (() => {
    const cut = (s, n) => Array.from(String(s || '')).slice(0, n).join('');  // whole characters: a cut surrogate pair cannot be encoded
    let v = null;
    try { v = JSON.parse(sessionStorage.getItem('lingting.visit') || 'null'); } catch { v = null; }
    if (!v || typeof v !== 'object') v = { ref: cut(document.referrer, 1000), land: cut(location.href, 1000), title: cut(document.title, 100), pages: 0 };
    v.pages = Math.min((Number(v.pages) || 0) + 1, 9999);
    let bid = '';
    try {
      bid = localStorage.getItem('lingting.bid') || '';
      if (!/^[0-9a-f]{32}$/.test(bid)) {
        bid = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
        localStorage.setItem('lingting.bid', bid);
      }
      sessionStorage.setItem('lingting.visit', JSON.stringify(v));
    } catch { /* storage blocked: the visit is still reported, only not remembered */ }
    return { ...v, bid, page: cut(location.href, 500) };
  })();
  const visitParams = () => ['ref', 'land', 'title', 'page', 'pages', 'bid']
    .map(k => `&${k}=${encodeURIComponent(visit[k] ?? '')}`).join('');
  const open = invitation => {
    if (!frame.src)
      frame.src = `${origin}/?department=${encodeURIComponent(department)}&invitation=${encodeURIComponent(invitation || '')}${visitParams()}`;
    frame.style.display = 'block';
    button.textContent = '收起';
    bubble.remove();
  };
  window.addEventListener('message', e => {
    if (e.origin !== origin || e.source !== frame.contentWindow || !e.data || e.data.lingting !== 'chat') return;
    if (e.data.active) sessionStorage.setItem(OPEN_KEY, '1');
    else sessionStorage.removeItem(OPEN_KEY);
  });
  button.addEventListener('click', () => {
    if (frame.style.display === 'block') frame.style.display = 'none';
    else open('');
    button.textContent = frame.style.display === 'block' ? '收起' : '在线咨询';
  });
  // An invitation from a consultant: a bubble the visitor may accept.
  const bubble = document.createElement('div');
  bubble.setAttribute('role', 'dialog');
  Object.assign(bubble.style, { position: 'fixed', right: '20px', bottom: '70px', zIndex: 2147483000, background: '#fff',
    border: '1px solid #e3e7ee', borderRadius: '10px', padding: '12px 14px', font: '14px sans-serif', color: '#1f2937',
    boxShadow: '0 2px 10px rgba(0,0,0,.15)', cursor: 'pointer' });
  bubble.textContent = '您好，咨询师邀请您在线咨询，点击开始。';
  document.body.append(frame, button);
  if (sessionStorage.getItem(OPEN_KEY)) open('');

  // Report where the visitor is browsing, so consultants can invite them.
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws/visitor?browse=1&department=${encodeURIComponent(department)}${visitParams()}`);
  ws.onopen = () => ws.send(JSON.stringify({ type: 'page_view', url: location.href.slice(0, 2000), title: document.title.slice(0, 500) }));
  ws.onmessage = e => {
    const f = JSON.parse(e.data);
    if (f.type !== 'invited' || frame.src) return;
    bubble.onclick = () => open(f.invitation);  // a one-time token the server gave this page
    document.body.append(bubble);
  };
})();
