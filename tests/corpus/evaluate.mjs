#!/usr/bin/env node
// Evaluates `lingting analyze` against the labelled corpus in tests/corpus (see README.md).
//
//   node tests/corpus/evaluate.mjs [--json] [--details] [--validate-only] [--strict-first-response]
//                                  [--binary PATH] DIR [BINARY]
//
// --strict-first-response: score without the convention that an idle_gap finding also matches a
// slow_first_response label on the same seq (README.md, "Scoring conventions"); for comparison.
//
// The binary is taken from --binary, the second positional argument, $LINGTING_BINARY, or
// build/test/server/lingting, in that order. Every DIR/*.jsonl is validated against the offline
// transcript format, analysed, and compared with DIR/NAME.expect.json.
// Exit status: 0 whatever the scores; 1 if a file is malformed, a label file is missing or
// broken, or the binary crashes or prints something that is not the documented JSON; 2 on bad usage.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const DEPARTMENTS = new Set(['不孕不育', '男科', '妇科', '口腔', '综合']);
const ENDINGS = ['greeting', 'visitor', 'consultant', 'system'];
const KINDS = ['idle_gap', 'slow_first_response', 'terse_reply', 'low_effort', 'repeated_reply',
  'forbidden_phrase', 'typo', 'wasted_intent'];
const TEXT_KINDS = new Set(['forbidden_phrase', 'typo']);
const SEVERITIES = new Set(['info', 'warning', 'critical']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function usage(msg) {
  if (msg) console.error(`evaluate: ${msg}`);
  console.error('usage: node evaluate.mjs [--json] [--details] [--validate-only] [--strict-first-response] [--binary PATH] DIR [BINARY]');
  process.exit(2);
}

const opts = { json: false, details: false, validateOnly: false, strictFirstResponse: false, binary: null, dir: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--json') opts.json = true;
  else if (a === '--details') opts.details = true;
  else if (a === '--validate-only') opts.validateOnly = true;
  else if (a === '--strict-first-response') opts.strictFirstResponse = true;
  else if (a === '--binary') { opts.binary = argv[++i]; if (!opts.binary) usage('--binary needs a path'); }
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (!opts.dir) opts.dir = a;
  else if (!opts.binary) opts.binary = a;
  else usage(`unexpected argument ${a}`);
}
if (!opts.dir) usage('no folder given');
opts.binary = opts.binary || process.env.LINGTING_BINARY || 'build/test/server/lingting';

const problems = [];
const problem = (msg) => problems.push(msg);

// ---- validation of a transcript ------------------------------------------------------------
function validateTranscript(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const lines = raw.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const messages = [];
  let event = null;
  let lastT = -Infinity;
  const err = (n, why) => { problem(`${file}:${n}: ${why}`); return null; };
  if (!lines.length) return err(1, 'empty file');
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    let o;
    try { o = JSON.parse(lines[i]); } catch (e) { return err(n, `not JSON (${e.message})`); }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return err(n, 'not a JSON object');
    const keys = Object.keys(o).sort().join(',');
    if (i === 0 && 'department' in o) {
      if (keys !== 'department') return err(n, 'department line has extra keys');
      if (!DEPARTMENTS.has(o.department)) return err(n, `unknown department ${JSON.stringify(o.department)}`);
      continue;
    }
    if (event) return err(n, 'line after the final event');
    if (typeof o.at !== 'string' || !ISO.test(o.at) || Number.isNaN(Date.parse(o.at)))
      return err(n, 'missing or bad "at" (ISO 8601 with a zone)');
    const t = Date.parse(o.at);
    if (t < lastT) return err(n, 'time goes backwards');
    lastT = t;
    if ('event' in o) {
      if (keys !== 'at,event') return err(n, 'event line has extra keys');
      if (!['leave', 'end', 'drop'].includes(o.event)) return err(n, `bad event ${JSON.stringify(o.event)}`);
      event = { event: o.event, t };
      continue;
    }
    if (keys !== 'at,from,text') return err(n, 'message line needs exactly at, from, text');
    if (o.from !== 'visitor' && o.from !== 'consultant') return err(n, `bad from ${JSON.stringify(o.from)}`);
    if (typeof o.text !== 'string' || !o.text.trim()) return err(n, 'empty text');
    messages.push({ from: o.from, text: o.text, t });
  }
  if (!event) return err(lines.length, 'no final event line');
  if (!messages.length) return err(lines.length, 'no message lines');
  return { messages, event };
}

function validateExpect(file, conv) {
  let e;
  try { e = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (x) { problem(`${file}: ${x.code === 'ENOENT' ? 'missing label file' : x.message}`); return null; }
  const bad = (why) => { problem(`${file}: ${why}`); return null; };
  if (!ENDINGS.includes(e.ending)) return bad('bad ending');
  if (!Array.isArray(e.findings)) return bad('findings must be an array');
  for (const [i, f] of e.findings.entries()) {
    const w = `finding ${i + 1}`;
    if (!KINDS.includes(f.kind)) return bad(`${w}: unknown kind ${f.kind}`);
    if (!Number.isInteger(f.seq) || f.seq < 0 || f.seq > conv.messages.length) return bad(`${w}: seq out of range`);
    if (!SEVERITIES.has(f.severity)) return bad(`${w}: bad severity`);
    if (TEXT_KINDS.has(f.kind)) {
      if (typeof f.text !== 'string' || !f.seq || !conv.messages[f.seq - 1].text.includes(f.text))
        return bad(`${w}: text is not in message ${f.seq}`);
      if (f.kind === 'typo' && typeof f.right !== 'string') return bad(`${w}: typo without "right"`);
      if (f.kind === 'forbidden_phrase' && typeof f.category !== 'string') return bad(`${w}: no category`);
    }
  }
  if (e.clean !== (e.findings.length === 0)) return bad('"clean" disagrees with the findings');
  return e;
}

// ---- running the analyzer ---------------------------------------------------------------------
// Every file in one run of `lingting analyze FILE...` (one output line per file, in order): the
// IME model loads once, not once per conversation.
let batch = null;  // file -> output line
function analyzeAll(list) {
  batch = new Map();
  if (!list.length) return;
  const r = spawnSync(opts.binary, ['analyze', ...list], { encoding: 'utf8', timeout: 600000, maxBuffer: 256 << 20 });
  if (r.error) { problem(`${opts.dir}: cannot run ${opts.binary}: ${r.error.message}`); return; }
  if (r.signal) { problem(`${opts.dir}: ${opts.binary} killed by ${r.signal}`); return; }
  const lines = r.stdout.split('\n').filter((l) => l.length);
  if (lines.length !== list.length) {
    problem(`${opts.dir}: ${opts.binary} printed ${lines.length} results for ${list.length} files (exit ${r.status}): ${r.stderr.trim().slice(0, 300)}`);
    return;
  }
  list.forEach((f, i) => batch.set(f, lines[i]));
}
function analyze(file) {
  if (!batch || !batch.has(file)) { problem(`${file}: no result from ${opts.binary}`); return null; }
  let out;
  try { out = JSON.parse(batch.get(file)); } catch (e) { problem(`${file}: output is not JSON: ${e.message}`); return null; }
  if (out && typeof out.error === 'string') { problem(`${file}: ${out.error}`); return null; }
  if (!out || typeof out.ending !== 'string' || !Array.isArray(out.findings)) { problem(`${file}: output lacks ending/findings`); return null; }
  return out;
}

// ---- matching ---------------------------------------------------------------------------------
function occurrences(hay, needle) {
  const spans = [];
  if (!needle) return spans;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) spans.push([i, i + needle.length]);
  return spans;
}
function findingText(f) {
  for (const k of ['text', 'match', 'matched', 'phrase', 'wrong', 'span_text']) if (typeof f[k] === 'string' && f[k]) return f[k];
  return null;
}
function textsOverlap(message, labelText, f) {
  const t = findingText(f);
  if (!t) return false;
  const a = occurrences(message, labelText);
  const b = occurrences(message, t);
  if (a.length && b.length) return a.some(([s1, e1]) => b.some(([s2, e2]) => s1 < e2 && s2 < e1));
  return labelText.includes(t) || t.includes(labelText);
}

// One event, one finding: an idle gap that escalates (warning, critical, closed) is reported by
// the analyzer several times at the same seq; findings of the same kind at the same seq (and,
// for forbidden_phrase and typo, with the same text) count once.
function collapse(findings) {
  const seen = new Set();
  return findings.filter((f) => {
    const key = `${f.kind}|${f.seq}|${TEXT_KINDS.has(f.kind) ? findingText(f) : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// A label with seq 0 is about the whole conversation (wasted_intent, low_effort): it matches a
// finding of its kind at any seq. Timing labels may carry alt_seq, the consultant message that
// closed the gap, for an analyzer that reports a gap where it ends.
function compare(conv, expect, actualRaw) {
  const actual = { ...actualRaw, findings: collapse(actualRaw.findings) };
  const used = new Array(actual.findings.length).fill(false);
  const tp = [], fn = [], fp = [];
  for (const l of expect.findings) {
    let hit = -1;
    for (let pass = 0; pass < 2 && hit < 0; pass++) {
      actual.findings.forEach((f, i) => {
        if (hit >= 0 || used[i] || f.kind !== l.kind) return;
        const seqOk = l.seq === 0 ? pass === 0 :
          pass === 0 ? f.seq === l.seq : (l.alt_seq !== undefined && f.seq === l.alt_seq);
        if (!seqOk) return;
        if (TEXT_KINDS.has(l.kind) && !textsOverlap(conv.messages[l.seq - 1].text, l.text, f)) return;
        hit = i;
      });
    }
    if (hit >= 0) { used[hit] = true; tp.push({ label: l, found: actual.findings[hit] }); } else fn.push(l);
  }
  // Scoring convention (README.md, "Scoring conventions"): the product reports one wait as one
  // finding that escalates (PROTOCOL.md, issue #11 item 6), so a first wait of 60 s or more is an
  // idle_gap, not also a slow_first_response; the labels mark both. A slow_first_response label is
  // matched by the idle_gap finding on the same visitor seq (or its alt_seq), which still also
  // matches the idle_gap label: one finding, two labels, no false alarm either way.
  if (!opts.strictFirstResponse) {
    for (let i = fn.length - 1; i >= 0; i--) {
      const l = fn[i];
      if (l.kind !== 'slow_first_response') continue;
      const f = actual.findings.find((x) => x.kind === 'idle_gap' && (x.seq === l.seq || (l.alt_seq !== undefined && x.seq === l.alt_seq)));
      if (f) { tp.push({ label: l, found: f }); fn.splice(i, 1); }
    }
  }
  // A label is one offending span as the auditor marked it (我只是客服，看报告是医生的事); further
  // findings of its kind inside that same span are parts of the same offence, not false alarms:
  // they count neither way.
  const insideMatched = (f) => TEXT_KINDS.has(f.kind) && tp.some(({ label: l }) =>
    l.kind === f.kind && l.seq === f.seq && textsOverlap(conv.messages[l.seq - 1].text, l.text, f));
  actual.findings.forEach((f, i) => { if (!used[i] && !insideMatched(f)) fp.push(f); });
  return { tp, fn, fp };
}

// ---- main -------------------------------------------------------------------------------------
let files;
try {
  files = fs.readdirSync(opts.dir).filter((f) => f.endsWith('.jsonl')).sort();
} catch (e) { usage(`cannot read ${opts.dir}: ${e.message}`); }
if (!files.length) { problem(`${opts.dir}: no .jsonl files`); }

const perKind = {};
const kindRow = (k) => (perKind[k] ||= { tp: 0, fp: 0, fn: 0 });
KINDS.forEach(kindRow);
const confusion = {};
let endingsRight = 0, endingsTotal = 0;
// The issue's measure of false alarms: warning-or-critical findings per 100 consultant messages of
// clean conversations (info findings are hints, not alarms), and how many of them are critical.
const clean = { conversations: 0, messages: 0, consultant_messages: 0, findings: 0, warning_or_critical: 0, critical: 0 };
let allMessages = 0, allFalse = 0;
const details = [];
let analysed = 0;

if (!opts.validateOnly) analyzeAll(files.map((name) => path.join(opts.dir, name)));
for (const name of files) {
  const file = path.join(opts.dir, name);
  const conv = validateTranscript(file);
  if (!conv) continue;
  const expect = validateExpect(file.replace(/\.jsonl$/, '.expect.json'), conv);
  if (!expect || opts.validateOnly) continue;
  const actual = analyze(file);
  if (!actual) continue;
  analysed++;
  const { tp, fn, fp } = compare(conv, expect, actual);
  for (const m of tp) kindRow(m.label.kind).tp++;
  for (const l of fn) kindRow(l.kind).fn++;
  for (const f of fp) kindRow(String(f.kind)).fp++;
  endingsTotal++;
  if (actual.ending === expect.ending) endingsRight++;
  (confusion[expect.ending] ||= {})[actual.ending] = (confusion[expect.ending][actual.ending] || 0) + 1;
  allMessages += conv.messages.length;
  allFalse += fp.length;
  if (expect.clean) {
    clean.conversations++;
    clean.messages += conv.messages.length;
    const found = collapse(actual.findings);
    clean.consultant_messages += conv.messages.filter((m) => m.from === 'consultant').length;
    clean.findings += found.length;
    clean.warning_or_critical += collapse(actual.findings.filter((f) => f.severity === 'warning' || f.severity === 'critical')).length;
    clean.critical += collapse(actual.findings.filter((f) => f.severity === 'critical')).length;
  }
  if (fn.length || fp.length || actual.ending !== expect.ending)
    details.push({ file: name, ending: { expected: expect.ending, actual: actual.ending },
      missed: fn.map((l) => ({ kind: l.kind, seq: l.seq, ...(l.text ? { text: l.text } : {}) })),
      false_alarms: fp.map((f) => ({ kind: f.kind, seq: f.seq, ...(findingText(f) ? { text: findingText(f) } : {}), ...(f.category ? { category: f.category } : {}) })) });
}

const ratio = (a, b) => (b ? a / b : null);
const kinds = {};
let T = { tp: 0, fp: 0, fn: 0 };
for (const [k, r] of Object.entries(perKind)) {
  const p = ratio(r.tp, r.tp + r.fp), rc = ratio(r.tp, r.tp + r.fn);
  kinds[k] = { ...r, precision: p, recall: rc, f1: p !== null && rc !== null && p + rc > 0 ? (2 * p * rc) / (p + rc) : (p === 0 || rc === 0 ? 0 : null) };
  T.tp += r.tp; T.fp += r.fp; T.fn += r.fn;
}
const mp = ratio(T.tp, T.tp + T.fp), mr = ratio(T.tp, T.tp + T.fn);
const result = {
  folder: opts.dir,
  binary: opts.validateOnly ? null : opts.binary,
  conversations: files.length,
  analysed,
  kinds,
  overall: { ...T, precision: mp, recall: mr, f1: mp !== null && mr !== null && mp + mr > 0 ? (2 * mp * mr) / (mp + mr) : null },
  endings: { accuracy: ratio(endingsRight, endingsTotal), correct: endingsRight, total: endingsTotal, confusion },
  clean: {
    ...clean,
    false_alarms_per_100_messages: clean.messages ? (100 * clean.findings) / clean.messages : null,
    alarms_per_100_consultant_messages: clean.consultant_messages ? (100 * clean.warning_or_critical) / clean.consultant_messages : null,
  },
  unmatched_findings_per_100_messages: allMessages ? (100 * allFalse) / allMessages : null,
  problems,
  ...(opts.details ? { details } : {}),
};

const pct = (x) => (x === null ? '   -  ' : (100 * x).toFixed(1).padStart(5) + '%');
if (opts.json) {
  console.log(JSON.stringify(result, null, 2));
} else if (opts.validateOnly) {
  console.log(`${files.length} transcripts in ${opts.dir}: ${problems.length ? problems.length + ' problem(s)' : 'all valid'}`);
} else {
  console.log(`corpus ${opts.dir}: ${files.length} conversations, ${analysed} analysed with ${opts.binary}`);
  console.log('');
  console.log('kind                   TP   FP   FN  precision  recall      F1');
  for (const [k, r] of Object.entries(kinds))
    console.log(`${k.padEnd(20)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}     ${pct(r.precision)}  ${pct(r.recall)}  ${pct(r.f1)}`);
  const o = result.overall;
  console.log(`${'all'.padEnd(20)} ${String(o.tp).padStart(4)} ${String(o.fp).padStart(4)} ${String(o.fn).padStart(4)}     ${pct(o.precision)}  ${pct(o.recall)}  ${pct(o.f1)}`);
  console.log('');
  console.log(`endings: ${endingsRight}/${endingsTotal} correct (${pct(result.endings.accuracy).trim()})`);
  const cols = [...new Set([...ENDINGS, ...Object.values(confusion).flatMap((r) => Object.keys(r))])];
  console.log('expected \\ actual  ' + cols.map((c) => c.padStart(11)).join(''));
  for (const e of ENDINGS) console.log(e.padEnd(18) + cols.map((c) => String((confusion[e] || {})[c] || 0).padStart(11)).join(''));
  console.log('');
  const c = result.clean;
  console.log(`clean conversations: ${c.conversations}, ${c.messages} messages, ${c.findings} findings = ${c.false_alarms_per_100_messages === null ? '-' : c.false_alarms_per_100_messages.toFixed(2)} false alarms per 100 messages`);
  console.log(`clean: ${c.warning_or_critical} warning-or-critical (${c.critical} critical) in ${c.consultant_messages} consultant messages = ${c.alarms_per_100_consultant_messages === null ? '-' : c.alarms_per_100_consultant_messages.toFixed(2)} per 100`);
  console.log(`all conversations: ${result.unmatched_findings_per_100_messages === null ? '-' : result.unmatched_findings_per_100_messages.toFixed(2)} unmatched findings per 100 messages`);
  if (opts.details) {
    console.log('');
    for (const d of details) {
      console.log(`${d.file}${d.ending.expected !== d.ending.actual ? `  ending ${d.ending.expected} -> ${d.ending.actual}` : ''}`);
      for (const m of d.missed) console.log(`  missed      ${m.kind} #${m.seq}${m.text ? ' ' + m.text : ''}`);
      for (const f of d.false_alarms) console.log(`  false alarm ${f.kind}${f.category ? '/' + f.category : ''} #${f.seq}${f.text ? ' ' + f.text : ''}`);
    }
  }
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
process.exit(0);
