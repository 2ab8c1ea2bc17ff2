// End-to-end: staff pages name a conversation by its visitor and a short id (访客 3f9a1c, 会话
// 3f9a1c), never by the full hex id, which nobody reads; the full id stays where it may be
// copied (a title attribute). Checked as a class: the whole visible text of the console, the
// board (alerts and the watched chat) and QA's open conversation, at a laptop's size.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['boss', 'supervisor'], ['qa1', 'qa']] }));
after(() => h.stop());
afterEach(() => h.closeAll());

// Where the page shows the full id as text; and whether it is kept anywhere to copy.
const fullId = (page, id) => page.evaluate(id => ({
  shown: document.body.innerText.includes(id),
  titled: [...document.querySelectorAll('[title]')].some(n => n.title.includes(id)),
}), id);

test('console, board and QA show a short id, never the full one, and keep it in a title to copy', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', '请问包皮手术要住院吗');
  await visitor.click('#composer button');
  const item = li.locator('#mine li.clickable', { hasText: '' }).first();
  await item.waitFor();
  const id = await item.getAttribute('data-id');
  assert.ok(id && id.length > 6, 'a conversation id: ' + id);
  await item.click();
  // Left waiting past the (2 s) threshold: an alert on the board names the conversation.
  await boss.locator(`#alerts .alert-group[data-conversation="${id}"]`).waitFor({ timeout: 10000 });
  await li.fill('#draft', '您好，一般不需要住院，术后观察一会儿就可以回家。');
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant').waitFor();

  const c = await fullId(li, id);
  assert.equal(c.shown, false, 'the console shows the full id: ' + await li.locator('#activeinfo').innerText());
  assert.equal(c.titled, true, 'the console keeps the full id nowhere to copy');
  // One name for the chat on every page, so staff talking about it mean the same one.
  const label = '访客 ' + id.slice(0, 6);
  assert.match(await li.locator('#activeinfo').innerText(), new RegExp(label));

  await boss.locator(`#board tr[data-id="${id}"] button`, { hasText: '查看' }).click();
  await boss.waitForFunction(() => /住院/.test(document.querySelector('#watch-transcript').textContent));
  const b = await fullId(boss, id);
  assert.equal(b.shown, false, 'the board shows the full id: ' + await boss.locator('#watch-title').innerText());
  assert.equal(b.titled, true, 'the board keeps the full id nowhere to copy');
  assert.match(await boss.locator('#watch-title').innerText(), new RegExp(label));

  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');
  const qa = await h.staffPage('/qa', 'qa1', LAPTOP);
  await qa.locator(`#rows tr[data-id="${id}"]`).click();
  await qa.waitForSelector('#detail:not(.hidden)');
  await qa.waitForFunction(() => /住院/.test(document.querySelector('#detail-transcript').textContent));
  const q = await fullId(qa, id);
  assert.equal(q.shown, false, 'QA shows the full id: ' + await qa.locator('#detail-title').innerText());
  assert.equal(q.titled, true, 'QA keeps the full id nowhere to copy');
  assert.match(await qa.locator('#detail-title').innerText(), new RegExp(label));
  await h.shot(qa, 'staff-ids-qa');
  await h.shot(boss, 'staff-ids-board');
});
