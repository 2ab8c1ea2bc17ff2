// End-to-end: a visitor on a flaky phone network, as found acting out a working day in Chromium.
// The page is reloaded mid-chat and its first attempt to reconnect fails (Playwright's WebSocket
// routing refuses it, as a network still coming back does): the conversation on screen must
// still be the whole conversation.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, eventually, PHONE, LAPTOP } from './harness.mjs';

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
  // The replay comes in its own frames after the status: wait for it (bounded), rather than read
  // the transcript once after a fixed pause a loaded machine can outlast.
  await eventually(async () => {
    const shown = await visitor.locator('#transcript .msg.visitor, #transcript .msg.consultant').allInnerTexts();
    assert.ok(shown.some(t => t.includes('有点肿')) && shown.some(t => t.includes('轻微水肿')),
      'the conversation so far is on screen after the reload: ' + JSON.stringify(shown));
  });
  await h.shots(visitor, 'visitor-day-reload-flaky');
});

// A chat the consultant answers and ends; then the phone's network drops while the visitor reads
// the rating. `route` handles each visitor socket (Playwright's WebSocket routing). Returns when
// the page itself has seen every socket closed, not after a fixed pause: a rating sent while the
// page still thought its socket open would go down the dead one.
async function endedThenDropped(li, visitor, route, [question, questionMark], [reply, replyMark]) {
  const routes = [];
  await visitor.routeWebSocket(/\/ws\/visitor/, ws => { routes.push(ws); route(ws); });
  await visitor.addInitScript(() => {  // every socket the page opens
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) { super(...args); window.__sockets.push(this); }
    };
  });
  await visitor.goto(h.base + '/?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', question);
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable', { hasText: questionMark }).click();
  await li.fill('#draft', reply);
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: replyMark }).waitFor();
  await li.click('#end');
  await li.click('#end');
  await visitor.waitForSelector('#rating:not(.hidden)');
  for (const r of routes) await r.close({ code: 1006 }).catch(() => r.close());
  await visitor.waitForFunction(() => window.__sockets.length && window.__sockets.every(s => s.readyState === WebSocket.CLOSED));
}

test('a visitor whose socket dropped after the end can still rate the chat', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const ctx = await h.context({ viewport: PHONE });
  const visitor = await ctx.newPage();
  visitor.on('pageerror', e => { throw e; });
  await endedThenDropped(li, visitor, ws => ws.connectToServer(),
                         ['请问做个前列腺检查要多久', '前列腺检查'], ['您好，半个小时左右，请问您还有什么疑问吗？', '半个小时']);
  await visitor.fill('#rate-comment', '回答很及时');
  await visitor.click('#rate-yes');
  await visitor.waitForFunction(() => /感谢您的评价/.test(document.querySelector('#rate-done').textContent), null, { timeout: 8000 })
    .catch(async () => assert.fail('the rating went nowhere: ' + JSON.stringify(await visitor.locator('#rating').innerText())));
  await h.shots(visitor, 'visitor-day-rated-after-drop');
});

test('a rating whose frame is lost on the way is sent again, once', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const ctx = await h.context({ viewport: PHONE });
  const visitor = await ctx.newPage();
  visitor.on('pageerror', e => { throw e; });
  let lost = 0;  // rating frames swallowed on the way to the server
  await endedThenDropped(li, visitor, ws => {
    const server = ws.connectToServer();
    ws.onMessage(m => {
      if (typeof m === 'string' && JSON.parse(m).type === 'rate' && lost === 0) { lost++; return; }
      server.send(m);
    });
  }, ['请问包皮手术要住院吗', '包皮手术'], ['您好，不需要住院，当天就可以回家。还有什么疑问吗？', '不需要住院']);
  // The rating now goes over a short socket of its own; its first frame is lost: the page must
  // try again rather than wait for an answer that never comes.
  await visitor.click('#rate-yes');
  await visitor.waitForFunction(() => /感谢您的评价/.test(document.querySelector('#rate-done').textContent), null, { timeout: 12000 })
    .catch(async () => assert.fail('the rating went nowhere: ' + JSON.stringify(await visitor.locator('#rating').innerText())));
  assert.equal(lost, 1, 'the first rating frame was the one lost');
});
