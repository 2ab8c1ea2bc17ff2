// End-to-end: where a visitor came from (issue 13) and the consultant's visitor panel (issue 11).
// A visitor clicks through from a Baidu-style results page (which, like Baidu, sends its full URL
// as the referrer) to the demo clinic page and opens the widget; the consultant's console shows
// the search keyword in its list of visitors on the site before the visitor types, and in the
// visitor panel as soon as the conversation is assigned (at the first message); the visitor says only 在吗 and leaves; QA's keyword report lists the keyword with one
// wasted conversation and its cost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './harness.mjs';

const h = new harness();
before(() => h.start({ users: [['li', 'consultant'], ['qa1', 'qa']],
                       rules: { idle_warning_seconds: 60, idle_critical_seconds: 120, first_response_seconds: 60 },
                       args: ['--leave-grace-seconds=1', '--resume-grace-seconds=2'] }));
after(() => h.stop());

const KEYWORD = '一侧输卵管能怀孕吗';
const RESULTS = `http://www.baidu.com/s?ie=utf-8&wd=${encodeURIComponent(KEYWORD)}`;

test('the keyword shows in the console before the first message and in the panel at assignment; the report counts it wasted', async () => {
  const consoleP = await h.staffPage('/console', 'li', { width: 1366, height: 768 });
  const ctx = await h.context({ viewport: { width: 1366, height: 768 } });
  const visitor = await ctx.newPage();
  visitor.on('pageerror', e => { throw e; });
  // The results page is served by the test itself (no network): a link to the clinic's page.
  await visitor.route('http://www.baidu.com/**', route => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><meta charset="utf-8"><meta name="referrer" content="unsafe-url">
           <a id="ad" href="${h.base}/demo-buyun.html">示例诊所 · 输卵管与怀孕</a>`,
  }));
  await visitor.goto(RESULTS);
  await Promise.all([visitor.waitForNavigation(), visitor.click('#ad')]);
  assert.equal(await visitor.evaluate(() => document.referrer), RESULTS);
  await visitor.click('button:text-is("在线咨询")');  // the widget's button (the page's text says 在线咨询 too)
  const chat = visitor.frameLocator('iframe[title="在线咨询"]');

  // Before the visitor types there is no conversation (issue 11, defect 10), but the console's
  // list of visitors on the site already shows what they searched for.
  await consoleP.waitForFunction(k => document.querySelector('#browsing').textContent.includes(k), KEYWORD);
  assert.equal(await consoleP.locator('#visitor-panel #vp-keyword').count(), 0, 'no conversation before the first message');
  await h.shots(consoleP, 'keywords-console-browsing');

  await chat.locator('#text').fill('在吗');
  await chat.locator('#composer button').click();
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('在吗'));
  // The visitor panel: from the moment the conversation is assigned (its first message).
  await consoleP.waitForSelector('#vp-keyword');
  assert.match(await consoleP.textContent('#vp-keyword'), new RegExp(KEYWORD));
  // The visitor's history arrives by its own request (the row says 访客 … meanwhile): wait for it
  // rather than read the panel while it loads (CI caught the test reading it mid-load).
  await consoleP.waitForFunction(() => !/访客…/.test(document.querySelector('#visitor-panel').textContent));
  const panel = await consoleP.textContent('#visitor-panel');
  assert.match(panel, /搜索引擎 · 百度/);
  assert.match(panel, /输卵管与怀孕 · 示例诊所网站/, 'the landing page by its title');
  assert.match(panel, /首次访问/);
  assert.match(panel, /电脑/);
  assert.match(panel, /尚未留下/);
  await h.shots(consoleP, 'keywords-console-panel');
  await visitor.close();  // the visitor leaves
  await consoleP.waitForFunction(() => document.querySelector('#transcript').textContent.includes('会话已结束'), null, { timeout: 15000 });

  const qa = await h.staffPage('/qa', 'qa1', { width: 1366, height: 768 });
  const row = qa.locator(`#kw-table tr[data-key="${KEYWORD}"]`);
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0], KEYWORD);
  assert.equal(cells[1], '百度');
  assert.equal(cells[2], '1', 'one conversation');
  assert.equal(cells[6], '1', 'one wasted');
  assert.equal(cells[7], '¥200', 'at the cost of a Baidu conversation (sources.tsv)');
  assert.match(await qa.textContent('#kw-title'), /浪费最多的好关键词/);
  await h.shots(qa, 'keywords-qa-report');
});
