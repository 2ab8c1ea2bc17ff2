// End-to-end: a consultant's working day with its colleagues and supervisor (issue #11): presence
// and load (在线/忙碌/离开, n/max) on the console and live on the board; canned replies (快捷回复)
// kept by a supervisor and by the consultant, inserted by `/` and by click and checked like any
// draft; the supervisor's actions (transfer, end, assign a queued visitor); a transfer seen by all
// three parties. Real Chromium, the real server binary, a real SQLite file.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, eventually } from './harness.mjs';

const h = new harness();
// Idle thresholds long enough that no idle alert interferes with what a test watches.
before(() => h.start({
  users: [['li', 'consultant'], ['wang', 'consultant'], ['zhao', 'consultant'], ['qian', 'consultant'],
          ['sun', 'consultant'], ['zhou', 'consultant'], ['boss', 'supervisor']],
  rules: { idle_warning_seconds: 120, idle_critical_seconds: 240, first_response_seconds: 120 },
}));
after(() => h.stop());
afterEach(() => h.closeAll());

const LAPTOP = { width: 1366, height: 768 };

async function visitorSays(text) {
  const visitor = await h.visitorPage();
  await visitorReady(visitor);
  await visitor.fill('#text', text);
  await visitor.click('#composer button');
  await visitor.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t), text);
  return visitor;
}

async function setPresence(page, state) {
  await page.waitForSelector('#presence:not([disabled])');
  await page.selectOption('#presence', state);
  await page.waitForSelector(`#presence-bar[data-state="${state}"] #presence:not([disabled])`);
}

const staffRow = (page, name) => page.locator(`#staff tr[data-name="${name}"]`);

test('presence: 忙碌 takes no new visitor, survives a reload, shows on the board; 在线 again takes the queue', async () => {
  const consoleP = await h.staffPage('/console', 'li', LAPTOP);
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  await staffRow(boss, 'li').waitFor();
  await setPresence(consoleP, 'busy');
  assert.match(await consoleP.textContent('#presence-bar'), /不接新访客/);
  await boss.waitForSelector('#staff tr[data-name="li"][data-state="busy"]');

  const visitor = await visitorSays('请问明天上午有专家号吗');
  await consoleP.waitForSelector('#queue li button');  // waiting in the queue, not routed to li
  assert.equal(await consoleP.locator('#mine li.clickable').count(), 0);
  // The visitor hears of its place by its own frame, which may come after the console's.
  await eventually(async () => assert.match(await visitor.textContent('#status'), /排队|前面|正在为您接通/));

  // A reload finds 忙碌 again (the server keeps it for the session).
  await consoleP.reload();
  await consoleP.waitForSelector('#presence-bar[data-state="busy"]');
  assert.equal(await consoleP.inputValue('#presence'), 'busy');
  assert.equal(await consoleP.locator('#mine li.clickable').count(), 0);
  assert.equal(await staffRow(boss, 'li').locator('.load-cell').innerText(), '0/5');
  await h.shots(consoleP, 'console-presence-busy');

  await setPresence(consoleP, 'online');
  await consoleP.locator('#mine li.clickable', { hasText: '专家号' }).waitFor();
  await consoleP.waitForFunction(() => document.querySelector('#load').textContent.includes('1/5'));
  await boss.waitForFunction(() => {
    const row = document.querySelector('#staff tr[data-name="li"]');
    return row && row.dataset.state === 'online' && row.querySelector('.load-cell').textContent === '1/5';
  });
  await visitor.waitForFunction(() => /咨询师已接入/.test(document.querySelector('#status').textContent));
  await h.shots(boss, 'supervisor-staff');
});

test('canned replies: a supervisor adds one, the consultant inserts it by `/` and by click, and the check flags it', async () => {
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  await boss.waitForSelector('#canned-department option', { state: 'attached' });
  await boss.selectOption('#canned-department', '综合');
  await boss.locator('#canned-admin-list li', { hasText: '科室分诊' }).waitFor();  // a seeded default
  await boss.fill('#canned-admin-title', '催促回复');
  await boss.fill('#canned-admin-text', '你有完没完，请直接说您的问题。');
  await boss.click('#canned-admin-save');
  await boss.locator('#canned-admin-list li', { hasText: '催促回复' }).waitFor();

  const consoleP = await h.staffPage('/console', 'zhao', LAPTOP);
  await visitorSays('我想问一下检查的事');
  await consoleP.locator('#mine li.clickable', { hasText: '检查的事' }).click();
  await consoleP.waitForSelector('#draft:not([disabled])');

  // `/` and a filter: the list narrows, arrows move, Enter inserts (and does not send).
  await consoleP.click('#draft');
  await consoleP.keyboard.type('/');
  await consoleP.waitForSelector('#canned-popup:not(.hidden) .canned-option');
  assert.ok(await consoleP.locator('#canned-popup .canned-option').count() > 1);
  await consoleP.keyboard.press('ArrowDown');
  assert.equal(await consoleP.locator('#canned-popup .canned-option.active').count(), 1);
  await consoleP.keyboard.type('催促');
  await consoleP.waitForFunction(() => document.querySelectorAll('#canned-popup .canned-option').length === 1);
  await h.shots(consoleP, 'console-canned-slash');
  await consoleP.keyboard.press('Enter');
  assert.equal(await consoleP.inputValue('#draft'), '你有完没完，请直接说您的问题。');
  assert.ok(await consoleP.locator('#canned-popup.hidden').count() === 1, 'the list closed');
  // Checked like any draft: the forbidden phrase the supervisor typed is flagged before sending.
  await consoleP.waitForFunction(() => document.querySelector('#checks').textContent.includes('有完没完'));
  assert.equal(await consoleP.locator('#transcript .msg.consultant').count(), 0, 'Enter inserted, it did not send');

  // Esc closes the list and keeps what was typed.
  await consoleP.fill('#draft', '');
  await consoleP.keyboard.type('/分诊');
  await consoleP.waitForSelector('#canned-popup:not(.hidden)');
  await consoleP.keyboard.press('Escape');
  await consoleP.waitForSelector('#canned-popup.hidden', { state: 'attached' });
  assert.equal(await consoleP.inputValue('#draft'), '/分诊');

  // By click from the list: a personal reply made here, then inserted at the cursor.
  await consoleP.fill('#draft', '');
  await consoleP.click('#canned summary');
  await consoleP.fill('#canned-title', '我的开场');
  await consoleP.fill('#canned-text', '您好，我是赵老师，很高兴为您服务。');
  await consoleP.click('#canned-save');
  const mine = consoleP.locator('#canned-list li', { hasText: '我的开场' });
  await mine.waitFor();
  await mine.locator('button.canned-use').click();
  assert.equal(await consoleP.inputValue('#draft'), '您好，我是赵老师，很高兴为您服务。');
  await consoleP.waitForFunction(() => !document.querySelector('#checks').textContent.includes('有完没完'));
  await consoleP.keyboard.press('Enter');
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('赵老师') && !document.querySelector('#transcript .pending'));
  await h.shots(consoleP, 'console-canned-list');
  // The consultant may not change the department's replies (the API says so; no buttons either).
  assert.equal(await consoleP.locator('#canned-list li', { hasText: '催促回复' }).locator('button', { hasText: '删除' }).count(), 0);

  // The supervisor edits the reply into a proper one, then deletes it.
  const row = boss.locator('#canned-admin-list li', { hasText: '催促回复' });
  await row.locator('button', { hasText: '编辑' }).click();
  assert.equal(await boss.inputValue('#canned-admin-title'), '催促回复');
  await boss.fill('#canned-admin-text', '请问您还有哪些问题？我来为您解答。');
  await boss.click('#canned-admin-save');
  await boss.locator('#canned-admin-list li', { hasText: '我来为您解答' }).waitFor();
  assert.equal(await boss.locator('#canned-admin-list li', { hasText: '有完没完' }).count(), 0);
  await h.shots(boss, 'supervisor-canned');
  await boss.locator('#canned-admin-list li', { hasText: '催促回复' }).locator('button', { hasText: '删除' }).click();
  await boss.waitForFunction(() => !document.querySelector('#canned-admin-list').textContent.includes('催促回复'));
  assert.deepEqual(await boss.locator('#notices .notice').allInnerTexts(), [], 'no error on the board');
});

test('supervisor actions: transfer a conversation, end it, assign a queued visitor', async () => {
  const qian = await h.staffPage('/console', 'qian', LAPTOP);
  const sun = await h.staffPage('/console', 'sun', LAPTOP);
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  await setPresence(sun, 'busy');
  const visitor = await visitorSays('你好，我想咨询种植牙');
  await qian.locator('#mine li.clickable', { hasText: '种植牙' }).waitFor();
  const id = await qian.locator('#mine li.clickable', { hasText: '种植牙' }).getAttribute('data-id');
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.waitFor();
  await boss.waitForFunction(() => document.querySelector('#staff tr[data-name="sun"]')?.dataset.state === 'busy');
  // Transfer to sun (忙碌 takes no automatic routing, but a supervisor may hand one over).
  await row.locator('select.pick').selectOption('sun');
  await row.locator('button', { hasText: '转接' }).click();
  await sun.locator('#mine li.clickable', { hasText: '种植牙' }).waitFor();
  assert.match(await sun.textContent('#notices'), /boss 转来一个会话/);
  await qian.waitForFunction(i => !document.querySelector(`#mine li[data-id="${i}"]`), id);
  await visitor.waitForFunction(() => document.querySelector('#transcript').textContent.includes('已为您转接'));
  await boss.waitForFunction(i => document.querySelector(`#board tr[data-id="${i}"] td`)?.textContent === 'sun', id);

  // End: two clicks (a slip of the mouse does not end a visitor's conversation).
  const endButton = boss.locator(`#board tr[data-id="${id}"] button.danger`);
  await endButton.click();
  assert.equal(await endButton.innerText(), '确认结束');
  await endButton.click();
  await sun.waitForSelector(`#ended-list li[data-id="${id}"]`, { state: "attached" });
  await boss.waitForFunction(i => !document.querySelector(`#board tr[data-id="${i}"]`), id);
  // The consultant is told who closed it, and that it counts against nobody (系统结束, not 主动结束).
  await sun.evaluate(i => document.querySelector(`#ended-list li[data-id="${i}"]`).click(), id);
  await sun.waitForFunction(() => document.querySelector('#transcript .ended-note')?.textContent
    === '会话已结束：主管 boss 结束了会话（系统结束）');

  // Assign: nobody 在线, so a visitor waits; the supervisor gives it to qian.
  await setPresence(qian, 'away');
  await boss.waitForFunction(() => document.querySelector('#staff tr[data-name="qian"]')?.dataset.state === 'away');
  const waiting = await visitorSays('请问可以医保吗');
  await qian.waitForSelector('#queue li button');
  const queuedRow = boss.locator('#board tr', { hasText: '排队中' });
  await queuedRow.waitFor();
  await h.shots(boss, 'supervisor-actions');
  await queuedRow.locator('select.pick').selectOption('qian');
  await queuedRow.locator('button', { hasText: '分配' }).click();
  await qian.locator('#mine li.clickable', { hasText: '医保' }).waitFor();
  await waiting.waitForFunction(() => /咨询师已接入/.test(document.querySelector('#status').textContent));
  assert.ok(!(await waiting.textContent('#transcript')).includes('已为您转接'), 'an assigned visitor is served, not "transferred"');
});

test('a transfer seen by all three parties: note and authorship for the receiver, 已为您转接 for the visitor, no stale pane', async () => {
  const zhou = await h.staffPage('/console', 'zhou', LAPTOP);
  const wang = await h.staffPage('/console', 'wang', LAPTOP);
  await setPresence(wang, 'busy');  // the visitor goes to zhou
  const visitor = await visitorSays('你好，我想约周六的号');
  const item = zhou.locator('#mine li.clickable', { hasText: '周六' });
  await item.click();
  await zhou.fill('#draft', '您好，我是周老师，周六上午有号。');
  await zhou.keyboard.press('Enter');
  await zhou.waitForFunction(() => !document.querySelector('#transcript .pending') && document.querySelector('#transcript').textContent.includes('周老师'));
  // The transfer field offers the colleagues who are there, with their presence and load.
  await zhou.focus('#transfer-to');
  const offered = zhou.locator('#colleagues option[value="wang"]');
  await offered.waitFor({ state: 'attached' });
  assert.match(await offered.getAttribute('label'), /忙碌 · 接待 0\/5/);
  await zhou.fill('#transfer-to', 'wang');
  await zhou.fill('#transfer-note', '客户想约周六上午，已告知有号');
  await zhou.click('#transfer');

  // B: told who handed it over and the note; A's words are A's, not "我".
  await wang.waitForFunction(() => document.querySelector('#notices')?.textContent.includes('zhou 转来一个会话：客户想约周六上午，已告知有号'));
  await wang.locator('#mine li.clickable', { hasText: '周' }).click();
  await wang.waitForFunction(() => document.querySelector('#transcript').textContent.includes('周老师'));
  const meta = await wang.locator('#transcript .msg.consultant .meta').first().innerText();
  assert.match(meta, /咨询师 zhou/);
  assert.doesNotMatch(meta, /我/);
  // The visitor is told.
  await visitor.waitForFunction(() => document.querySelector('#transcript').textContent.includes('已为您转接'));
  // A: no stale, writable transcript.
  await zhou.waitForFunction(() => document.querySelector('#mine li.clickable') === null);
  assert.equal(await zhou.locator('#draft').isDisabled(), true);
  assert.match(await zhou.textContent('#transcript'), /请选择左侧的会话/);
  // B replies and the visitor gets it.
  await wang.fill('#draft', '您好，我是王老师，接下来由我为您安排。');
  await wang.keyboard.press('Enter');
  await visitor.waitForFunction(() => document.querySelector('#transcript').textContent.includes('王老师'));
  await h.shots(wang, 'console-transfer-receiver');
  await h.shots(visitor, 'visitor-transferred');
});
