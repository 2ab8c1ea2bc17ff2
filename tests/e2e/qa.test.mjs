// End-to-end: the QA page (issue #11, defect 8): scorecards with the "100 − 1 = 0" mark, the trend
// chart drawn as SVG, filters as choices and date presets, the visitor's rating comment in the
// transcript view, and verdict buttons that know the role (a refusal is shown, never silent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, eventually } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant'], ['boss', 'supervisor'], ['qa1', 'qa']] }));
after(() => h.stop());

// One conversation: the visitor asks, li scolds and ends, the visitor rates with a comment.
async function badConversation() {
  const consoleP = await h.staffPage('/console', 'li');
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'));
  await visitorReady(visitor);
  await visitor.fill('#text', '请问检查要空腹吗');
  await visitor.click('#composer button');
  await consoleP.locator('#mine li.clickable', { hasText: '要空腹吗' }).click();
  await consoleP.fill('#draft', '你烦不烦，网站上都写了');
  await consoleP.keyboard.press('Enter');
  await visitor.waitForFunction(() => document.querySelector('#transcript').textContent.includes('网站上都写了'));
  await consoleP.click('#end');
  await consoleP.click('#end');  // 确认结束
  await visitor.waitForSelector('#rating:not(.hidden)');
  await visitor.fill('#rate-comment', '态度太差了，问一句就不耐烦');
  await visitor.click('#rate-no');
  await visitor.waitForFunction(() => document.querySelector('#rate-done').textContent.includes('感谢'));
}

test('QA: scorecards with the 100 − 1 = 0 mark, the trend chart, presets, choices and the rating comment', async () => {
  await badConversation();
  const qa = await h.staffPage('/qa', 'qa1', { width: 1366, height: 768 });
  // Scorecards by consultant, and the trend of findings per 100 messages as an SVG bar per day.
  await qa.waitForSelector('#cards tbody tr[data-key="li"]');
  await qa.waitForSelector('#trend svg.trend .bar rect');
  assert.equal(await qa.locator('#cards .hmo').count(), 0, 'nothing confirmed yet');
  // Presets and choices: this month, consultant li picked from a list.
  await qa.click('#presets button[data-preset="month"]');
  assert.notEqual(await qa.inputValue('#f-from'), '');
  await qa.waitForFunction(() => [...document.querySelectorAll('#f-consultant option')].some(o => o.value === 'li'));
  // The departments come by the request after the consultants' (qa.js loadChoices): wait for them too.
  await eventually(async () => assert.ok((await qa.locator('#f-department option').allInnerTexts()).includes('男科')));
  await qa.selectOption('#f-consultant', 'li');
  await qa.click('#filters button[type=submit]');
  await qa.waitForSelector('#rows tr.clickable');
  // The rating comment shows on the list row already, not only in the transcript view.
  assert.match(await qa.textContent('#rows tr.clickable .list-comment'), /态度太差了，问一句就不耐烦/);
  await qa.click('#rows tr.clickable');
  // The visitor's rating and comment reach QA.
  await qa.waitForFunction(() => document.querySelector('#detail-rating').textContent.includes('态度太差了'));
  assert.match(await qa.textContent('#detail-rating'), /不满意/);
  // Confirming the critical finding marks li's scorecard "100 − 1 = 0".
  const critical = qa.locator('#detail-findings .finding.critical').first();
  await critical.locator('button', { hasText: '确认' }).click();
  await qa.waitForSelector('#cards tr[data-key="li"] .hmo');
  assert.match(await qa.textContent('#cards tr[data-key="li"]'), /100 − 1 = 0/);
  await qa.click('#groups button[data-group="day"]');
  await qa.waitForSelector('#cards tbody tr .hmo');
  await qa.waitForSelector('#trend svg .bar.critical');
  await qa.click('#groups button[data-group="department"]');
  await qa.waitForSelector('#cards tbody tr[data-key="男科"]');
  await h.shots(qa, 'qa');
  await h.shot(qa, 'qa-full', { fullPage: true });
});

test('QA: a supervisor sees why the verdict buttons are off, and a refused verdict is shown', async () => {
  const boss = await h.staffPage('/qa', 'boss');
  await boss.waitForSelector('#rows tr.clickable');
  await boss.click('#rows tr.clickable');
  await boss.waitForSelector('#detail-findings .finding');
  assert.match(await boss.textContent('#judge-note'), /质检人员/);
  const confirm = boss.locator('#detail-findings .finding button', { hasText: '确认' }).first();
  assert.equal(await confirm.isDisabled(), true);
  // Were the button enabled (a stale page, a role changed meanwhile), the server's 403 is shown.
  await confirm.evaluate(b => { b.disabled = false; });
  await confirm.click();
  await boss.waitForSelector('#notices .notice.error');
  assert.match(await boss.textContent('#notices'), /没有权限/);
  await boss.waitForTimeout(2000);
  assert.equal(await boss.locator('#notices .notice.error').count(), 1, 'stays until dismissed');
  await h.shots(boss, 'qa-supervisor');
});

test('QA: the latest filter wins: a slower answer to the filter before is not drawn over it', async () => {
  await badConversation();  // ended by the consultant
  const qa = await h.staffPage('/qa', 'qa1', { width: 1366, height: 768 });
  await qa.waitForSelector('#rows tr.clickable');
  // The list for 主动结束 takes 1.5 s to come; 客户结束 (none) is asked for meanwhile.
  let delayed = 0;
  await qa.route(/\/api\/qa\/conversations\?.*ending=consultant/, async route => {
    delayed++;
    await new Promise(r => setTimeout(r, 1500));
    await route.continue();
  });
  await qa.selectOption('#f-ending', 'consultant');
  await qa.click('#filters button[type=submit]');
  await qa.selectOption('#f-ending', 'visitor');
  await qa.click('#filters button[type=submit]');
  await qa.waitForFunction(() => document.querySelector('#rows').textContent.includes('没有符合条件的会话'));
  await qa.waitForTimeout(2500);  // the slow answer has arrived by now
  assert.ok(delayed >= 1, 'the earlier request was made');
  assert.equal(await qa.locator('#rows tr.clickable').count(), 0, 'the earlier answer was not drawn');
  assert.match(await qa.textContent('#rows'), /没有符合条件的会话/);
});
