// End-to-end: what a consultant and a supervisor tripped on acting out an hour of a working day in
// Chromium (workday4): the board's rows name the visitor as the console and the alerts do, so an
// alert can be matched to its row; a console reloaded after ending the chat it had open opens a
// chat still going instead of showing nothing.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, LAPTOP, PHONE } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['zhao', 'consultant', '男科'], ['sun', 'consultant', '男科'],
                               ['boss', 'supervisor']] }));
after(() => h.stop());
afterEach(() => h.closeAll());

async function visitorSays(consoleP, text) {
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', text);
  await visitor.click('#composer button');
  const item = consoleP.locator('#mine li.clickable', { hasText: text });
  await item.waitFor();
  return { visitor, id: await item.getAttribute('data-id'), item };
}

test('the board names each chat\'s visitor as the console and the alert do', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const { id, item } = await visitorSays(li, '请问前列腺炎能根治吗');
  const label = (await item.locator('.conv-title').innerText()).split(' · ')[0].trim();
  assert.match(label, /^访客 [0-9a-f]{6}$/);
  // Left waiting past the 2 s threshold: an alert, and a row, both for this visitor.
  const group = boss.locator(`#alerts .alert-group[data-conversation="${id}"]`);
  await group.waitFor({ timeout: 10000 });
  assert.match(await group.innerText(), new RegExp(label));
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(label), 'the board\'s row does not say which visitor it is');
  await h.shots(boss, 'walkthrough-board-visitor');
});

test('a console reloaded after ending the chat it had open opens one still going', async () => {
  const zhao = await h.staffPage('/console', 'zhao', LAPTOP);
  const first = await visitorSays(zhao, '请问周六上午有号吗');
  const second = await visitorSays(zhao, '请问包皮手术要多久');
  await second.item.click();
  await zhao.click('#end');
  await zhao.click('#end');  // 确认结束
  await zhao.locator(`#ended-list li[data-id="${second.id}"]`).waitFor({ state: 'attached' });
  await zhao.reload();
  await zhao.locator(`#mine li[data-id="${first.id}"]`).waitFor();
  await zhao.waitForSelector(`#mine li.active[data-id="${first.id}"]`, { timeout: 3000 })
    .catch(async () => assert.fail('nothing selected after the reload: ' + await zhao.locator('#transcript').innerText()));
  assert.equal(await zhao.locator('#draft').isDisabled(), false);
});

test('a queued visitor is named in the console\'s queue as on the board, so the one the supervisor means is taken', async () => {
  const sun = await h.staffPage('/console', 'sun', LAPTOP);
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  await sun.waitForSelector('#presence:not([disabled])');
  await sun.selectOption('#presence', 'busy');
  await sun.waitForSelector('#presence-bar[data-state="busy"] #presence:not([disabled])');
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', '有人吗，想问下费用');
  await visitor.click('#composer button');
  const queued = sun.locator('#queue li[data-id]');
  await queued.waitFor();
  const id = await queued.getAttribute('data-id');
  const row = boss.locator(`#board tr[data-id="${id}"] .board-visitor`);
  await row.waitFor();
  const label = await row.innerText();
  assert.match(await queued.innerText(), new RegExp(label), 'the queue does not name the visitor the board names');
  await queued.locator('button', { hasText: '接待' }).click();
  await sun.locator(`#mine li[data-id="${id}"]`).waitFor();
});

test('on a phone the board shows each chat\'s wait and actions on screen, not off to the right of a wide table', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const boss = await h.staffPage('/supervisor', 'boss', PHONE);
  const { id } = await visitorSays(li, '请问早泄要吃药吗');
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.waitFor();
  await row.scrollIntoViewIfNeeded();
  const off = await row.evaluate(tr => [...tr.querySelectorAll('.wait, button')]
    .filter(n => { const r = n.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; })
    .map(n => n.textContent));
  assert.deepEqual(off, [], 'off screen on a phone');
  const named = await row.locator('.wait').evaluate(n => getComputedStyle(n.closest('td'), '::before').content);
  assert.match(named, /访客等待/, 'the wait is not named');
  await h.shot(boss, 'walkthrough-board-phone', { fullPage: true });
});
