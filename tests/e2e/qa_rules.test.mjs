// End-to-end: the QA page's 规则准确率 view (issue #12 item 5). QA dismisses a rule's findings
// on /qa; the view lists the rule by precision with the dismissed examples and marks it quiet
// (no more live alerts); only a supervisor may mark it reviewed, which starts a new window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { harness, artifacts } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant'], ['boss', 'supervisor'], ['qa1', 'qa']], args: ['--rule-min-judged=2'] }));
after(() => h.stop());

const RULE = 'phrase:说了多少次了';

// Real conversations over the real sockets, driven from a page on the server's origin: a visitor
// asks, li answers with `reply` and ends. Returns the conversation ids.
async function conversations(replies) {
  const page = await h.driverPage();
  return page.evaluate(async replies => {
    const login = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'li', password: 'password1' }) }).then(r => r.json());
    const frames = [];
    const staff = new WebSocket(`ws://${location.host}/ws/staff?token=${login.token}`);
    staff.onmessage = e => frames.push(JSON.parse(e.data));
    await new Promise((resolve, reject) => { staff.onopen = resolve; staff.onerror = reject; });
    const until = (pred, what) => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out: ' + what)), 5000);
      const check = setInterval(() => {
        const f = frames.find(pred);
        if (f) { clearInterval(check); clearTimeout(t); resolve(f); }
      }, 20);
    });
    const ids = [];
    for (const [i, reply] of replies.entries()) {
      const v = new WebSocket(`ws://${location.host}/ws/visitor`);
      await new Promise((resolve, reject) => { v.onopen = resolve; v.onerror = reject; });
      v.send(JSON.stringify({ type: 'say', text: '周末上班吗？', id: 'q' + i }));
      const assigned = await until(f => f.type === 'assigned' && !ids.includes(f.conversation), 'assigned');
      const id = assigned.conversation;
      ids.push(id);
      staff.send(JSON.stringify({ type: 'say', conversation: id, text: reply, id: 'a' + i }));
      await until(f => f.type === 'ack' && f.id === 'a' + i, 'ack');
      staff.send(JSON.stringify({ type: 'end', conversation: id }));
      await until(f => f.type === 'ended' && f.conversation === id, 'ended');
      v.close();
    }
    staff.close();
    return ids;
  }, replies);
}

test('QA: 规则准确率 lists a dismissed rule as quiet with its examples; a supervisor reviews it', async () => {
  await conversations(['说了多少次了，周末不上班。', '说了多少次了，周末不上班哦。', '你慢慢等，我去问问。']);
  const qa = await h.staffPage('/qa', 'qa1', { width: 1366, height: 768 });
  await qa.waitForSelector('#rules');
  // The view fills in when its request answers: wait for it, not for the empty list before it.
  await qa.waitForFunction(() => /还没有质检结论/.test(document.querySelector('#rule-list')?.textContent || ''));
  // Judge each finding of the rule in the transcript view: two dismissed, the other rule confirmed.
  await qa.waitForSelector('#rows tr.clickable');
  const rows = await qa.locator('#rows tr.clickable').count();
  assert.equal(rows, 3);
  let dismissed = 0;
  for (let i = 0; i < rows; i++) {
    const row = qa.locator('#rows tr.clickable').nth(i);
    const id = await row.getAttribute('data-id');
    await row.click();
    // Wait for this row's conversation, not whatever the pane still shows from the previous one.
    await qa.waitForSelector(`#detail[data-conversation="${id}"] #detail-findings .finding`);
    const ours = qa.locator('#detail-findings .finding', { hasText: '说了多少次了' });
    if (await ours.count()) {
      await ours.locator('input').fill(dismissed++ === 0 ? '复述访客的话' : '语气正常');
      await ours.locator('button', { hasText: '驳回' }).click();
      await ours.locator('span', { hasText: '已驳回' }).waitFor();
    } else {
      const other = qa.locator('#detail-findings .finding', { hasText: '你慢慢等' });
      await other.locator('button', { hasText: '确认' }).click();
      await other.locator('span', { hasText: '已确认' }).waitFor();
    }
  }
  // Least precise first, quiet, with the dismissed messages.
  const card = qa.locator(`#rule-list .rule-card[data-rule="${RULE}"]`);
  await card.and(qa.locator('.quiet')).waitFor();
  assert.equal(await qa.locator('#rule-list .rule-card').first().getAttribute('data-rule'), RULE);
  assert.match(await card.textContent(), /0%/);
  assert.match(await card.textContent(), /已静默/);
  assert.match(await card.textContent(), /已判定 2 条，确认 0 条，驳回 2 条/);
  assert.equal(await card.locator('.rule-examples li').count(), 2);
  assert.match(await card.locator('.rule-examples').textContent(), /说了多少次了，周末不上班/);
  assert.match(await card.locator('.rule-examples').textContent(), /复述访客的话/);
  const other = qa.locator('#rule-list .rule-card[data-rule="phrase:你慢慢等"]');
  assert.match(await other.textContent(), /100%/);
  assert.match(await qa.textContent('#rule-floor'), /低于 50%（至少 2 条质检结论）/);
  // QA may read, not review.
  assert.equal(await card.locator('button', { hasText: '标记已复核' }).isDisabled(), true);
  await card.scrollIntoViewIfNeeded();
  await h.shots(qa, 'qa-rules');
  await qa.locator('#rules').screenshot({ path: join(artifacts, 'qa-rules-view.png') });

  const boss = await h.staffPage('/qa', 'boss', { width: 390, height: 844 });
  const bossCard = boss.locator(`#rule-list .rule-card[data-rule="${RULE}"]`);
  await bossCard.waitFor();
  await bossCard.scrollIntoViewIfNeeded();
  await h.shot(boss, 'qa-rules-supervisor-390x844');
  await bossCard.locator('button', { hasText: '标记已复核' }).click();
  await boss.waitForFunction(rule => {
    const c = document.querySelector(`#rule-list .rule-card[data-rule="${rule}"]`);
    return c && !c.classList.contains('quiet') && /boss 于 .* 复核/.test(c.textContent);
  }, RULE);
  assert.match(await bossCard.textContent(), /待质检/);
  assert.match(await bossCard.textContent(), /已判定 0 条/);
});
