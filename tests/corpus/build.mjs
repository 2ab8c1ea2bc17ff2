#!/usr/bin/env node
// Builds tests/corpus/{dev,holdout}/*.jsonl and *.expect.json from the hand-written sources in
// tests/corpus/src/{dev,holdout}.txt. The sources are the authoring format; the generated files
// are what evaluate.mjs and `lingting analyze` read. Timing labels (idle_gap,
// slow_first_response) are derived from the written timestamps with the thresholds of
// server/ENDINGS.md (idle warning 60 s, critical 120 s, first response 30 s); every other label
// is written by hand next to the message it concerns.
//
// Source format, one conversation per block:
//   === NAME                       starts a conversation (file NAME.jsonl)
//   dept 不孕不育                  optional department line
//   start 2026-03-14T10:02:11      optional local start time (+08:00 unless `zone Z`)
//   zone Z                         optional: write times in UTC with Z
//   ending greeting|visitor|consultant|system
//   V +12 text / C +1m30 text      message, delay after the previous line
//   ! kind[/category] [「text」 or 「wrong→right」] severity | note      finding on the previous message
//   !! kind severity | note       conversation-level finding (seq 0)
//   ! no_idle | note              suppress the derived idle label on this visitor message
//   close leave|end|drop +40      final event
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const KINDS = new Set(['idle_gap', 'slow_first_response', 'terse_reply', 'low_effort', 'repeated_reply',
  'forbidden_phrase', 'typo', 'wasted_intent']);
const CATS = new Set(['scolding', 'rhetorical', 'interrogating', 'shirking', 'brush_off', 'profanity', 'colloquial']);
const SEVS = new Set(['info', 'warning', 'critical']);
const ENDINGS = new Set(['greeting', 'visitor', 'consultant', 'system']);
const DEPTS = new Set(['不孕不育', '男科', '妇科', '口腔', '综合']);

function parseDelay(s, where) {
  const m = /^\+(?:(\d+)m)?(\d+)?s?$/.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new Error(`${where}: bad delay ${s}`);
  return (Number(m[1] || 0) * 60 + Number(m[2] || 0)) * 1000;
}

function fmt(ms, zone) {
  if (zone === 'Z') return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const d = new Date(ms + 8 * 3600e3).toISOString().replace(/\.\d{3}Z$/, '');
  return d + '+08:00';
}

function parseFinding(line, where) {
  const body = line.replace(/^!!?\s*/, '');
  const [head, note = ''] = body.split('|').map((s) => s.trim());
  const f = {};
  let rest = head;
  const km = /^([a-z_]+)(?:\/([a-z_]+))?\s*/.exec(rest);
  if (!km) throw new Error(`${where}: bad finding ${line}`);
  f.kind = km[1];
  if (km[2]) f.category = km[2];
  rest = rest.slice(km[0].length);
  const tm = /^「([^」]*)」\s*/.exec(rest);
  if (tm) {
    const [wrong, right] = tm[1].split('→');
    f.text = wrong;
    if (right !== undefined) f.right = right;
    rest = rest.slice(tm[0].length);
  }
  if (rest.trim()) f.severity = rest.trim();
  if (note) f.note = note;
  return f;
}

function build(split) {
  const src = fs.readFileSync(path.join(here, 'src', `${split}.txt`), 'utf8').split('\n');
  const outDir = path.join(here, split);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const convs = [];
  let cur = null;
  src.forEach((raw, i) => {
    const where = `src/${split}.txt:${i + 1}`;
    const line = raw.replace(/\s+$/, '');
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('=== ')) {
      cur = { name: line.slice(4).trim(), msgs: [], conv: [], where, zone: '+08:00' };
      convs.push(cur);
      return;
    }
    if (!cur) throw new Error(`${where}: line outside a conversation`);
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const val = sp < 0 ? '' : line.slice(sp + 1).trim();
    if (key === 'dept') cur.dept = val;
    else if (key === 'start') cur.start = val;
    else if (key === 'zone') cur.zone = val;
    else if (key === 'ending') cur.ending = val;
    else if (key === 'V' || key === 'C') {
      const sp2 = val.indexOf(' ');
      cur.msgs.push({ from: key === 'V' ? 'visitor' : 'consultant', delay: parseDelay(val.slice(0, sp2), where),
        text: val.slice(sp2 + 1), findings: [], where });
    } else if (key === '!') {
      const f = parseFinding(line, where);
      const m = cur.msgs[cur.msgs.length - 1];
      if (!m) throw new Error(`${where}: finding before any message`);
      if (f.kind === 'no_idle') m.noIdle = true;
      else m.findings.push(f);
    } else if (key === '!!') cur.conv.push(parseFinding(line, where));
    else if (key === 'close') {
      const [ev, d] = val.split(/\s+/);
      cur.close = { event: ev, delay: parseDelay(d, where) };
    } else throw new Error(`${where}: unknown line ${line}`);
  });

  const stats = { conversations: 0, messages: 0, clean: 0, kinds: {}, endings: {} };
  convs.forEach((c, idx) => {
    const w = c.where;
    if (!ENDINGS.has(c.ending)) throw new Error(`${w}: ending missing or bad`);
    if (!c.close || !['leave', 'end', 'drop'].includes(c.close.event)) throw new Error(`${w}: close missing`);
    if (c.dept && !DEPTS.has(c.dept)) throw new Error(`${w}: bad dept ${c.dept}`);
    if (!c.msgs.length) throw new Error(`${w}: no messages`);
    const startLocal = c.start || (() => {
      const day = 1 + (idx * 7) % 28, month = 1 + (idx * 5) % 10, hour = 8 + (idx * 5) % 14, min = (idx * 17) % 60;
      const p = (n) => String(n).padStart(2, '0');
      return `2026-${p(month)}-${p(day)}T${p(hour)}:${p(min)}:${p((idx * 13) % 60)}`;
    })();
    let t = Date.parse(startLocal + '+08:00');
    if (Number.isNaN(t)) throw new Error(`${w}: bad start`);
    const lines = [];
    if (c.dept) lines.push(JSON.stringify({ department: c.dept }));
    const findings = [];
    c.msgs.forEach((m, k) => {
      t += m.delay;
      m.t = t;
      m.seq = k + 1;
      lines.push(JSON.stringify({ at: fmt(t, c.zone), from: m.from, text: m.text }));
      for (const f of m.findings) {
        if (!KINDS.has(f.kind)) throw new Error(`${m.where}: unknown kind ${f.kind}`);
        if (f.kind === 'forbidden_phrase' && !CATS.has(f.category)) throw new Error(`${m.where}: bad category`);
        if ((f.kind === 'forbidden_phrase' || f.kind === 'typo') && !f.text) throw new Error(`${m.where}: text needed`);
        if (f.kind === 'typo' && !f.right) throw new Error(`${m.where}: typo needs →right`);
        if (f.text && !m.text.includes(f.text)) throw new Error(`${m.where}: 「${f.text}」 not in message`);
        if (!SEVS.has(f.severity)) throw new Error(`${m.where}: bad severity`);
        if (!f.text && ['terse_reply', 'repeated_reply'].includes(f.kind)) f.text = m.text;
        findings.push({ kind: f.kind, seq: m.seq, ...(f.text ? { text: f.text } : {}), ...(f.right ? { right: f.right } : {}),
          ...(f.category ? { category: f.category } : {}), severity: f.severity, note: f.note || '' });
      }
    });
    t += c.close.delay;
    const closeAt = t;
    lines.push(JSON.stringify({ at: fmt(t, c.zone), event: c.close.event }));
    for (const f of c.conv) {
      if (!KINDS.has(f.kind) || !SEVS.has(f.severity)) throw new Error(`${w}: bad conversation finding`);
      findings.push({ kind: f.kind, seq: 0, severity: f.severity, note: f.note || '' });
    }
    // Derived timing labels.
    const firstV = c.msgs.findIndex((m) => m.from === 'visitor');
    const firstC = c.msgs.findIndex((m) => m.from === 'consultant');
    if (firstV >= 0 && firstV < firstC || (firstV >= 0 && firstC < 0)) {
      const v = c.msgs[firstV];
      if (firstC >= 0) {
        const d = (c.msgs[firstC].t - v.t) / 1000;
        if (d > 30) findings.push({ kind: 'slow_first_response', seq: v.seq, alt_seq: c.msgs[firstC].seq,
          severity: d >= 120 ? 'critical' : 'warning', note: `first reply after ${d} s (limit 30 s)` });
      }
    }
    let waitFrom = null;
    let waitEndAtClose = null;
    const flush = (endT, replySeq) => {
      if (!waitFrom) return;
      const d = (endT - waitFrom.t) / 1000;
      if (d >= 60 && !waitFrom.noIdle) findings.push({ kind: 'idle_gap', seq: waitFrom.seq, ...(replySeq ? { alt_seq: replySeq } : {}),
        severity: d >= 120 ? 'critical' : 'warning',
        note: replySeq ? `visitor waited ${d} s for a reply` : `visitor waited ${d} s, unanswered when the conversation closed` });
      if (!replySeq) waitEndAtClose = d;
      waitFrom = null;
    };
    for (const m of c.msgs) {
      if (m.from === 'visitor') { if (!waitFrom) waitFrom = m; } else flush(m.t, m.seq);
    }
    flush(closeAt, null);
    // Abandonment sanity check (rule 4 of ENDINGS.md).
    if (c.close.event === 'leave' && waitEndAtClose !== null && waitEndAtClose >= 120 && c.ending === 'visitor')
      throw new Error(`${w}: visitor left after waiting ${waitEndAtClose} s: rule 4 says consultant`);
    if (c.close.event === 'drop' && c.ending !== 'system') throw new Error(`${w}: drop must be system`);
    if (c.close.event === 'end' && c.ending === 'visitor') throw new Error(`${w}: end cannot be visitor`);
    findings.sort((a, b) => a.seq - b.seq);
    const expect = { ending: c.ending, findings, clean: findings.length === 0 };
    fs.writeFileSync(path.join(outDir, `${c.name}.jsonl`), lines.join('\n') + '\n');
    fs.writeFileSync(path.join(outDir, `${c.name}.expect.json`), JSON.stringify(expect, null, 2) + '\n');
    stats.conversations++;
    stats.messages += c.msgs.length;
    if (expect.clean) stats.clean++;
    stats.endings[c.ending] = (stats.endings[c.ending] || 0) + 1;
    for (const f of findings) stats.kinds[f.kind] = (stats.kinds[f.kind] || 0) + 1;
  });
  const names = new Set();
  for (const c of convs) { if (names.has(c.name)) throw new Error(`duplicate ${c.name}`); names.add(c.name); }
  return stats;
}

const splits = process.argv.slice(2).length ? process.argv.slice(2) : ['dev', 'holdout'];
for (const s of splits) console.log(s, JSON.stringify(build(s)));
