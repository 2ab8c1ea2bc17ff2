// End-to-end: the supervisor's board (issue #11): alerts grouped per conversation, clickable to
// the live transcript with the flagged phrase highlighted, acknowledgeable; board rows that hold
// still under the cursor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady } from './harness.mjs';

const h = new harness();
// Thresholds long enough that no idle alert interferes with what a test watches.
before(() => h.start({ users: [['li', 'consultant'], ['boss', 'supervisor']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());

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

test('alerts are grouped per conversation, open the transcript with the phrase highlighted, and can be acknowledged', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', { width: 1366, height: 768 });
  const { id } = await visitorSays(consoleP, '请问今天还能挂号吗');
  await reply(consoleP, id, '你烦不烦，自己去看网站');
  await reply(consoleP, id, '你有完没完');
  // Three alerts: 你烦不烦 and 你有完没完 (entries) and the brush-off 自己去看网站 (the classifier).
  await boss.waitForFunction(() => document.querySelectorAll('#alerts .alert').length === 3);
  assert.equal(await boss.locator('#alerts .alert-group').count(), 1, 'one group for the conversation');
  await boss.locator('#alerts .alert', { hasText: '你烦不烦' }).click();
  await boss.waitForSelector('#watch-transcript mark');
  const marks = await boss.locator('#watch-transcript mark').allInnerTexts();
  assert.ok(marks.includes('你烦不烦'), JSON.stringify(marks));
  await h.shots(boss, 'supervisor');
  await boss.click('#alerts .alert-group button.ack');
  await boss.waitForSelector('#alerts .alert-group.acked');
  assert.match(await boss.textContent('#alerts .alert-group'), /已处理/);
});

test('board rows hold still under the cursor and take their new order when it leaves', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', { width: 1366, height: 768 });
  const first = await visitorSays(consoleP, '第一位访客的问题');
  const second = await visitorSays(consoleP, '第二位访客的问题');
  await reply(consoleP, second.id, '您好，请讲');
  // Sorted by waiting (longest first): the first visitor waits, the second was answered.
  const pair = async () => (await boss.locator('#board tr[data-id]').evaluateAll(rows => rows.map(r => r.dataset.id)))
    .filter(id => id === first.id || id === second.id);
  await boss.waitForFunction(ids => ids.every(id => document.querySelector(`#board tr[data-id="${id}"]`)), [first.id, second.id]);
  await boss.waitForTimeout(2500);  // one more refresh, after the reply
  assert.deepEqual(await pair(), [first.id, second.id]);
  await boss.hover(`#board tr[data-id="${first.id}"]`);
  // Now the first visitor is answered and the second one waits: the sorted order would flip.
  await reply(consoleP, first.id, '您好，今天可以挂号');
  await second.visitor.fill('#text', '那我什么时候过去');
  await second.visitor.click('#composer button');
  await boss.waitForTimeout(4500);  // two refreshes of the board
  assert.deepEqual(await pair(), [first.id, second.id], 'no row moved under the cursor');
  await boss.mouse.move(5, 5);
  await boss.waitForFunction(ids => {
    const order = [...document.querySelectorAll('#board tr[data-id]')].map(r => r.dataset.id).filter(id => ids.includes(id));
    return order[0] === ids[1];
  }, [first.id, second.id]);
});

test('the board\'s refresh and new messages replace nothing under the supervisor: a held click lands, a selection in the transcript stays', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', { width: 1366, height: 768 }, { init: () => {
    // Counts the board's refreshes (GET /api/board, every 2 s) so the test can wait for one.
    window.__boardLoads = 0;
    const native = window.fetch;
    window.fetch = (...args) => {
      if (String(args[0]).includes('/api/board')) window.__boardLoads++;
      return native(...args);
    };
  } });
  const { visitor, id } = await visitorSays(consoleP, '稳定性测试的问题');
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.waitFor();
  const refreshes = async n => {
    const seen = await boss.evaluate(() => window.__boardLoads);
    await boss.waitForFunction(k => window.__boardLoads >= k, seen + n, { timeout: 10000 });
    await boss.waitForTimeout(200);  // the answer drawn
  };
  await boss.evaluate(i => { document.querySelector(`#board tr[data-id="${i}"]`).__marked = true; }, id);
  // The mouse goes down on 查看, the board refreshes twice (the visitor's wait ticks on), then up.
  const box = await row.getByRole('button', { name: '查看' }).boundingBox();
  await boss.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await boss.mouse.down();
  await refreshes(2);
  await boss.mouse.up();
  await boss.waitForSelector('#watch:not(.hidden)');
  await boss.waitForFunction(() => document.querySelector('#watch-transcript').textContent.includes('稳定性测试的问题'));
  assert.equal(await boss.evaluate(i => document.querySelector(`#board tr[data-id="${i}"]`).__marked, id), true,
    'the row is the node it was');
  // The supervisor selects the visitor's words to copy them; the visitor writes on.
  const selected = await boss.evaluate(() => {
    const msg = [...document.querySelectorAll('#watch-transcript .msg.visitor')].find(m => m.textContent.includes('稳定性测试的问题'));
    const text = [...msg.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes('稳定性'));
    const range = document.createRange();
    range.selectNodeContents(text);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
  });
  await visitor.fill('#text', '再补充一句');
  await visitor.click('#composer button');
  await boss.waitForFunction(() => document.querySelector('#watch-transcript').textContent.includes('再补充一句'));
  assert.equal(await boss.evaluate(() => getSelection().toString()), selected);
});
