// End-to-end: a visitor on a flaky phone network, as found acting out a working day in Chromium.
// The page is reloaded mid-chat and its first attempt to reconnect fails (Playwright's WebSocket
// routing refuses it, as a network still coming back does): the conversation on screen must
// still be the whole conversation.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

test('a reload whose first reconnect fails still shows the whole conversation', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const ctx = await h.context({ viewport: PHONE });
  const visitor = await ctx.newPage();
  visitor.on('pageerror', e => { throw e; });
  let refuse = 0;  // visitor sockets still to refuse
  await visitor.routeWebSocket(/\/ws\/visitor/, ws => {
    if (refuse > 0) { refuse--; ws.close({ code: 1011, reason: 'network' }); return; }
    ws.connectToServer();
  });
  await visitor.goto(h.base + '/?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', '你好，我上周做了包皮手术，现在有点肿');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable', { hasText: '有点肿' }).click();
  await li.fill('#draft', '您好，术后一周内轻微水肿是常见的，请问有没有发热或渗液？');
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '轻微水肿' }).waitFor();

  // The visitor reloads on a network that is still coming back: the first socket fails.
  refuse = 1;
  await visitor.reload();
  await visitor.waitForFunction(() => /li 为您服务/.test(document.querySelector('#status').textContent));
  await visitor.waitForTimeout(500);
  const shown = await visitor.locator('#transcript .msg.visitor, #transcript .msg.consultant').allInnerTexts();
  assert.ok(shown.some(t => t.includes('有点肿')) && shown.some(t => t.includes('轻微水肿')),
    'the conversation so far is on screen after the reload: ' + JSON.stringify(shown));
  await h.shots(visitor, 'visitor-day-reload-flaky');
});
