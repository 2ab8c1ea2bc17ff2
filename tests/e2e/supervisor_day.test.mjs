// End-to-end: a supervisor's whole day on the board, as found by acting one out in Chromium: the
// live transcript keeps following after the board's socket drops and comes back, a consultant
// who logged out with chats open is shown as such on the board, and a busy morning's pile of
// alerts can be cleared in one click.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, rawVisitors, eventually, LAPTOP } from './harness.mjs';

const h = new harness();
// Thresholds long enough that no idle alert interferes with what a test watches.
// 60 conversations from this one address (the alert pile below), served by two consultants.
before(() => h.start({ users: [['li', 'consultant'], ['wang', 'consultant'], ['boss', 'supervisor']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 },
                       args: ['--conversations-per-address=100', '--max-conversations=40', '--visitor-connect-burst=100', '--message-burst=100'] }));
after(() => h.stop());
afterEach(() => h.closeAll());

// Every WebSocket the page opens, so a test can drop one the way a flaky network does.
const KEEP_SOCKETS = () => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
};
const dropSockets = page => page.evaluate(() => { for (const s of window.__sockets) s.close(); });

async function visitorSays(consoleP, text) {
  const visitor = await h.visitorPage();
  await visitorReady(visitor);
  await visitor.fill('#text', text);
  await visitor.click('#composer button');
  const item = consoleP.locator('#mine li.clickable', { hasText: text });
  await item.waitFor();
  return { visitor, id: await item.getAttribute('data-id') };
}

async function reply(consoleP, id, text) {
  await consoleP.click(`#mine li[data-id="${id}"]`);
  await consoleP.fill('#draft', text);
  await consoleP.keyboard.press('Enter');
  await consoleP.waitForFunction(t => document.querySelector('#transcript').textContent.includes(t) && !document.querySelector('#transcript .pending'), text);
}

test('the live transcript keeps following the conversation after the board reconnects', async () => {
  const consoleP = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP, { init: KEEP_SOCKETS });
  const { visitor, id } = await visitorSays(consoleP, '请问前列腺炎要治疗多久');
  await boss.locator(`#board tr[data-id="${id}"] button`, { hasText: '查看' }).click();
  await boss.waitForFunction(() => document.querySelector('#watch-transcript').textContent.includes('前列腺炎'));
  // The supervisor's network blinks: the board's socket drops and comes back by itself.
  await dropSockets(boss);
  await boss.waitForFunction(() => window.__sockets.length >= 2 && window.__sockets.at(-1).readyState === 1);
  await reply(consoleP, id, '您好，一般需要一到两个疗程，具体要看检查结果。');
  await visitor.fill('#text', '那费用大概多少');
  await visitor.click('#composer button');
  await boss.waitForFunction(() => /一到两个疗程[\s\S]*费用大概多少/.test(document.querySelector('#watch-transcript').textContent),
    null, { timeout: 5000 }).catch(async () => {
    assert.fail('the watched transcript stopped after the reconnect: ' + await boss.locator('#watch-transcript').innerText());
  });
});

test('a pile of 50+ alerts is counted and cleared with one click; a new one still shows', async () => {
  const li = await h.staffPage('/console', 'li');
  const wang = await h.staffPage('/console', 'wang');
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const drv = await h.driverPage();
  const ids = await rawVisitors(drv, 54, '男科', '请问还能挂今天的号吗');
  // Each consultant answers every chat of theirs with a brush-off: one alert group each. The
  // console's own socket is private, so a second socket of the same log-in says it.
  const say = (page, conversations) => page.evaluate(c => new Promise(resolve => {
    const ws = new WebSocket(`ws://${location.host}/ws/staff?token=${encodeURIComponent(sessionStorage.getItem('lingting.token'))}`);
    ws.onopen = () => { for (const id of c) ws.send(JSON.stringify({ type: 'say', conversation: id, text: '你烦不烦，自己去看网站', id: 'x' + id + Date.now() })); };
    let answered = 0;
    ws.onmessage = e => { const f = JSON.parse(e.data); if ((f.type === 'ack' || f.type === 'error') && ++answered === c.length) { ws.close(); resolve(); } };
  }), conversations);
  const mine = async page => page.locator('#mine li.clickable').evaluateAll(ls => ls.map(l => l.dataset.id));
  await boss.waitForFunction(n => document.querySelectorAll('#board tr[data-id]').length === n, ids.length);
  // The board reads the server; each console hears of its chats over its own socket, which may
  // lag behind the board on a loaded machine: wait for both consoles to have them all.
  const [a, b] = await eventually(async () => {
    const [a, b] = [await mine(li), await mine(wang)];
    assert.equal(a.length + b.length, ids.length, 'every chat is served');
    return [a, b];
  });
  await say(li, a);
  await say(wang, b);
  await boss.waitForFunction(n => document.querySelectorAll('#alerts .alert-group').length >= n, ids.length, { timeout: 20000 });
  assert.equal(await boss.locator('#alerts-open').innerText(), String(ids.length), 'the open groups are counted');
  await h.shots(boss, 'supervisor-day-alert-pile');
  await boss.click('#ack-all');
  assert.equal(await boss.locator('#alerts .alert-group:not(.acked)').count(), 0, 'one click acknowledges them all');
  assert.equal(await boss.locator('#alerts-open').innerText(), '0');
  assert.ok(await boss.locator('#ack-all').isDisabled(), 'nothing left to acknowledge');
  // A new alert after that is new again.
  await say(li, [a[0]]);
  await boss.waitForFunction(() => document.querySelectorAll('#alerts .alert-group:not(.acked)').length === 1);
  assert.equal(await boss.locator('#alerts-open').innerText(), '1');
});

test('a consultant whose connection is gone is marked 离线 on the board rows of the chats still held', async () => {
  const li = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const { id } = await visitorSays(li, '请问周末有医生坐诊吗');
  const row = boss.locator(`#board tr[data-id="${id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('.consultant-gone').count(), 0, 'connected: no mark');
  // li's laptop drops off the network: her chats stay hers for the grace, with nobody there.
  await li.context().close();
  await boss.waitForFunction(i => /离线/.test(document.querySelector(`#board tr[data-id="${i}"] td`)?.textContent || ''), id, { timeout: 8000 })
    .catch(async () => assert.fail('the row still reads: ' + await row.locator('td').first().innerText()));
  await h.shots(boss, 'supervisor-day-consultant-gone');
});

test('a reload keeps the board\'s alerts and what this supervisor acknowledged, without doubling them', async () => {
  const li = await h.staffPage('/console', 'li');
  const boss = await h.staffPage('/supervisor', 'boss', LAPTOP);
  const first = await visitorSays(li, '请问包皮手术需要住院吗');
  await reply(li, first.id, '等着吧');
  const second = await visitorSays(li, '请问周六能做检查吗');
  await reply(li, second.id, '你烦不烦，自己去看网站');
  const group = id => boss.locator(`#alerts .alert-group[data-conversation="${id}"]`);
  await group(first.id).waitFor();
  await group(second.id).waitFor();
  await group(first.id).locator('button.ack').click();
  assert.equal(await group(first.id).locator('.muted', { hasText: '已处理' }).count(), 1);
  const lines = async id => group(id).locator('.alert').count();
  const before = [await lines(first.id), await lines(second.id)];

  await boss.reload();
  await boss.waitForSelector('header.bar');
  await group(first.id).waitFor({ timeout: 5000 }).catch(() => assert.fail('the alerts were lost with the reload'));
  await group(second.id).waitFor({ timeout: 5000 });
  // The live socket and the stored alerts both deliver them: still one line per alert.
  await boss.waitForTimeout(500);
  assert.deepEqual([await lines(first.id), await lines(second.id)], before, 'no alert doubled');
  assert.match(await group(first.id).getAttribute('class'), /acked/, 'acknowledged before the reload: still acknowledged');
  assert.doesNotMatch(await group(second.id).getAttribute('class'), /acked/, 'not acknowledged: still open');
  await h.shots(boss, 'supervisor-day-after-reload');
});
