// End-to-end: the consultant's console through a working day (issue #11): no reply lost at normal
// typing speed, every error visible until dismissed, urgent chats on top, notifications while the
// tab is unfocused, drafts and findings kept across a reload, suggestions that insert only
// replacements. Real Chromium, the real server binary, a real SQLite file.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, rawVisitors, visitorReady, eventually } from './harness.mjs';

const h = new harness();
// One consultant per test, so conversations a closed test leaves behind (held for the
// consultant's grace period) never count against the next test's consultant.
before(() => h.start({ users: ['li', 'zhao', 'qian', 'sun', 'zhou', 'wang'].map(n => [n, 'consultant']) }));
after(() => h.stop());
afterEach(() => h.closeAll());  // nobody from one test is online in the next

// A visitor who has said `text` and is served; the console has that conversation selected.
async function chat(consoleP, text) {
  const visitor = await h.visitorPage();
  await visitorReady(visitor);
  await visitor.fill('#text', text);
  await visitor.click('#composer button');
  await consoleP.locator('#mine li.clickable', { hasText: text }).click();
  await consoleP.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t), text);
  return visitor;
}

const noticeTexts = page => page.locator('#notices .notice .text').allInnerTexts();

test('typing 40 characters at 10 keys a second, then three replies in a row: all three reach the visitor', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const visitor = await chat(consoleP, '请问周末可以做检查吗');
  const frames = [];
  consoleP.on('websocket', ws => ws.on('framesent', f => frames.push(String(f.payload))));
  await consoleP.click('#draft');
  const first = '您好，周末正常上班，上午八点到下午五点都可以来做检查，请您提前预约，到了直接找导医就可以了';
  await consoleP.keyboard.type(first.slice(0, 40), { delay: 100 });
  await consoleP.keyboard.type(first.slice(40));
  await consoleP.keyboard.press('Enter');
  for (const t of ['请问您方便留个电话吗', '我们的医生会提前为您安排好']) {
    await consoleP.fill('#draft', t);
    await consoleP.keyboard.press('Enter');
  }
  for (const t of [first, '请问您方便留个电话吗', '我们的医生会提前为您安排好'])
    await visitor.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t), t, { timeout: 8000 });
  await consoleP.waitForFunction(() => !document.querySelector('#transcript .pending'));
  assert.deepEqual(await noticeTexts(consoleP), [], 'no reply was refused');
  // The page throttles the typing indicator: at most one per 2 s (the typing lasted ~4.6 s).
  const typing = frames.filter(f => f.includes('"typing"')).length;
  assert.ok(typing <= 4, `typing frames sent: ${typing}`);
});

test('a refused reply keeps its draft and says why until dismissed; a failed transfer is shown', async () => {
  const consoleP = await h.staffPage('/console', 'zhao');
  await chat(consoleP, '你们那边怎么收费');
  // Profanity is blocked by the send policy: the reply is not sent, the draft comes back.
  await consoleP.fill('#draft', '你tmd别问了');
  await consoleP.keyboard.press('Enter');
  await consoleP.waitForSelector('#notices .notice.error');
  assert.equal(await consoleP.inputValue('#draft'), '你tmd别问了');
  assert.match((await noticeTexts(consoleP)).join(), /不当用语.*草稿已保留/);
  // Transfer to a colleague who does not exist: the bad_target error is shown and stays.
  await consoleP.fill('#transfer-to', 'nobody');
  await consoleP.click('#transfer');
  await consoleP.waitForFunction(() => document.querySelector('#notices').textContent.includes('nobody'));
  await consoleP.waitForTimeout(3000);  // still there after a while: not overwritten, not timed out
  const texts = await noticeTexts(consoleP);
  assert.equal(texts.length, 2);
  assert.match(texts[1], /转接失败.*nobody.*不在线或不存在/);
  await h.shots(consoleP, 'console-errors');
  await consoleP.locator('#notices .notice', { hasText: 'nobody' }).locator('button.close').click();
  assert.equal((await noticeTexts(consoleP)).length, 1);
  // Over the frame limit (past the textarea's maxlength, as a paste by script could be): refused
  // before the server reads it, so without an id; it is still the reply sent last, kept as draft.
  const long = '请'.repeat(6000);
  await consoleP.evaluate(t => { document.querySelector('#draft').value = t; }, long);
  await consoleP.click('#send');
  await consoleP.waitForFunction(() => document.querySelector('#notices').textContent.includes('消息太长'));
  assert.equal(await consoleP.inputValue('#draft'), long);
  assert.equal(await consoleP.locator('#transcript .pending').count(), 0);
});

test('while the tab is unfocused a new conversation and a new visitor message notify, ring and flash the title', async () => {
  // The Notification API observed through the page: a stand-in records what the page raises.
  const init = () => {
    window.__notes = [];
    window.__asked = 0;
    window.Notification = class {
      constructor(title, options) { window.__notes.push({ title, ...options }); }
      close() {}
      static requestPermission() { window.__asked++; window.Notification.permission = 'granted'; return Promise.resolve('granted'); }
    };
    window.Notification.permission = 'default';
  };
  const consoleP = await h.staffPage('/console', 'qian', { width: 1280, height: 800 }, { init });
  // The permission prompt comes from a click, as browsers require.
  await consoleP.click('#notify-permit');
  await consoleP.waitForSelector('#notify-permit', { state: 'detached' });
  assert.equal(await consoleP.evaluate(() => window.__asked), 1);

  await consoleP.evaluate(() => window.dispatchEvent(new Event('blur')));
  const visitor = await h.visitorPage();
  await visitorReady(visitor);
  await visitor.fill('#text', '医生你好，我想问一下');
  await visitor.click('#composer button');
  await consoleP.waitForFunction(() => window.__notes.some(n => n.title === '访客新消息'));
  const notes = await consoleP.evaluate(() => window.__notes);
  assert.ok(notes.some(n => n.title === '新的咨询会话'), JSON.stringify(notes));
  assert.ok(notes.some(n => n.title === '访客新消息' && n.body.includes('我想问一下')));
  await consoleP.waitForFunction(() => document.title.startsWith('【新消息】') || document.title.startsWith('('));
  assert.equal(await consoleP.textContent('#mine li .unread'), '1');
  // Coming back: the flashing stops and the open conversation's messages count as read.
  await consoleP.evaluate(() => window.dispatchEvent(new Event('focus')));
  await consoleP.waitForFunction(() => document.title === '咨询师工作台 · 聆听');
  assert.equal(await consoleP.locator('#mine li .unread').count(), 0);
  // No notification while the consultant is looking at the tab.
  const before = (await consoleP.evaluate(() => window.__notes)).length;
  await visitor.fill('#text', '还有一个问题');
  await visitor.click('#composer button');
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('还有一个问题'));
  assert.equal((await consoleP.evaluate(() => window.__notes)).length, before);
});

test('drafts and findings survive a reload; phone numbers are marked; the visitor\'s typing is shown', async () => {
  const consoleP = await h.staffPage('/console', 'sun');
  const visitor = await chat(consoleP, '我的电话是 138 1234 5678，麻烦回电');
  assert.equal(await consoleP.textContent('#transcript mark.phone'), '138 1234 5678');
  // A reply with a finding (a colloquialism), then a draft left half written.
  await consoleP.fill('#draft', '不好意思，我们马上给您回电');
  await consoleP.keyboard.press('Enter');
  await consoleP.waitForSelector('#transcript .finding-note');
  await consoleP.fill('#draft', '请问您什么时间方便');
  await consoleP.reload();
  await consoleP.waitForSelector('#transcript .finding-note');
  assert.equal(await consoleP.inputValue('#draft'), '请问您什么时间方便');
  // The visitor types: the console says so.
  await visitor.type('#text', '下午三点以后都可以', { delay: 300 });  // longer than the 2 s typing throttle
  await consoleP.waitForFunction(() => document.querySelector('#typing').textContent.includes('访客正在输入'));
});

test('10 ended and 2 waiting conversations at 1280×720: both waiting ones in view, the ended ones in a closed history', async () => {
  const consoleP = await h.staffPage('/console', 'wang', { width: 1280, height: 720 });
  const driver = await h.driverPage();
  for (let i = 0; i < 10; i++) {
    await rawVisitors(driver, 1, '', '已经解决的问题');
    await driver.evaluate(() => window.__visitors.at(-1).ws.send(JSON.stringify({ type: 'leave' })));
  }
  await consoleP.waitForFunction(() => document.querySelectorAll('#ended-list li').length === 10, null, { timeout: 10000 });
  await rawVisitors(driver, 2, '', '还在等待的问题');
  await consoleP.waitForFunction(() => document.querySelectorAll('#mine li.clickable').length === 2);
  const items = consoleP.locator('#mine li.clickable');
  // Waiting longest first. A chat is listed at its `assigned` frame and its first message follows
  // in a frame of its own: wait for the items to show it rather than read them once.
  await eventually(async () => {
    assert.match(await items.nth(0).innerText(), /还在等待的问题 1/);
    assert.match(await items.nth(1).innerText(), /还在等待的问题 2/);
  });
  assert.equal(await consoleP.evaluate(() => document.querySelector('#history').open), false);
  // An item whose text changes (a new message, its waiting badge) is a new node: one found a
  // moment before may be gone (a null box) when its box is asked for. Ask again for it as it is now.
  await eventually(async () => {
    for (let i = 0; i < 2; i++) {
      const box = await items.nth(i).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 720, `waiting conversation ${i + 1} in view: ${JSON.stringify(box)}`);
    }
  });
  assert.match(await consoleP.textContent('#history summary'), /已结束的会话（10）/);
  await consoleP.waitForSelector('#mine .wait.amber');  // not bounded by 5 s: a loaded page ticks late
  await h.shot(consoleP, 'console-urgency-1280x720');
  await h.shots(consoleP, 'console');
});

test('a suggestion button only where the lexicon has a replacement: advice is shown, never inserted', async () => {
  const consoleP = await h.staffPage('/console', 'zhou');
  await chat(consoleP, '想问一下费用');
  await consoleP.fill('#draft', '你到底懂不懂');
  await consoleP.waitForSelector('#checks .finding');
  assert.equal(await consoleP.locator('#checks button.suggest').count(), 0, 'no button for advice');
  assert.match(await consoleP.textContent('#checks .advice'), /请问是哪里没有说清楚/);
  await consoleP.fill('#draft', '不好意思，你到底懂不懂');
  await consoleP.waitForFunction(() => document.querySelectorAll('#checks .finding').length === 2);
  assert.equal(await consoleP.locator('#checks button.suggest').count(), 1);
  await consoleP.click('#checks button.suggest');
  assert.equal(await consoleP.inputValue('#draft'), '很抱歉，你到底懂不懂');
  assert.doesNotMatch(await consoleP.inputValue('#draft'), /请问是哪里/);
});
