// End-to-end: the four pages in Debian's headless Chromium against the real server binary.
// Run by ctest (tests/CMakeLists.txt) with LINGTING_BINARY, LINGTING_SOURCE_DIR, ARTIFACTS_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { harness, artifacts, XSS } from './harness.mjs';

const h = new harness();
let base;
before(async () => {
  await h.start({ users: [['li', 'consultant'], ['boss', 'supervisor'], ['qa1', 'qa']] });
  base = h.base;
});
after(() => h.stop());
const browser = { newContext: options => h.context(options) };
const staffPage = (path, user, viewport) => h.staffPage(path, user, viewport);

const textOf = (page, sel) => page.locator(sel).allInnerTexts();

test('a visitor and a consultant chat; the draft check, waiting clocks, alerts, endings and QA all work', async () => {
  const consoleP = await staffPage('/console', 'li');
  const boss = await staffPage('/supervisor', 'boss');
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 760 }, locale: 'zh-CN' })).newPage();
  await visitor.goto(base + '/?department=' + encodeURIComponent('男科'));
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));

  // The visitor asks; the console shows the conversation and the message.
  await visitor.fill('#text', '你好，我想咨询包皮手术');
  await visitor.click('#composer button');
  await consoleP.waitForSelector('#mine li.clickable');
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('我想咨询包皮手术'));

  // Left waiting: the clock turns amber, then red, and the supervisor gets an alert.
  await consoleP.waitForSelector('.wait.amber', { timeout: 8000 });
  await consoleP.waitForSelector('.wait.red', { timeout: 8000 });
  await boss.waitForFunction(() => document.querySelector('#alerts').textContent.includes('等待过久'), null, { timeout: 8000 });
  await boss.waitForSelector('#board .wait.red');
  // One wait is one alert line that escalates in place (warning, then critical).
  await boss.waitForFunction(() => document.querySelector('#alerts').textContent.includes('已升级'), null, { timeout: 8000 });
  assert.equal(await boss.locator('#alerts .alert', { hasText: '等待过久' }).count(), 1, 'one wait, one alert line');
  assert.equal(await boss.locator('#alerts .alert.critical', { hasText: '等待过久' }).count(), 1);

  // The draft is checked as it is typed: 不好意思 gets the suggestion 很抱歉, applied in one click.
  await consoleP.fill('#draft', '不好意思，让您久等了');
  await consoleP.waitForSelector('#checks button.suggest');
  assert.match(await consoleP.textContent('#checks'), /很抱歉/);
  await consoleP.click('#checks button.suggest');
  assert.equal(await consoleP.inputValue('#draft'), '很抱歉，让您久等了');
  await consoleP.click('#send');
  await visitor.waitForFunction(() => document.querySelector('#transcript').textContent.includes('很抱歉，让您久等了'));

  // Markup from a visitor is shown as text everywhere.
  await visitor.fill('#text', XSS);
  await visitor.click('#composer button');
  await consoleP.waitForFunction(x => document.querySelector('#transcript').textContent.includes(x), XSS);
  const boardRow = boss.locator('#board button', { hasText: '查看' }).first();
  await boardRow.click();
  await boss.waitForFunction(x => document.querySelector('#watch-transcript').textContent.includes(x), XSS);

  await h.shots(visitor, 'visitor');
  await consoleP.screenshot({ path: join(artifacts, 'console.png') });
  await boss.screenshot({ path: join(artifacts, 'supervisor.png') });

  // The consultant ends without a closing question: a `consultant` ending; the visitor rates.
  await consoleP.click('#end');
  await consoleP.click('#end');  // 确认结束
  await visitor.waitForSelector('#rating:not(.hidden)');
  await visitor.click('#rate-yes');
  await visitor.waitForFunction(() => document.querySelector('#rate-done').textContent.includes('感谢'));
  await h.shots(visitor, 'visitor-rating');

  // QA finds it under the consultant ending and confirms a finding.
  const qa = await staffPage('/qa', 'qa1');
  await qa.selectOption('#f-ending', 'consultant');
  await qa.click('#filters button[type=submit]');
  await qa.waitForSelector('#rows tr.clickable');
  await qa.click('#rows tr.clickable');
  await h.waitOrExplain(qa, '#detail[data-conversation]', 'qa-detail');
  await h.waitOrExplain(qa, '#detail-findings .finding', 'qa-findings');
  await qa.waitForFunction(x => document.querySelector('#detail-transcript').textContent.includes(x), XSS);
  // The visitor's long wait on the first message (warning, critical, closed) is one line, at its
  // highest severity. The later message may have a short wait of its own on a slow machine (the
  // thresholds here are 2 and 4 s, and screenshots come between): a line of its own, not counted here.
  const firstWait = qa.locator('#detail-findings .finding', { hasText: '等待过久' }).filter({ hasText: '第 1 条' });
  assert.equal(await firstWait.count(), 1, 'one line per wait');
  assert.equal(await qa.locator('#detail-findings .finding.critical', { hasText: '等待过久' }).filter({ hasText: '第 1 条' }).count(), 1);
  const finding = qa.locator('#detail-findings .finding').first();
  await finding.locator('button', { hasText: '确认' }).click();
  await qa.waitForFunction(() => document.querySelector('#detail-findings .finding').textContent.includes('已确认'));
  await qa.screenshot({ path: join(artifacts, 'qa.png'), fullPage: true });

  for (const p of [visitor, consoleP, boss, qa]) {
    assert.equal(await p.evaluate(() => window.__xss), undefined, 'no script ran from a message');
    assert.equal(await p.locator('.msg img').count(), 0, 'no element was made from a message');
  }
  // The verdict is stored.
  const id = await qa.getAttribute('#rows tr.clickable', 'data-id');
  const conv = await qa.evaluate(async id => (await fetch('/api/conversations/' + id, {
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem('lingting.token') } })).json(), id);
  assert.equal(conv.ending, 'consultant');
  assert.ok(conv.findings.some(f => f.verdict === 'confirmed'));
  assert.equal(conv.rating.satisfied, true);
});

test('the visitor widget survives a network drop: nothing lost, nothing shown twice', async () => {
  const consoleP = await staffPage('/console', 'li');
  const ctx = await browser.newContext({ viewport: { width: 390, height: 760 } });
  const visitor = await ctx.newPage();
  // Keep a handle on the page's sockets, so the test can cut one as a phone network would.
  await visitor.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) { super(...args); window.__sockets.push(this); }
    };
  });
  await visitor.goto(base + '/');
  await visitor.waitForFunction(() => document.querySelector('#status').textContent.includes('咨询师在线'));
  await visitor.fill('#text', '第一句');
  await visitor.click('#composer button');
  await consoleP.waitForFunction(() => [...document.querySelectorAll('#mine li.clickable')].length > 0);
  await consoleP.locator('#mine li.clickable', { hasText: '第一句' }).click();
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('第一句'));

  // The network goes: offline, and the open socket dies without a clean close (4000 is not
  // 1000/1001, so the server keeps the conversation for a resume).
  await ctx.setOffline(true);
  await visitor.evaluate(() => window.__sockets.at(-1).close(4000));
  await visitor.evaluate(() => new Promise(r => setTimeout(r, 300)));
  // While the visitor is offline the consultant answers twice.
  for (const t of ['回复一', '回复二']) {
    await consoleP.fill('#draft', t);
    await consoleP.click('#send');
  }
  await consoleP.waitForFunction(() => !document.querySelector('#transcript .pending'));
  await ctx.setOffline(false);
  await visitor.waitForFunction(() => document.querySelector('#transcript').textContent.includes('回复二'), null, { timeout: 15000 });
  assert.ok(await visitor.evaluate(() => window.__sockets.length) >= 2, 'the widget reconnected');
  const texts = await textOf(visitor, '#transcript .msg');
  assert.equal(texts.filter(t => t.includes('回复一')).length, 1);
  assert.equal(texts.filter(t => t.includes('第一句')).length, 1);
});

test('a consultant invites a visitor browsing the clinic site, and serves the chat', async () => {
  const consoleP = await staffPage('/console', 'li');
  const site = await (await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'zh-CN' })).newPage();
  await site.goto(base + '/demo.html');
  await consoleP.waitForFunction(() => document.querySelector('#browsing').textContent.includes('男科专题'));
  await consoleP.click('#browsing button');
  const bubble = site.getByText('咨询师邀请您在线咨询');
  await bubble.waitFor();
  await bubble.click();
  const chat = site.frameLocator('iframe[title="在线咨询"]');
  await chat.locator('#status', { hasText: '咨询师已接入' }).waitFor();
  await chat.locator('#text').fill('你好，我想了解包皮手术');
  await chat.locator('#composer button').click();
  await consoleP.waitForFunction(() => [...document.querySelectorAll('#mine li.clickable')].length > 0);
  await consoleP.locator('#mine li.clickable', { hasText: '我想了解包皮手术' }).click();
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('我想了解包皮手术'));
  await h.shots(site, 'demo-widget');
});
