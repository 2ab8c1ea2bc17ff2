// End-to-end: the visitor's side of a working day (issue #11, defects 2, 9, 10 and the visitor
// page). Real Chromium, the real server binary, a real SQLite file; endings checked through the
// QA API.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { harness, eventually, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({
  users: [['li', 'consultant', '男科'], ['wang', 'consultant', '男科'], ['zhao', 'consultant', '男科'],
    ['sun', 'consultant', '男科'], ['boss', 'supervisor'], ['qa1', 'qa']],
  // A visitor who closes the page after an unanswered question must not count as abandoned by
  // the consultant (ENDINGS.md rule 4) within the few seconds these tests take.
  rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 },
}));
after(() => h.stop());
afterEach(() => h.closeAll());

async function token(user) {
  const r = await fetch(h.base + '/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: 'password1' }) });
  return (await r.json()).token;
}
async function getJson(path, user = 'qa1') {
  const r = await fetch(h.base + path, { headers: { Authorization: 'Bearer ' + await token(user) } });
  return { status: r.status, body: await r.json().catch(() => ({})) };
}
// The stored ending of a conversation, waited for (bounded).
async function endingOf(id, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { status, body } = await getJson('/api/conversations/' + encodeURIComponent(id));
    if (status === 200 && body.ending) return { ending: body.ending, after: Date.now() };
    await new Promise(r => setTimeout(r, 200));
  }
  return { ending: null };
}
const openConversations = async () => (await getJson('/api/board', 'boss')).body.conversations;
const conversationOf = frame => frame.evaluate(() => JSON.parse(sessionStorage.getItem('lingting.visitor') || '{}').conversation);
const statusText = page => page.locator('#status').innerText();

// The visitor writes and the message is acknowledged; returns the conversation id.
async function say(page, text) {
  await page.locator('#text').fill(text);
  await page.locator('#composer button').click();
  await page.locator('#transcript .msg.visitor:not(.pending)', { hasText: text }).waitFor();
  return conversationOf(page);
}

test('defect 10: opening the page takes nothing; the first message opens the conversation', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
  // The clinic's name and its greeting, as the clinic (not a consultant's message). They come in
  // the frame after the one that says who is online: the heading reads 在线咨询 until it arrives.
  await eventually(async () => assert.equal(await visitor.locator('#clinic').innerText(), '聆听示范医院'));
  assert.match(await visitor.locator('#greeting').innerText(), /欢迎咨询聆听示范医院/);
  await visitor.waitForTimeout(500);
  assert.deepEqual(await openConversations(), [], 'an open page is no conversation');
  assert.equal(await consoleP.locator('#mine li.clickable').count(), 0, 'and no seat taken');
  const id = await say(visitor, '你好，我想咨询一下包皮手术');
  assert.ok(id);
  assert.equal((await openConversations()).length, 1);
  await consoleP.locator('#mine li.clickable', { hasText: '包皮手术' }).click();
  // The visitor sees who serves.
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('li 为您服务'));
  for (let i = 0; i < 6; i++) await say(visitor, `第${i + 1}个问题：术后多久可以上班？`);
  await consoleP.fill('#draft', '您好，我是李医生。一般术后一周左右就可以上班了。');
  await consoleP.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '李医生' }).waitFor();
  await h.shots(visitor, 'visitor-chat');

  // 结束咨询: a `visitor` ending; the rating takes its own room, the last message stays in view.
  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');
  assert.equal((await endingOf(id)).ending, 'visitor');
  for (const size of [PHONE, LAPTOP]) {
    await visitor.setViewportSize(size);
    await visitor.waitForTimeout(150);
    await visitor.evaluate(() => { const t = document.querySelector('#transcript'); t.scrollTop = t.scrollHeight; });
    const last = await visitor.locator('#transcript .msg').last().boundingBox();
    const rating = await visitor.locator('#rating').boundingBox();
    assert.ok(last.y + last.height <= rating.y + 1, `the rating does not cover the last message at ${size.width}`);
    const page = await visitor.evaluate(() => ({ scroll: document.scrollingElement.scrollHeight, view: innerHeight }));
    assert.ok(page.scroll <= page.view + 1, 'the page itself does not scroll');
  }
  await visitor.setViewportSize(PHONE);
  await h.shots(visitor, 'visitor-rating');

  // 重新咨询: a fresh conversation, opened by the next first message.
  await visitor.click('#restart');
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
  assert.equal(await visitor.locator('#transcript .msg.visitor').count(), 0);
  const second = await say(visitor, '我还想问一下费用');
  assert.ok(second && second !== id, 'a new conversation');
});

test('defect 9: nobody online, the page offers the form; the lead reaches a consultant who closes it', async () => {
  const before = (await openConversations()).map(c => c.id);  // the last test's, in their grace
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitor.locator('#lead-form').waitFor();
  assert.match(await statusText(visitor), /不在线/);
  assert.ok(!(await visitor.locator('#composer').isVisible()), 'no composer leading to "您前面还有 0 位"');
  // The department choices come with the clinic's frame, after the one that shows the form.
  await eventually(async () => assert.equal(await visitor.locator('#lead-department').inputValue(), '男科'));
  await h.shots(visitor, 'visitor-lead-form');
  await visitor.fill('#lead-form [name=name]', '张先生');
  await visitor.fill('#lead-form [name=phone]', '12');
  await visitor.click('#lead-submit');
  assert.match(await visitor.locator('#lead-error').innerText(), /电话/);
  await visitor.fill('#lead-form [name=phone]', '138 0013 8000');
  await visitor.fill('#lead-form [name=message]', '想预约周六上午复查');
  await visitor.click('#lead-submit');
  await visitor.locator('#lead-done').waitFor();
  assert.ok((await openConversations()).every(c => before.includes(c.id)), 'a lead is not a conversation');

  // A consultant logs in: the 留言 section shows it with its count, and closes it.
  const consoleP = await h.staffPage('/console', 'wang');
  await consoleP.waitForFunction(() => document.querySelector('#leads-count')?.textContent === '1');
  const item = consoleP.locator('#leads li.lead', { hasText: '张先生' });
  assert.match(await item.innerText(), /138 0013 8000[\s\S]*想预约周六上午复查/);
  await h.shots(consoleP, 'console-leads');
  // Supervisors see the leads too.
  const board = await h.staffPage('/supervisor', 'boss');
  await board.locator('#leads li.lead', { hasText: '张先生' }).waitFor();
  await h.shots(board, 'supervisor-leads');
  await item.locator('button', { hasText: '已处理' }).click();
  await consoleP.waitForFunction(() => document.querySelector('#leads-count').textContent === '0');
  await board.reload();
  await board.waitForFunction(() => document.querySelector('#leads-count')?.textContent === '0');
  const { body } = await getJson('/api/leads?closed=1', 'boss');
  assert.equal(body.leads[0].closed_by, 'wang');
  // And the visitor's page, now that wang is online, offers the chat again.
  await visitor.locator('#composer').waitFor();
});

test('defect 9: when every consultant of the department goes offline during a chat, the page offers the form', async () => {
  const consoleP = await h.staffPage('/console', 'zhao');
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
  await say(visitor, '有人在吗');
  await consoleP.locator('#mine li.clickable', { hasText: '有人在吗' }).waitFor();
  await consoleP.context().close();  // zhao's only socket goes away
  await visitor.locator('#lead-form').waitFor({ timeout: 10000 });
  assert.match(await visitor.locator('#lead-intro').innerText(), /暂时都不在线/);
  assert.ok(await visitor.locator('#composer').isVisible(), 'the visitor may keep waiting');
});

// Defect 2: leaving is recorded as the visitor's, within seconds.
test('defect 2: closing the visitor tab ends the conversation as `visitor` within seconds', async () => {
  await h.staffPage('/console', 'sun');
  const visitor = await h.visitorPage();
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
  const id = await say(visitor, '我先看看，谢谢');
  const closed = Date.now();
  await visitor.close();
  const { ending, after: at } = await endingOf(id);
  assert.equal(ending, 'visitor');
  assert.ok(at - closed < 12000, `recorded ${at - closed} ms after the tab closed`);
});

test('defect 2: closing the whole browser ends the conversation as `visitor`', async () => {
  await h.staffPage('/console', 'sun');
  for (const how of ['browser', 'context']) {
    const own = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const ctx = await own.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const visitor = await ctx.newPage();
    await visitor.goto(h.base + '/');
    await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
    const id = await say(visitor, `关掉${how}之前的一句话`);
    const closed = Date.now();
    if (how === 'context') await ctx.close();
    await own.close();
    const { ending, after: at } = await endingOf(id);
    assert.equal(ending, 'visitor', `closing the ${how}`);
    assert.ok(at - closed < 12000, `${how}: recorded ${at - closed} ms after`);
  }
});

test('defect 2: moving between two pages of the clinic site keeps the same conversation', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const site = await (await h.context({ viewport: { width: 1100, height: 760 } })).newPage();
  site.on('pageerror', e => { throw e; });
  await site.goto(h.base + '/demo.html');
  await site.getByRole('button', { name: '在线咨询' }).click();
  const frameOf = () => site.frames().find(f => f.url().includes('/?department='));
  await site.waitForFunction(() => document.querySelector('iframe')?.style.display === 'block');
  const chat = site.frameLocator('iframe[title="在线咨询"]');
  await chat.locator('#status', { hasText: '咨询师在线' }).waitFor();
  await chat.locator('#text').fill('第一页上问的问题');
  await chat.locator('#composer button').click();
  await chat.locator('#transcript .msg.visitor:not(.pending)', { hasText: '第一页上问的问题' }).waitFor();
  const id = await conversationOf(frameOf());
  await consoleP.locator('#mine li.clickable', { hasText: '第一页上问的问题' }).click();
  await consoleP.fill('#draft', '好的，您慢慢看');
  await consoleP.keyboard.press('Enter');
  await chat.locator('#transcript .msg.consultant', { hasText: '您慢慢看' }).waitFor();

  await site.click('#next-page');
  await site.waitForURL(/demo2\.html/);
  // The panel reopens by itself and the chat page resumes: same conversation, transcript back.
  const chat2 = site.frameLocator('iframe[title="在线咨询"]');
  await chat2.locator('#transcript .msg.consultant', { hasText: '您慢慢看' }).waitFor();
  await chat2.locator('#transcript .msg.visitor', { hasText: '第一页上问的问题' }).waitFor();
  assert.equal(await conversationOf(frameOf()), id, 'the same conversation');
  await site.waitForTimeout(6500);  // past the leave grace (5 s): nothing ended
  assert.ok((await openConversations()).some(c => c.id === id), 'still open after the leave grace');
  await chat2.locator('#text').fill('第二页上接着问');
  await chat2.locator('#composer button').click();
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('第二页上接着问'));
  await h.shots(site, 'demo2-widget');
  // And back: still the same conversation.
  await site.click('#prev-page');
  await site.waitForURL(/demo\.html/);
  await site.frameLocator('iframe[title="在线咨询"]').locator('#transcript .msg.visitor', { hasText: '第二页上接着问' }).waitFor();
  assert.equal(await conversationOf(frameOf()), id);
  // The 结束咨询 button inside the widget: a `visitor` ending.
  await site.frameLocator('iframe[title="在线咨询"]').locator('#end-chat').click();
  assert.equal((await endingOf(id)).ending, 'visitor');
});

test('defect 9: a full queue refuses the first message and the page offers the form instead', async () => {
  const full = new harness();
  await full.start({ users: [['li', 'consultant']], args: ['--max-conversations=1', '--max-queue=1'],
    rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } });
  try {
    await full.staffPage('/console', 'li');
    const visitors = [];
    for (const text of ['第一位访客', '第二位访客']) {  // li serves one, the queue holds one
      const v = await full.visitorPage();
      await v.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
      await say(v, text);
      visitors.push(v);
    }
    const third = await full.visitorPage();
    await third.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
    await third.locator('#text').fill('第三位访客');
    await third.locator('#composer button').click();
    await third.locator('#lead-form').waitFor();
    assert.match(await third.locator('#lead-intro').innerText(), /人数较多/);
    assert.equal(await third.locator('#transcript .msg.visitor').count(), 0, 'the refused message is not shown as sent');
    await third.fill('#lead-form [name=phone]', '13800138000');
    await third.click('#lead-submit');
    await third.locator('#lead-done').waitFor();
  } finally {
    await full.stop();
  }
});
