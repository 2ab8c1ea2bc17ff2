// End-to-end: leads on the console through a working day. The conversation's header (the visitor
// panel) shows the contact the moment the visitor gives it, written any way the analyzer counts as
// a contact (full-width digits, odd spacing, a landline with spaces), so a converted chat does not
// look unconverted; and on a phone the 留言 panel can be reached and worked.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['wang', 'consultant', '男科']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

async function chat(consoleP, text) {
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', text);
  await visitor.click('#composer button');
  await consoleP.locator('#mine li.clickable', { hasText: text }).click();
  await consoleP.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t), text);
  return visitor;
}

// Each is a contact to the analyzer (server/core/analysis/analyzer.cpp, contains_contact).
const CONTACTS = [
  ['full-width digits', '我的电话１３８１２３４５６７８', '１３８１２３４５６７８'],
  ['a mobile spaced 3-3-5', '电话是 139 123 45678', '139 123 45678'],
  ['a landline with spaces', '座机 0755 8888 6666 白天都在', '0755 8888 6666'],
  ['a Hong Kong number', '我在香港，电话 6122 9083', '6122 9083'],
];

test('the conversation header shows the contact as soon as the visitor gives it, however it is written', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await chat(li, '想问一下包皮手术的费用');
  assert.match(await li.locator('#visitor-panel').innerText(), /尚未留下/);
  const missed = [];
  for (const [what, text, shown] of CONTACTS) {
    await visitor.fill('#text', text);
    await visitor.click('#composer button');
    await li.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t), text);
    const contact = await li.locator('#visitor-panel').innerText();
    if (!contact.includes(shown)) missed.push(`${what}: ${contact.replace(/\s+/g, ' ')}`);
  }
  assert.deepEqual(missed, [], 'the header does not show a contact the analyzer counts');
  assert.doesNotMatch(await li.locator('#visitor-panel').innerText(), /尚未留下/);
  await h.shot(li, 'console-leads-header');
});

// What a thumb can reach on a phone: the page scrolled (no scroll area nested in another), and
// the point at the middle of `sel` is that element, not something drawn over or clipping it.
const reachable = (page, sel) => page.evaluate(sel => {
  window.scrollTo(0, 0);
  const node = document.querySelector(sel);
  node.scrollIntoView({ block: 'center' });  // scrolls every scroll area, as a program may
  window.scrollTo(0, document.documentElement.scrollHeight);  // a person scrolls the page itself
  for (let a = node.parentElement; a && a !== document.body; a = a.parentElement)
    if (a.scrollTop) a.scrollTop = 0;  // nested scroll areas as a person finds them: at their top
  window.scrollTo(0, node.getBoundingClientRect().top + window.scrollY - 100);
  const r = node.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return { hit: !!hit && node.contains(hit), x, y };
}, sel);

test('on a phone the 留言 panel is reached by scrolling the page, and a lead is closed with a tap', async () => {
  const driver = await h.driverPage();
  const status = await driver.evaluate(() => fetch('/api/leads', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '张先生', phone: '138 1234 5670', message: '想预约周六上午，请回电', department: '男科' }) }).then(r => r.status));
  assert.equal(status, 201);
  const wang = await h.staffPage('/console', 'wang', PHONE);
  // A working console: two chats in the list above.
  for (const text of ['请问包皮手术多少钱', '周六上午有医生吗']) await chat(wang, text);
  const lead = wang.locator('#leads li.lead', { hasText: '张先生' });
  await lead.waitFor();
  const close = await reachable(wang, '#leads li.lead button');
  assert.equal(close.hit, true, 'the lead\'s 已处理 cannot be reached on a phone');
  await h.shot(wang, 'console-leads-phone');
  await wang.mouse.click(close.x, close.y);
  await lead.waitFor({ state: 'detached' });
  assert.equal(await wang.locator('#leads-count').innerText(), '0');
});

test('a lead left during a busy shift is said on the console at once, not only in the panel below the fold', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  await li.locator('#leads-count').waitFor();
  await li.waitForFunction(() => !!document.querySelector('#leads li'));  // the first load is done
  const driver = await h.driverPage();
  const status = await driver.evaluate(() => fetch('/api/leads', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '赵女士', phone: '13912345671', message: '下午三点后方便接电话', department: '男科' }) }).then(r => r.status));
  assert.equal(status, 201);
  // The panel polls every 10 s: the notice comes with the next poll.
  const said = li.locator('#notices .notice', { hasText: '赵女士' });
  await said.waitFor({ timeout: 15000 }).catch(() => assert.fail('no word of the new lead on the console'));
  assert.match(await said.innerText(), /新留言：赵女士 · 男科/);
  await said.locator('.text').click();
  await li.locator('#leads li.lead', { hasText: '赵女士' }).waitFor();
  await h.shot(li, 'console-leads-new');
});

test('a returning visitor whose history cannot be read is said so in the header, not left at 访客 …', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  await li.route('**/api/browsers/**', route => route.abort('connectionrefused'));
  const visitor = await h.visitorPage(`?department=${encodeURIComponent('男科')}&bid=${'cd'.repeat(16)}`);
  await visitorReady(visitor);
  await visitor.fill('#text', '你好，想问一下复查的事');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable', { hasText: '复查' }).click();
  await li.waitForFunction(() => /未能读取此前的咨询记录/.test(document.querySelector('#visitor-panel').textContent), null, { timeout: 10000 })
    .catch(async () => assert.fail('the header reads: ' + await li.locator('#visitor-panel').innerText()));
  assert.doesNotMatch(await li.locator('#visitor-panel').innerText(), /首次访问/);
});
