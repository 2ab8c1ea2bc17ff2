// End-to-end: a socket the server closes for what was sent on it (PROTOCOL.md "Closes": 1008 after
// too many refused frames). Before, the pages reconnected silently and at once: a consultant whose
// page (or an extension in it) flooded the socket saw the connection flicker with no reason, and
// the flood came straight back. Now the page says why in Chinese and waits a few seconds.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, PHONE, LAPTOP, visitorReady } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科']] }));
after(() => h.stop());
afterEach(() => h.closeAll());

// Keeps every WebSocket the page opens, so the test can flood the page's own socket, with when
// it was made and when it closed (page time), so the wait before a reconnect is measured where it
// happens, not by a pause in the test.
const keepSockets = () => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.openedAt = performance.now();
      this.addEventListener('close', () => { this.closedAt = performance.now(); });
      window.__sockets.push(this);
    }
  };
};
// 300 unusable frames at once on the newest socket: over any burst budget, so the server closes it.
const flood = page => page.evaluate(() => {
  const ws = window.__sockets.at(-1);
  for (let i = 0; i < 300; i++) ws.send('{');
});
const LATIN = /[A-Za-z]{3,}/;

test('a consultant whose socket is closed for flooding reads why in Chinese, then is back online', async () => {
  const page = await h.staffPage('/console', 'li', LAPTOP, { init: keepSockets });
  await page.waitForFunction(() => window.__sockets.some(s => s.readyState === 1));
  const opened = await page.evaluate(() => window.__sockets.length);
  await flood(page);
  const note = page.locator('#notices .notice.error', { hasText: '发送过于频繁' });
  await note.waitFor();
  assert.doesNotMatch(await note.locator('.text').innerText(), LATIN);
  // It waits before reconnecting (not at once), then connects again by itself. The wait is read
  // from the page's own clock: a fixed pause here, on a loaded machine, could outlast the page's
  // few seconds and see the (rightly) reconnected socket.
  await page.waitForFunction(n => window.__sockets.length > n && window.__sockets.at(-1).readyState === 1, opened,
    { timeout: 15000 });
  const waited = await page.evaluate(n => window.__sockets[n].openedAt - window.__sockets[n - 1].closedAt, opened);
  assert.ok(waited >= 1500, `reconnected at once after a 1008 close (${Math.round(waited)} ms)`);
});

test('a visitor whose socket is closed for flooding reads why in Chinese', async () => {
  const ctx = await h.context({ viewport: PHONE });
  const page = await ctx.newPage();
  page.on('pageerror', e => { throw e; });
  await page.addInitScript(keepSockets);
  await page.goto(h.base + '/?department=' + encodeURIComponent('男科'));
  await visitorReady(page);
  await flood(page);
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('发送过于频繁'));
  assert.doesNotMatch(await page.locator('#status').innerText(), LATIN);
});
