// End-to-end: the end of a consultant's shift, as found acting out a working day in Chromium. A
// consultant who logs out with chats open: 退出 asks for a second click first, saying what it
// leaves behind, and then the visitors go to a colleague at once (before, they sat for
// consultant-grace-seconds behind a status line naming someone who had left).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, LAPTOP } from './harness.mjs';

const h = new harness();
// The grace left at its default (60 s): a test that waits less than that sees whether a
// log-out is treated as the consultant's leaving or as a dropped socket that may come back.
before(() => h.start({ users: [['li', 'consultant', '男科'], ['wang', 'consultant', '男科'], ['zhao', 'consultant', '妇科'], ['boss', 'supervisor']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

const statusOf = page => page.locator('#status').innerText();

// A consultant serving one visitor, with wang on shift beside her.
async function liServing() {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', '我想问一下前列腺炎能不能根治');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable', { hasText: '前列腺炎' }).click();
  await li.fill('#draft', '您好，我是李医生，请问您有哪些症状？');
  await li.keyboard.press('Enter');
  await visitor.waitForFunction(() => /li 为您服务/.test(document.querySelector('#status').textContent));
  const wang = await h.staffPage('/console', 'wang', LAPTOP);
  await wang.waitForSelector('#presence:not([disabled])');
  return { li, wang, visitor };
}

test('退出 with a chat open asks for a second click and says what it leaves behind', async () => {
  const { li } = await liServing();
  await li.click('#logout');
  await li.waitForTimeout(300);
  assert.equal(await li.locator('input[name=password]').count(), 0, 'still signed in after one click');
  assert.match(await li.locator('#logout').innerText(), /确认退出.*1 个会话将转给同事/);
  await h.shots(li, 'shift-logout-confirm');
  await li.click('#logout');
  await li.waitForSelector('input[name=password]');
});

test('logging out with no chat open takes one click', async () => {
  const zhao = await h.staffPage('/console', 'zhao', LAPTOP);
  await zhao.waitForSelector('#presence:not([disabled])');
  await zhao.click('#logout');
  await zhao.waitForSelector('input[name=password]');
});

test('after a log-out with a chat open the visitor goes to a colleague at once, not after the grace', async () => {
  const { li, wang, visitor } = await liServing();
  await li.click('#logout');
  await li.click('#logout');
  await li.waitForSelector('input[name=password]');
  // Within seconds, not after the 60 s grace: wang has the chat with what was said, and the
  // visitor is told who serves now.
  const item = wang.locator('#mine li.clickable', { hasText: '李医生' });
  await item.waitFor({ timeout: 10000 })
    .catch(() => assert.fail('the logged-out consultant\'s chat did not reach the colleague within 10 s'));
  await visitor.waitForFunction(() => /wang/.test(document.querySelector('#status').textContent), null, { timeout: 5000 })
    .catch(async () => assert.fail('the visitor still reads: ' + await statusOf(visitor)));
  await item.click();
  assert.match(await wang.locator('#transcript').innerText(), /前列腺炎[\s\S]*李医生/);
  await h.shots(visitor, 'shift-visitor-after-logout');
});

test('结束会话 beside 发送 takes a second click: one slip does not end the visitor\'s chat', async () => {
  const { li, visitor } = await liServing();
  await li.click('#end');
  // Armed for 4 s only: read the button at once, not after the pause below (on a loaded machine
  // the pause and the visitor's page can take the whole 4 s, and the button rightly turns back).
  assert.equal(await li.locator('#end').innerText(), '确认结束');
  await li.waitForTimeout(600);
  assert.ok(await visitor.locator('#rating').isHidden(), 'one click ended the chat');
  // Left alone, the button goes back to what it was.
  await li.waitForFunction(() => document.querySelector('#end').textContent === '结束会话', null, { timeout: 6000 });
  await li.click('#end');
  await li.click('#end');
  await visitor.waitForSelector('#rating:not(.hidden)');
});

test('退出 on a slow network still ends the log-in on the server', async () => {
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const token = await boss.evaluate(() => sessionStorage.getItem('lingting.token'));
  // The log-out request takes a second to get out (a loaded machine, a slow network).
  await boss.route('**/api/logout', async route => {
    await new Promise(r => setTimeout(r, 1000));
    await route.continue().catch(() => {});  // cancelled if the page has navigated away meanwhile
  });
  await boss.click('#logout');
  await boss.waitForSelector('input[name=password]');
  const r = await fetch(h.base + '/api/me', { headers: { Authorization: 'Bearer ' + token } });
  assert.equal(r.status, 401, 'the log-in still works after 退出: the page reloaded before the request went out');
});
