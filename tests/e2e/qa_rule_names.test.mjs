// End-to-end: QA's rule precision at the end of the day, as found acting out a working day in
// Chromium. Once QA judges a wait, a filler-only reply, a low-effort chat and a wasted visitor,
// each rule's card must say in Chinese what the rule is, never the analyzer's id (idle_critical,
// fillers_only, effort_ratio, no_contact_no_appointment).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
// Short thresholds: the first wait turns critical in two seconds.
before(() => h.start({ users: [['li', 'consultant', '男科'], ['qa1', 'qa']],
                       rules: { idle_warning_seconds: 1, idle_critical_seconds: 2, first_response_seconds: 1 } }));
after(() => h.stop());

test('the rule precision cards name every rule in Chinese', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '请问包皮手术多少钱');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable').first().waitFor();
  await li.waitForTimeout(2600);  // the visitor waits past the critical threshold
  await li.locator('#mine li.clickable').first().click();
  await li.fill('#draft', '嗯');
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant').waitFor();
  await visitor.fill('#text', '我想了解一下手术是不是需要住院，术后多久可以正常上班，费用里面包含哪些检查项目');
  await visitor.click('#composer button');
  await li.fill('#draft', '嗯');
  await li.keyboard.press('Enter');
  await li.waitForFunction(() => !document.querySelector('#transcript .pending'));
  await li.click('#end');
  await li.click('#end');
  await visitor.waitForSelector('#rating:not(.hidden)');

  const qa = await h.staffPage('/qa', 'qa1', LAPTOP);
  await qa.locator('#rows tr.clickable').first().click();
  await qa.waitForSelector('#detail:not(.hidden)');
  const findings = qa.locator('#detail-findings .finding');
  const n = await findings.count();
  assert.ok(n >= 3, 'a wait, a filler reply, a low-effort chat at least: ' + await qa.locator('#detail-findings').innerText());
  for (let i = 0; i < n; i++) {
    await findings.nth(i).locator('button', { hasText: '确认' }).click();
    await findings.nth(i).locator('.muted', { hasText: '已确认' }).waitFor();
  }
  await qa.waitForFunction(k => document.querySelectorAll('#rule-list .rule-card').length >= k, Math.min(n, 3));
  const names = await qa.locator('#rule-list .rule-name').allInnerTexts();
  for (const name of names) assert.doesNotMatch(name, /[a-z]{2,}/, 'a rule named by its id: ' + name);
  assert.ok(names.some(t => t.startsWith('等待过久 · ')), 'the wait is among them: ' + names.join(' / '));
  await qa.locator('#rules').scrollIntoViewIfNeeded();
  await h.shots(qa, 'qa-rule-names');
});
