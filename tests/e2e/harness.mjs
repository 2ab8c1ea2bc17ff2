// Shared set-up of the page tests: the real server binary on 127.0.0.1 (port 0) with a fresh
// SQLite file and short idle thresholds, Debian's headless Chromium, and helpers to sign in
// staff and open visitors. Each test file starts its own server, so files do not share state.
// Run by ctest (tests/CMakeLists.txt) with LINGTING_BINARY, LINGTING_SOURCE_DIR, ARTIFACTS_DIR.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const binary = process.env.LINGTING_BINARY;
export const source = process.env.LINGTING_SOURCE_DIR;
export const artifacts = process.env.ARTIFACTS_DIR || join(tmpdir(), 'lingting-artifacts');
export const XSS = '<img src=x onerror="window.__xss=1">';
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 768 };

export class harness {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'lingting-e2e-'));
    this.contexts = [];
  }

  cli(args, input) {
    const r = spawnSync(binary, [`--database=${this.dir}/e2e.db`, '--pbkdf2-iterations=1000', ...args], { input, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }

  // users: [[name, role, departments?]]; rules: rules.conf overrides {key: value}.
  async start({ users, rules = {}, args = [] }) {
    mkdirSync(artifacts, { recursive: true });
    cpSync(join(source, 'lexicon'), join(this.dir, 'lexicon'), { recursive: true });
    // Thresholds in seconds, so amber and red arrive while the test watches.
    rules = { idle_warning_seconds: 2, idle_critical_seconds: 4, ...rules };
    let conf = readFileSync(join(this.dir, 'lexicon/rules.conf'), 'utf8');
    for (const [k, v] of Object.entries(rules)) {
      const re = new RegExp(`^${k.replace(/\./g, '\\.')} = .*$`, 'm');
      conf = re.test(conf) ? conf.replace(re, `${k} = ${v}`) : conf + `\n${k} = ${v}\n`;
    }
    writeFileSync(join(this.dir, 'lexicon/rules.conf'), conf);
    for (const [name, role, departments] of users)
      this.cli(['user', 'add', name, '--role', role, ...(departments ? ['--departments', departments] : [])], 'password1\n');
    this.server = spawn(binary, [`--database=${this.dir}/e2e.db`, `--lexicon=${this.dir}/lexicon`, `--web=${join(source, 'web')}`,
      '--port=0', '--pbkdf2-iterations=1000', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.server.stderr.on('data', () => {});
    this.base = await new Promise((resolve, reject) => {
      let out = '';
      this.server.stdout.on('data', d => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      this.server.on('exit', code => reject(new Error('server exited ' + code)));
      // A loaded build machine loads the IME model and the lexicon slowly. unref: a pending timer
      // must not keep the test process alive after the tests are done.
      setTimeout(() => reject(new Error('server did not start')), 60000).unref();
    });
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  }

  async stop() {
    await this.browser?.close();
    this.server?.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  async context(options = {}) {
    const ctx = await this.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    this.contexts.push(ctx);
    return ctx;
  }

  // Closes every page opened so far, so the next test starts with nobody online.
  async closeAll() {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => {});
  }

  async staffPage(path, user, viewport = { width: 1280, height: 800 }, { init } = {}) {
    const page = await (await this.context({ viewport })).newPage();
    page.on('pageerror', e => { throw e; });
    this.keepTrail(page);
    if (init) await page.addInitScript(init);
    await page.goto(this.base + path);
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', 'password1');
    await page.click('button[type=submit]');
    await page.waitForSelector('header.bar');
    return page;
  }

  async visitorPage(query = '', viewport = PHONE) {
    const page = await (await this.context({ viewport })).newPage();
    page.on('pageerror', e => { throw e; });
    await page.goto(this.base + '/' + query);
    return page;
  }

  // A page on the server's origin that opens no socket of its own, to drive raw visitors from.
  async driverPage() {
    const page = await (await this.context({ viewport: PHONE })).newPage();
    await page.goto(this.base + '/healthz');
    return page;
  }

  // What went wrong on a page, kept for a failure's message: answers of 400 and more, requests
  // that got no answer, console errors.
  keepTrail(page) {
    const trail = page.trail = [];
    page.on('response', r => { if (r.status() >= 400) trail.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
    page.on('requestfailed', r => trail.push(`no answer: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
    page.on('console', m => { if (m.type() === 'error') trail.push('console: ' + m.text()); });
  }

  // Waits for `selector` on a staff page; when it does not come, the failure says what the page
  // showed instead (its notices, the HTTP errors it met) and leaves a screenshot in the artifacts.
  async waitOrExplain(page, selector, name, options = {}) {
    try {
      return await page.waitForSelector(selector, options);
    } catch (e) {
      await this.shot(page, 'failed-' + name, { fullPage: true }).catch(() => {});
      const notices = await page.locator('#notices').allInnerTexts().catch(() => []);
      e.message += `\n  page: ${page.url()}\n  notices: ${JSON.stringify(notices)}\n  trail: ${JSON.stringify(page.trail || [])}`;
      throw e;
    }
  }

  shot(page, name, options = {}) {
    return page.screenshot({ path: join(artifacts, name + '.png'), ...options });
  }

  // Screenshots of a page at the laptop and the phone size, for a person to look at.
  async shots(page, name) {
    const was = page.viewportSize();
    for (const [label, size] of [['1366x768', LAPTOP], ['390x844', PHONE]]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      await this.shot(page, `${name}-${label}`);
    }
    await page.setViewportSize(was);
  }
}

export const textOf = (page, sel) => page.locator(sel).allInnerTexts();

// Retries `check` (an async assertion over what pages show) until it passes, for at most
// `timeout` ms, then throws its last failure. For state that arrives on its own (a fetch, a
// socket frame, a timer, a re-render): one read may come before the page has settled, and a
// loaded machine settles late. Never a reason to weaken what `check` asserts.
export async function eventually(check, { timeout = 10000, every = 100 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() >= until) throw e;
    }
    await new Promise(r => setTimeout(r, every));
  }
}

// The visitor page can send: its socket is open, whatever the status line says by then (a server
// that opens the conversation at the first message has no consultant to announce yet).
export const visitorReady = page =>
  page.waitForFunction(() => !/正在连接|网络中断/.test(document.querySelector('#status').textContent));

// Visitors driven over the real visitor WebSocket from inside a browser page: starts n
// conversations that each say `text` (numbered) and are acknowledged; returns their ids.
export async function rawVisitors(page, n, department, text) {
  return page.evaluate(async ({ n, department, text }) => {
    window.__visitors = window.__visitors || [];
    const ids = [];
    for (let i = 0; i < n; i++) {
      const ws = new WebSocket(`ws://${location.host}/ws/visitor?department=${encodeURIComponent(department)}`);
      const frames = [];
      ws.onmessage = e => frames.push(JSON.parse(e.data));
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error('visitor socket refused'));
      });
      ws.send(JSON.stringify({ type: 'say', text: `${text} ${i + 1}`, id: 'v' + i }));
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no ack')), 5000);
        const check = setInterval(() => {
          if (frames.some(f => f.type === 'ack')) { clearInterval(check); clearTimeout(t); resolve(); }
        }, 20);
      });
      ids.push(frames.find(f => f.type === 'welcome')?.conversation);
      window.__visitors.push({ ws, frames });
    }
    return ids;
  }, { n, department, text });
}
