// End-to-end: a supervisor's whole day on the board, as found by acting one out in Chromium: the
// live transcript keeps following after the board's socket drops and comes back, a consultant
// who logged out with chats open is shown as such on the board, and a busy morning's pile of
// alerts can be cleared in one click.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, LAPTOP } from './harness.mjs';

const h = new harness();
// Thresholds long enough that no idle alert interferes with what a test watches.
before(() => h.start({ users: [['li', 'consultant'], ['wang', 'consultant'], ['boss', 'supervisor']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

// Every WebSocket the page opens, so a test can drop one the way a flaky network does.
const KEEP_SOCKETS = () => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
};
const dropSockets = page => page.evaluate(() => { for (const s of window.__sockets) s.close(); });

async function visitorSays(consoleP, text) {
  const visitor = await h.visitorPage();
  await visitorReady(visitor);
  await visitor.fill('#text', text);
  await visitor.click('#composer button');
  const item = consoleP.locator('#mine li.clickable', { hasText: text });
  await item.waitFor();
  return { visitor, id: await item.getAttribute('data-id') };
}

async function reply(consoleP, id, text) {
  await consoleP.click(`#mine li[data-id="${id}"]`);
  await consoleP.fill('#draft', text);
  await consoleP.keyboard.press('Enter');
  await consoleP.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t) && !document.querySelector('#transcript .pending'), text);
}

test('the live transcript keeps following the conversation after the board reconnects', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP, { init: KEEP_SOCKETS });
  const { visitor, id } = await visitorSays(consoleP, '请问前列腺炎要治疗多久');
  await boss.locator(`#board tr[data-id="${id}"] button`, { hasText: '查看' }).click();
  await boss.waitForFunction(() => document.querySelector('#watch-transcript').textContent.includes('前列腺炎'));
  // The supervisor's network blinks: the board's socket drops and comes back by itself.
  await dropSockets(boss);
  await boss.waitForFunction(() => window.__sockets.length >= 2 && window.__sockets.at(-1).readyState === 1);
  await reply(consoleP, id, '您好，一般需要一到两个疗程，具体要看检查结果。');
  await visitor.fill('#text', '那费用大概多少');
  await visitor.click('#composer button');
  await boss.waitForFunction(() => /一到两个疗程[\s\S]*费用大概多少/.test(document.querySelector('#watch-transcript').textContent),
    null, { timeout: 5000 }).catch(async () => {
    assert.fail('the watched transcript stopped after the reconnect: ' + await boss.locator('#watch-transcript').innerText());
  });
});
