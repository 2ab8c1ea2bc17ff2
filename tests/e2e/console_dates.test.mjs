// End-to-end: dates the console shows are the consultant's own calendar day, not UTC's. Found
// acting out a working day in Chromium: a returning visitor's earlier conversations were dated
// by cutting the ISO time (UTC), so a chat from 07:30 in Beijing showed the day before. The
// console runs in a time zone whose date differs from UTC's at the moment the test runs (the
// clinic's clock is what matters, and at 09:00 Beijing the UTC date is the same, so a fixed
// Asia/Shanghai would only catch this in the evening).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

test('a returning visitor\'s earlier conversation is dated in the console\'s own time zone', async () => {
  // UTC−12 is a day behind UTC before 12:00 UTC, UTC+14 a day ahead from 10:00 UTC.
  const timezoneId = new Date().getUTCHours() < 11 ? 'Etc/GMT+12' : 'Etc/GMT-14';
  const li = await (await h.context({ viewport: LAPTOP, timezoneId })).newPage();
  li.on('pageerror', e => { throw e; });
  await li.goto(h.base + '/console');
  await li.fill('input[name=username]', 'li');
  await li.fill('input[name=password]', 'password1');
  await li.click('button[type=submit]');
  await li.waitForSelector('header.bar');
  const bid = 'ab'.repeat(16);
  for (const text of ['第一次来问：包皮手术多少钱', '第二次来问：术后多久能上班']) {
    const visitor = await h.visitorPage(`?department=${encodeURIComponent('男科')}&bid=${bid}`, PHONE);
    await visitorReady(visitor);
    await visitor.fill('#text', text);
    await visitor.click('#composer button');
    await visitor.waitForSelector('#transcript .msg.visitor:not(.pending)');
    if (text.startsWith('第一次')) {
      await visitor.click('#end-chat');
      await visitor.waitForSelector('#rating:not(.hidden)');
      await visitor.context().close();
    }
  }
  await li.locator('#mine li.clickable', { hasText: '第二次来问' }).click();
  const item = li.locator('.vp-history li').first();
  await item.waitFor();
  const today = await li.evaluate(() => {
    const d = new Date();
    return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  });
  const text = await item.innerText();
  const m = text.match(/(\d{4})\D(\d{1,2})\D(\d{1,2})/);
  assert.ok(m, text);
  assert.deepEqual(m.slice(1).map(Number), today, `the earlier chat (today, ${timezoneId}) is dated: ${text}`);
});
