// End-to-end: the four pages at a laptop's 1366×768 and a phone's 390×844, as people use them:
// nothing cut (a placeholder wider than its box reads 转给同事（用户 and stops), and no page wider
// than the screen (a sideways scroll on a phone). Screenshots of each for a person to look at.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['boss', 'supervisor'], ['qa1', 'qa']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

// Inputs whose placeholder does not fit inside them, and whether the page scrolls sideways.
const problems = page => page.evaluate(() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const cut = [];
  for (const i of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!i.offsetParent) continue;  // not shown
    const cs = getComputedStyle(i);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (i.tagName === 'INPUT' && ctx.measureText(i.placeholder).width > room + 1) cut.push(i.id || i.placeholder);
  }
  return { cut, sideways: document.documentElement.scrollWidth > window.innerWidth + 1 };
});

async function check(page, name) {
  for (const [label, size] of [['1366x768', LAPTOP], ['390x844', PHONE]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(200);
    await h.shot(page, `layout-${name}-${label}`, { fullPage: true });
    const p = await problems(page);
    assert.deepEqual(p.cut, [], `${name} at ${label}: placeholders cut`);
    assert.equal(p.sideways, false, `${name} at ${label}: the page scrolls sideways`);
  }
}

test('the four pages fit a laptop and a phone: no placeholder cut, no sideways scroll', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '请问周六上午有医生吗');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable').first().click();
  await li.fill('#draft', '您好，周六上午有医生坐诊。');
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant').waitFor();
  await check(visitor, 'visitor');
  await check(li, 'console');
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  await boss.locator('#board tr[data-id]').first().waitFor();
  await check(boss, 'supervisor');
  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');
  const qa = await h.staffPage('/qa', 'qa1', LAPTOP);
  await qa.locator('#rows tr.clickable').first().click();
  await qa.waitForSelector('#detail:not(.hidden)');
  await check(qa, 'qa');
});
