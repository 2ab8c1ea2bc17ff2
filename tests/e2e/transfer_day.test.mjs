// End-to-end: a transfer between two consultants, as found acting out a working day in Chromium.
// The consultant who handed the chat on must not go on seeing it named in the footer; the
// visitor must not be told "please wait" for the rest of the chat once the colleague answers.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['wang', 'consultant', '男科']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

async function handOver() {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const wang = await h.staffPage('/console', 'wang', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '请问前列腺炎要治多久');
  await visitor.click('#composer button');
  const first = await Promise.race([li, wang].map(p => p.locator('#mine li.clickable').first().waitFor().then(() => p)));
  const [from, to, toName] = first === li ? [li, wang, 'wang'] : [wang, li, 'li'];
  await from.locator('#mine li.clickable').first().click();
  const id = await from.locator('#mine li.clickable').first().getAttribute('data-id');
  await from.fill('#draft', '您好，一般一到两个疗程。');
  await from.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '疗程' }).waitFor();
  await from.fill('#transfer-to', toName);
  await from.click('#transfer');
  await to.locator(`#mine li[data-id="${id}"]`).waitFor();
  return { from, to, visitor, id };
}

test('after handing a chat on, the console no longer names it in the footer', async () => {
  const { from, id } = await handOver();
  await from.waitForFunction(() => !document.querySelector('#mine li.active'));
  const info = await from.locator('#activeinfo').innerText();
  assert.ok(!info.includes(id), 'the footer still names the chat that was handed on: ' + info);
  await h.shots(from, 'transfer-day-handed-on');
});

test('the visitor is no longer asked to wait once the colleague who took over answers', async () => {
  const { to, visitor, id } = await handOver();
  await visitor.waitForFunction(() => /转接/.test(document.querySelector('#status').textContent));
  await to.click(`#mine li[data-id="${id}"]`);
  await to.fill('#draft', '您好，我接着为您解答，请问有什么症状？');
  await to.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '接着为您解答' }).waitFor();
  const status = await visitor.locator('#status').innerText();
  assert.doesNotMatch(status, /请稍候/, 'the status line still says to wait: ' + status);
  await h.shots(visitor, 'transfer-day-visitor-answered');
});
