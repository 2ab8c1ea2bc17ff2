// End-to-end: the consultant's console holds still while frames arrive. A visitor's typing
// indicator reaches the console about once a second all day; every such frame used to rebuild
// every list and the transcript, so a click on a conversation could be lost between mouse-down and
// mouse-up, a text selection in the transcript vanished, and an invited visitor's 已邀请 turned
// back into 邀请. Real Chromium, the real server binary; visitors driven over their real sockets.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, rawVisitors, eventually } from './harness.mjs';

const h = new harness();
// One consultant per test, so a test's conversations (held through the grace period) are not the next one's.
before(() => h.start({ users: ['li', 'zhao', 'qian', 'sun', 'zhou'].map(n => [n, 'consultant']) }));
after(() => h.stop());
afterEach(() => h.closeAll());

// Counts the `typing` frames the console's socket receives (window.__typing), ahead of the page's
// own handler, so a test can wait until frames have been handled; keeps the sockets (window.__sockets).
const countTyping = () => {
  window.__typing = 0;
  window.__sockets = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      window.__sockets.push(this);
      this.addEventListener('message', e => { if (String(e.data).includes('"typing"')) window.__typing++; });
    }
  };
};
const consolePage = user => h.staffPage('/console', user, { width: 1280, height: 800 }, { init: countTyping });

// The visitor of window.__visitors[i] types without pause: a typing frame every 100 ms, at most
// 400 of them (the server relays about one a second). Stops when the test's page is closed.
const keepTyping = (driver, i) => driver.evaluate(i => {
  const { ws } = window.__visitors[i];
  let n = 0;
  const timer = setInterval(() => {
    if (++n > 400 || ws.readyState !== WebSocket.OPEN) return clearInterval(timer);
    ws.send(JSON.stringify({ type: 'typing' }));
  }, 100);
}, i);

// Resolves once the console has handled `more` typing frames beyond those handled so far.
async function typingFrames(consoleP, more) {
  const seen = await consoleP.evaluate(() => window.__typing);
  await consoleP.waitForFunction(n => window.__typing >= n, seen + more, { timeout: 15000 });
}

test('while the visitor types, a message\'s transcript node stays the same node and text selected in it stays selected', async () => {
  const consoleP = await consolePage('li');
  const driver = await h.driverPage();
  await rawVisitors(driver, 1, '', '请问周六可以挂号吗');
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('请问周六可以挂号吗 1'));
  // Mark the message's node and select its text, as a consultant does to copy it.
  const selected = await consoleP.evaluate(() => {
    const msg = [...document.querySelectorAll('#transcript .msg.visitor')].find(m => m.textContent.includes('请问周六可以挂号吗'));
    msg.__marked = true;
    const text = [...msg.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes('请问周六'));
    const range = document.createRange();
    range.selectNodeContents(text);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
  });
  assert.equal(selected, '请问周六可以挂号吗 1');
  await keepTyping(driver, 0);
  await consoleP.waitForFunction(() => document.querySelector('#typing').textContent.includes('访客正在输入'));
  await typingFrames(consoleP, 3);
  const after = await consoleP.evaluate(() => {
    const msg = [...document.querySelectorAll('#transcript .msg.visitor')].find(m => m.textContent.includes('请问周六可以挂号吗'));
    return { same: msg?.__marked === true, selection: getSelection().toString() };
  });
  assert.deepEqual(after, { same: true, selection: '请问周六可以挂号吗 1' });
});

test('a mouse-down on a conversation, a typing frame, then the mouse-up: the conversation is selected', async () => {
  const consoleP = await consolePage('zhao');
  const driver = await h.driverPage();
  const [first] = await rawVisitors(driver, 1, '', '第一位访客的问题');
  await consoleP.waitForFunction(id => document.querySelector('#mine li.active')?.dataset.id === id, first);
  const [second] = await rawVisitors(driver, 1, '', '第二位访客的问题');
  const item = consoleP.locator(`#mine li.clickable[data-id="${second}"]`);
  await item.waitFor();
  // The second visitor types all the while; once the item says so, it shows the same until the end.
  await keepTyping(driver, 1);
  await consoleP.waitForFunction(id => document.querySelector(`#mine li[data-id="${id}"] .preview`)?.textContent === '访客正在输入…', second);
  const box = await eventually(async () => {
    const b = await item.boundingBox();
    assert.ok(b, 'the second conversation is on screen');
    return b;
  });
  await consoleP.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  await consoleP.mouse.down();
  await typingFrames(consoleP, 1);  // a frame arrives between mouse-down and mouse-up
  await consoleP.mouse.up();
  await consoleP.waitForFunction(id => document.querySelector('#mine li.active')?.dataset.id === id, second, { timeout: 5000 });
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('第二位访客的问题 1'));
});

test('邀请 clicked stays 已邀请 through later frames, the visitor\'s next page view included', async () => {
  const consoleP = await consolePage('qian');
  const driver = await h.driverPage();
  // Two visitors browsing the clinic's site (the widget's socket), each on a page of its own.
  await driver.evaluate(async () => {
    window.__browsers = [];
    for (const title of ['无痛胃镜检查须知', '体检套餐价格表']) {
      const ws = new WebSocket(`ws://${location.host}/ws/visitor?browse=1`);
      await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('browse socket refused')); });
      ws.send(JSON.stringify({ type: 'page_view', url: 'https://clinic.example/' + encodeURIComponent(title), title }));
      window.__browsers.push(ws);
    }
  });
  const row = title => consoleP.locator('#browsing li', { hasText: title });
  await row('无痛胃镜检查须知').waitFor();
  await row('体检套餐价格表').waitFor();
  await row('无痛胃镜检查须知').getByRole('button', { name: '邀请' }).click();
  const invitedButton = () => consoleP.evaluate(() => {
    const li = [...document.querySelectorAll('#browsing li')].find(l => l.textContent.includes('胃镜'));
    const b = li?.querySelector('button');
    return b && { text: b.textContent, disabled: b.disabled };
  });
  assert.deepEqual(await invitedButton(), { text: '已邀请', disabled: true });
  // Further frames: the invited visitor moves on to another page (its item is drawn anew), the
  // other one too. Page views beyond about one a second are not relayed: sent again until shown.
  await eventually(async () => {
    await driver.evaluate(() => window.__browsers[0].send(JSON.stringify({ type: 'page_view', url: 'https://clinic.example/wj2', title: '胃镜预约流程' })));
    await row('胃镜预约流程').waitFor({ timeout: 1200 });
  }, { timeout: 15000, every: 200 });
  await eventually(async () => {
    await driver.evaluate(() => window.__browsers[1].send(JSON.stringify({ type: 'page_view', url: 'https://clinic.example/tj2', title: '体检注意事项' })));
    await row('体检注意事项').waitFor({ timeout: 1200 });
  }, { timeout: 15000, every: 200 });
  assert.deepEqual(await invitedButton(), { text: '已邀请', disabled: true });
  assert.deepEqual(await row('体检注意事项').locator('button').evaluate(b => ({ text: b.textContent, disabled: b.disabled })),
    { text: '邀请', disabled: false }, 'the visitor not invited can still be');
});

test('a mouse-down on a conversation, then its visitor stops typing and writes, then the mouse-up: the conversation is selected', async () => {
  // Everything the item shows changes between the two: the preview (typing, then the message), the
  // unread count, the waiting clock. The item is the same node throughout.
  const consoleP = await consolePage('sun');
  const driver = await h.driverPage();
  const [first] = await rawVisitors(driver, 1, '', '先来的访客');
  await consoleP.waitForFunction(id => document.querySelector('#mine li.active')?.dataset.id === id, first);
  const [second] = await rawVisitors(driver, 1, '', '后来的访客');
  await driver.evaluate(() => window.__visitors[1].ws.send(JSON.stringify({ type: 'typing' })));
  await consoleP.waitForFunction(id => document.querySelector(`#mine li[data-id="${id}"] .preview`)?.textContent === '访客正在输入…', second);
  const item = consoleP.locator(`#mine li.clickable[data-id="${second}"]`);
  await consoleP.evaluate(id => { document.querySelector(`#mine li[data-id="${id}"]`).__marked = true; }, second);
  const box = await item.boundingBox();
  await consoleP.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  await consoleP.mouse.down();
  await driver.evaluate(() => window.__visitors[1].ws.send(JSON.stringify({ type: 'say', text: '请问能约明天上午吗', id: 'v1b' })));
  await consoleP.waitForFunction(id => document.querySelector(`#mine li[data-id="${id}"] .preview`)?.textContent.includes('请问能约明天上午吗'), second);
  assert.equal(await consoleP.evaluate(id => document.querySelector(`#mine li[data-id="${id}"]`).__marked, second), true,
    'the item is the node the mouse went down on');
  await consoleP.mouse.up();
  await consoleP.waitForFunction(id => document.querySelector('#mine li.active')?.dataset.id === id, second, { timeout: 5000 });
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('请问能约明天上午吗'));
});

test('邀请 over a dropped connection: not shown as 已邀请, the consultant is told; once reconnected it goes out', async () => {
  const consoleP = await consolePage('zhou');
  const driver = await h.driverPage();
  await driver.evaluate(async () => {
    const ws = new WebSocket(`ws://${location.host}/ws/visitor?browse=1`);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('browse socket refused')); });
    window.__browserFrames = [];
    ws.onmessage = e => window.__browserFrames.push(JSON.parse(e.data));
    ws.send(JSON.stringify({ type: 'page_view', url: 'https://clinic.example/yy', title: '牙齿矫正费用' }));
    window.__browser = ws;
  });
  const row = consoleP.locator('#browsing li', { hasText: '牙齿矫正费用' });
  await row.waitFor();
  // The console's socket drops; the click comes before the page has reconnected.
  await consoleP.evaluate(() => {
    window.__sockets.at(-1).close();
    [...document.querySelectorAll('#browsing li')].find(l => l.textContent.includes('牙齿矫正费用')).querySelector('button').click();
  });
  await consoleP.waitForFunction(() => document.querySelector('#notices').textContent.includes('邀请未发出'));
  assert.deepEqual(await row.locator('button').evaluate(b => ({ text: b.textContent, disabled: b.disabled })),
    { text: '邀请', disabled: false });
  // Reconnected (the browsing list comes back with it): the invitation goes out and reaches the visitor.
  await consoleP.waitForFunction(() => window.__sockets.at(-1).readyState === WebSocket.OPEN, null, { timeout: 15000 });
  await eventually(async () => {
    await row.getByRole('button', { name: '邀请' }).click({ timeout: 2000 });
    assert.deepEqual(await row.locator('button').evaluate(b => ({ text: b.textContent, disabled: b.disabled })),
      { text: '已邀请', disabled: true });
  }, { timeout: 10000, every: 300 });
  await driver.waitForFunction(() => window.__browserFrames.some(f => f.type === 'invited'), null, { timeout: 5000 });
  assert.equal(await driver.evaluate(() => window.__browserFrames.filter(f => f.type === 'invited').length), 1,
    'one invitation: the click over the dropped connection sent nothing');
});
