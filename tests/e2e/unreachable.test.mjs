// End-to-end: what the pages say while the server cannot be reached (a restart, the clinic's
// network down). Found acting out a working day in Chromium: the browser's own English
// ("Failed to fetch") reached supervisors, consultants and visitors, and the board's red
// "refresh failed" stayed on screen after the server was back. The network failure is made with
// Playwright's request interception (the request is aborted as a dropped connection would be),
// so the one server of this file keeps running.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['boss', 'supervisor']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

const LATIN = /[A-Za-z]{3,}/;  // English words: what a browser says about a failed request

test('the board says in Chinese that the server is unreachable, and the error goes once it is back', async () => {
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  await boss.waitForSelector('#board tr');
  await boss.route('**/api/board', route => route.abort('connectionrefused'));
  const note = boss.locator('#notices .notice.error', { hasText: '看板刷新失败' });
  await note.waitFor();
  const text = await note.locator('.text').innerText();
  assert.doesNotMatch(text, LATIN, text);
  assert.match(text, /无法连接服务器/);
  await h.shots(boss, 'unreachable-board');
  // Back: the board works again, so the error must not go on saying it does not.
  await boss.unroute('**/api/board');
  await boss.waitForFunction(() => ![...document.querySelectorAll('#notices .notice')].some(n => n.textContent.includes('看板刷新失败')),
    null, { timeout: 8000 }).catch(() => assert.fail('the refresh error stayed on screen after the board worked again'));
});

test('a consultant\'s leads panel says in Chinese that the server is unreachable', async () => {
  const ctx = await h.context({ viewport: LAPTOP });
  const page = await ctx.newPage();
  page.on('pageerror', e => { throw e; });
  await ctx.route('**/api/leads', route => route.abort('connectionrefused'));
  await page.goto(h.base + '/console');
  await page.fill('input[name=username]', 'li');
  await page.fill('input[name=password]', 'password1');
  await page.click('button[type=submit]');
  const note = page.locator('#notices .notice.error', { hasText: '读取留言失败' });
  await note.waitFor();
  const text = await note.locator('.text').innerText();
  assert.doesNotMatch(text, LATIN, text);
});

test('a visitor whose message cannot be posted reads why in Chinese', async () => {
  // Nobody of 妇科 is online: the page offers the leave-a-message form.
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('妇科'), PHONE);
  await visitor.waitForSelector('#lead-form:not(.hidden)');
  await visitor.route('**/api/leads', route => route.abort('connectionrefused'));
  await visitor.fill('input[name=phone]', '13812345678');
  await visitor.fill('textarea[name=message]', '想预约周六的妇科检查');
  await visitor.click('#lead-submit');
  await visitor.waitForFunction(() => document.querySelector('#lead-error').textContent.trim());
  const text = await visitor.locator('#lead-error').innerText();
  assert.doesNotMatch(text, LATIN, text);
  assert.match(text, /网络|连接/);
  await h.shots(visitor, 'unreachable-lead');
});
