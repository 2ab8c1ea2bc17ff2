// Embeds the Lingting chat on a clinic's site with one tag:
//   <script src="https://chat.example-clinic.cn/widget.js" data-department="男科"></script>
// It adds a button that opens the visitor chat (served by the same server) in a panel.
(() => {
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
  button.addEventListener('click', () => {
    if (!frame.src) frame.src = `${origin}/?department=${encodeURIComponent(department)}`;
    frame.style.display = frame.style.display === 'none' ? 'block' : 'none';
  });
  document.body.append(frame, button);
})();
