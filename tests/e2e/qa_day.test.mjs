// End-to-end: the QA auditor at the end of the day, as found acting out a working day in
// Chromium. A conversation that one consultant began and handed to another is listed under the
// second; its transcript and findings must still say who wrote what, or QA confirms one
// consultant's forbidden phrase against the other.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { harness, visitorReady, PHONE, LAPTOP } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant', '男科'], ['wang', 'consultant', '男科'], ['qa1', 'qa']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 } }));
after(() => h.stop());
afterEach(() => h.closeAll());

test('a transferred conversation in QA names the author of each reply and of each finding', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const wang = await h.staffPage('/console', 'wang', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '包皮手术大概多少钱');
  await visitor.click('#composer button');
  // Whoever routing chose writes the rude reply and hands the chat to the other.
  const first = await Promise.race([li, wang].map(p => p.locator('#mine li.clickable').first().waitFor().then(() => p)));
  const [rude, kind] = first === li ? ['li', 'wang'] : ['wang', 'li'];
  const second = first === li ? wang : li;
  await first.locator('#mine li.clickable').first().click();
  await first.fill('#draft', '你看不懂中文吗？网站上有价格');
  await first.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '网站上有价格' }).waitFor();
  await first.fill('#transfer-to', kind);
  await first.click('#transfer');
  await second.locator('#mine li.clickable').first().waitFor();
  await second.locator('#mine li.clickable').first().click();
  await second.fill('#draft', '您好，费用大约一千元左右，请问您还有什么疑问吗？');
  await second.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '一千元' }).waitFor();
  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');

  const qa = await h.staffPage('/qa', 'qa1', LAPTOP);
  await qa.locator('#rows tr.clickable').first().click();
  await qa.waitForSelector('#detail:not(.hidden)');
  assert.match(await qa.locator('#detail-title').innerText(), new RegExp(`· ${kind} ·`), 'listed under the last consultant');
  assert.match(await qa.locator('#detail-title').innerText(), new RegExp(`经手：${rude} → ${kind}`));
  const rudeLine = qa.locator('#detail-transcript .msg.consultant', { hasText: '网站上有价格' });
  assert.match(await rudeLine.locator('.meta').innerText(), new RegExp(`咨询师 ${rude}`), 'the reply names its author');
  const finding = qa.locator('#detail-findings .finding', { hasText: '你看不懂中文吗' });
  assert.match(await finding.innerText(), new RegExp(`${rude} 所发`), 'the finding names whose message it is');
  await h.shots(qa, 'qa-day-transferred');

  // The list names both consultants; the scorecards count the rude reply against its author,
  // not against the consultant who held the chat last; the consultant filter finds it under both.
  assert.equal(await qa.locator('#rows tr.clickable').first().locator('td').nth(1).innerText(), `${rude} → ${kind}`);
  const card = name => qa.locator(`#cards tr[data-key="${name}"]`);
  await card(rude).waitFor({ timeout: 5000 }).catch(() => assert.fail(`no scorecard for ${rude}, who wrote the rude reply`));
  const phrases = async name => (await card(name).locator('td').nth(8).getAttribute('title')) || '';
  assert.match(await phrases(rude), /服务忌语/, `${rude}'s forbidden phrase is in ${rude}'s scorecard`);
  assert.doesNotMatch(await phrases(kind), /服务忌语/, `and not in ${kind}'s`);
  for (const name of [rude, kind]) {
    await qa.selectOption('#f-consultant', name);
    await qa.click('#filters button[type=submit]');
    await qa.waitForFunction(() => document.querySelectorAll('#rows tr.clickable').length === 1, null, { timeout: 5000 })
      .catch(() => assert.fail(`filtering by ${name} does not find the conversation ${name} handled`));
  }
});

test('the next morning, 昨天 finds yesterday\'s chats in one click and 今天 none', async () => {
  // A chat today (it is still there from the test above, or is made here).
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '请问明天上午有男科医生吗');
  await visitor.click('#composer button');
  await visitor.waitForSelector('#transcript .msg.visitor:not(.pending)');
  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');
  // The auditor opens /qa the next morning: the browser's clock is a day ahead of the server's.
  const ctx = await h.context({ viewport: LAPTOP });
  const qa = await ctx.newPage();
  await qa.clock.install({ time: new Date(Date.now() + 86400000) });
  await qa.goto(h.base + '/qa');
  await qa.fill('input[name=username]', 'qa1');
  await qa.fill('input[name=password]', 'password1');
  await qa.click('button[type=submit]');
  await qa.waitForSelector('header.bar');
  await qa.click('#presets button[data-preset="today"]');
  await qa.waitForFunction(() => /没有符合条件的会话/.test(document.querySelector('#rows').textContent));
  // The presets are drawn with the page: whether 昨天 is among them is a count, not a click
  // bounded by 3 s (a loaded machine spent those on the click itself).
  const yesterdayButton = qa.locator('#presets button[data-preset="yesterday"]');
  assert.equal(await yesterdayButton.count(), 1, 'no 昨天 among the time presets');
  await yesterdayButton.click();
  await qa.locator('#rows tr.clickable', { hasText: '男科' }).first().waitFor();
  const yesterday = await qa.evaluate(() => {
    const d = new Date(Date.now() - 86400000);  // the page's clock: the server's today
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.deepEqual([await qa.inputValue('#f-from'), await qa.inputValue('#f-to')], [yesterday, yesterday]);
});

test('QA sees why the rude-reply classifier fired, in Chinese; another model\'s detail as written', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '请问你们医院地址在哪里');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable').first().waitFor();
  await li.locator('#mine li.clickable').first().click();
  await li.fill('#draft', '你自己往上翻翻，上面写得很清楚了');
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '往上翻翻' }).waitFor();
  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');

  const qa = await h.staffPage('/qa', 'qa1', LAPTOP);
  // Another helper's model (rule model:rude) writes n-grams as its detail: shown as written.
  await qa.route('**/api/conversations/*', async route => {
    const res = await route.fetch();
    const body = await res.json();
    if (body.findings) body.findings.push({ kind: 'forbidden_phrase', rule: 'model:rude', category: 'scolding', severity: 'warning',
      seq: body.messages.at(-1)?.seq || 1, matched: '', begin: 0, end: 0, suggestion: '', at: body.ended || body.started, id: 999999,
      detail: '往上翻|写得很清楚' });
    await route.fulfill({ response: res, json: body });
  });
  await qa.locator('#rows tr.clickable', { hasText: '男科' }).first().click();
  await qa.waitForSelector('#detail:not(.hidden)');
  const classifier = qa.locator('#detail-findings .finding:not([data-finding="999999"])', { hasText: '触发依据' });
  await classifier.first().waitFor({ timeout: 5000 }).catch(() => assert.fail('no finding says why it fired'));
  const why = await classifier.first().locator('.finding-detail').innerText();
  assert.match(why, /叫客户往上翻/, 'the cue in Chinese');
  assert.doesNotMatch(why, /scroll_up|second_person|[a-z]_[a-z]/, 'never a bare id');
  const other = qa.locator('#detail-findings .finding[data-finding="999999"] .finding-detail');
  assert.equal(await other.innerText(), '触发依据：“往上翻|写得很清楚”', 'an unknown detail as written, quoted');
  await h.shots(qa, 'qa-day-finding-detail');
});

test('QA finds who said 百度 or a drug name in any message, and sees it marked in the transcript', async () => {
  const li = await h.staffPage('/console', 'li', LAPTOP);
  const visitor = await h.visitorPage('?department=' + encodeURIComponent('男科'), PHONE);
  await visitorReady(visitor);
  await visitor.fill('#text', '我在百度上看到你们，头疼能吃布洛芬吗');
  await visitor.click('#composer button');
  await li.locator('#mine li.clickable').first().click();
  await li.fill('#draft', '您好，布洛芬请遵医嘱服用，建议您来院面诊。');
  await li.keyboard.press('Enter');
  await visitor.locator('#transcript .msg.consultant', { hasText: '遵医嘱' }).waitFor();
  await visitor.click('#end-chat');
  await visitor.waitForSelector('#rating:not(.hidden)');

  const qa = await h.staffPage('/qa', 'qa1', LAPTOP);
  await qa.locator('#rows tr.clickable').nth(1).waitFor();  // the earlier tests' chats are listed too
  const search = async text => {
    await qa.fill('#f-q', text);
    const listed = qa.waitForResponse(r => r.url().includes('/api/qa/conversations?') &&
      new URL(r.url()).searchParams.get('q') === text);
    await qa.click('#filters button[type=submit]');
    await listed;
    // Drawn: the answer is in, but parsing and drawing it take their time on a loaded machine
    // (a fixed pause here read the list of the search before). The list says what it shows.
    await qa.waitForFunction(t => document.querySelector('#rows').dataset.listed === t, text);
    return qa.locator('#rows tr.clickable').count();
  };
  assert.equal(await search('布洛芬'), 1, 'a drug name: only the conversation that said it');
  await qa.locator('#rows tr.clickable').first().click();
  await qa.waitForSelector('#detail:not(.hidden)');
  const hits = await qa.locator('#detail-transcript mark.search-hit').allInnerTexts();
  assert.deepEqual(hits, ['布洛芬', '布洛芬'], 'marked where the visitor and the consultant said it');
  assert.equal(await search('百度'), 1, 'two characters: found too');
  assert.equal(await search('阿莫西林'), 0, 'nobody said it');
  await qa.waitForSelector('#rows td.muted');
  await h.shots(qa, 'qa-day-search');
});
