// End-to-end: a transfer between two consultants, as found acting out a working day in Chromium.
// The consultant who handed the chat on must not go on seeing it named in the footer; the
// visitor must not be told "please wait" for the rest of the chat once the colleague answers; the
// supervisor watching it must see who holds it now.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['wang', 'consultant', '男科'], ['boss', 'supervisor']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

// A visitor asks, whoever routing chose answers: that consultant's page, the other's, and the chat.
// Each test asks its own question: a chat of an earlier test may still be held by its consultant.
let asked = 0;
async function firstReply() {
  const question = `请问前列腺炎要治多久（第 ${++asked} 次来问）`;
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const wang = await h.staffPage('/console', 'wang', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', question);
  await visitor.click('#composer button');
  const item = p => p.locator('#mine li.clickable', { hasText: question });
  const first = await Promise.race([li, wang].map(p => item(p).waitFor().then(() => p)));
  const [from, to, fromName, toName] = first === li ? [li, wang, 'li', 'wang'] : [wang, li, 'wang', 'li'];
  await item(from).click();
  const id = await item(from).getAttribute('data-id');
  await from.fill('#draft', '您好，一般一到两个疗程。');
  await from.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '疗程' }).waitFor();
  return { from, to, fromName, toName, visitor, id };
}

// The consultant who answered hands the chat to the other.
async function handOver() {
  const r = await firstReply();
  await r.from.fill('#transfer-to', r.toName);
  await r.from.click('#transfer');
  await r.to.locator(`#mine li[data-id="${r.id}"]`).waitFor();
  return r;
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

test('the supervisor watching a chat sees it named under the colleague it was handed to', async () => {
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const { id, fromName, toName, to } = await firstReply();
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.locator('button', { hasText: '查看' }).click();
  await boss.waitForFunction(() => /疗程/.test(document.querySelector('#watch-transcript').textContent));
  assert.match(await boss.locator('#watch-title').innerText(), new RegExp(`· ${fromName} ·`));
  // The supervisor hands it on from the board.
  await row.locator('select').selectOption(toName);
  await row.locator('button', { hasText: '转接' }).click();
  await to.locator(`#mine li[data-id="${id}"]`).waitFor();
  await boss.waitForFunction(name => document.querySelector('#watch-title').textContent.includes(`· ${name} ·`), toName, { timeout: 6000 })
    .catch(async () => assert.fail(`the watched chat is with ${toName}; the title reads: ` + await boss.locator('#watch-title').innerText()));
  await h.shots(boss, 'transfer-day-supervisor-watch');
});

test('a refused transfer keeps the name and note to correct; a done one clears them for the next chat', async () => {
  const { from, to, toName, id } = await firstReply();
  await from.fill('#transfer-to', toName + 'x');  // a slip of the keyboard
  await from.fill('#transfer-note', '客户问前列腺炎疗程，已答一半');
  await from.click('#transfer');
  await from.locator('#notices .notice', { hasText: '转接失败' }).waitFor();
  assert.equal(await from.inputValue('#transfer-note'), '客户问前列腺炎疗程，已答一半', 'the note was lost with the refused transfer');
  await from.fill('#transfer-to', toName);
  await from.click('#transfer');
  await to.locator(`#mine li[data-id="${id}"]`).waitFor();
  await from.waitForFunction(() => !document.querySelector('#mine li.active'));
  assert.deepEqual([await from.inputValue('#transfer-to'), await from.inputValue('#transfer-note')], ['', ''],
    'the handed-on chat\'s colleague and note are still filled in for the next chat');
});

test('a chat handed on stays in the sender\'s history, marked 转给 the colleague, read-only', async () => {
  const { from, toName, id } = await handOver();
  const item = from.locator(`#ended-list li[data-id="${id}"]`);
  await item.waitFor({ state: 'attached', timeout: 6000 })
    .catch(() => assert.fail('the handed-on chat is gone from the sender\'s lists'));
  assert.equal(await from.locator(`#mine li[data-id="${id}"]`).count(), 0, 'still listed as one of the open chats');
  await from.click('#history summary');
  assert.match(await item.innerText(), new RegExp(`转给 ${toName}`));
  await item.click();
  await from.locator('#transcript .msg.consultant', { hasText: '疗程' }).waitFor();
  assert.match(await from.locator('#transcript').innerText(), new RegExp(`会话已转给 ${toName}`));
  for (const sel of ['#draft', '#send', '#end', '#transfer'])
    assert.equal(await from.locator(sel).isDisabled(), true, `${sel} is usable in a chat handed on`);
  assert.doesNotMatch(await from.locator('#activeinfo').innerText(), new RegExp(id), 'the footer shows the full id');
  await h.shots(from, 'transfer-day-handed-on-history');
});

test('a chat the supervisor hands on is said once to the consultant, naming the visitor, and kept as 已转出', async () => {
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const { from, to, toName, id } = await firstReply();
  const label = (await from.locator(`#mine li[data-id="${id}"] .conv-title`).innerText()).split(' · ')[0].trim();
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.locator('select').selectOption(toName);
  await row.locator('button', { hasText: '转接' }).click();
  await to.locator(`#mine li[data-id="${id}"]`).waitFor();
  await from.locator(`#ended-list li[data-id="${id}"]`, { hasText: '已转出' }).waitFor({ state: 'attached' });
  const notices = await from.locator('#notices .notice .text').allInnerTexts();
  assert.deepEqual(notices, [`${label} 已交给其他同事接待。`], 'one notice, naming the chat');
});
