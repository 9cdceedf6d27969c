// Reads the SARIF logs the Multitool wrote (one per rule kind and variant) and prints, per log
// validated, its errors, warnings and notes, then every distinct note and what it says.
// usage: node sarif-tally.js OUT_DIR   (reads OUT_DIR/validation/*.sarif; exit 1 on any error or warning
// where the table says it must have none, 2 when the Multitool itself failed)
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const dir = path.join(out, 'validation');
const kinds = ['Sarif', 'Gh', 'Ghas', 'GHAzDO'];
const rows = new Map(); // "variant/log" -> kind -> {error, warning, note}
const notes = new Map(); // "kind ruleId: text" -> count
let failed = false;
let broken = false;

function format(rule, message) {
  let text = message.text;
  if (text === undefined && rule && rule.messageStrings && rule.messageStrings[message.id]) {
    text = rule.messageStrings[message.id].text;
  }
  text = (text || message.id || '').replace(/\{(\d+)\}/g, (m, i) => (message.arguments || [])[i] ?? m);
  // The first sentence after the JSON path says it; the rest is advice.
  text = text.replace(/^[^:]*: /, '');
  const dot = text.indexOf('. ');
  return dot > 0 ? text.slice(0, dot + 1) : text;
}

for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.sarif')).sort()) {
  const [kind, variant] = path.basename(file, '.sarif').split('-');
  const log = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  for (const run of log.runs) {
    const rules = run.tool.driver.rules || [];
    for (const inv of run.invocations || []) {
      for (const n of inv.toolExecutionNotifications || []) {
        if (n.level === 'error') {
          console.log(`${file}: the Multitool failed: ${n.message.text}`);
          broken = true;
        }
      }
    }
    for (const r of run.results || []) {
      const rule = rules[r.ruleIndex] || rules.find(x => x.id === r.ruleId);
      const level = r.level || (rule && rule.defaultConfiguration && rule.defaultConfiguration.level) || 'warning';
      const target = path.basename(decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri));
      const key = `${variant}/${target}`;
      if (!rows.has(key)) rows.set(key, new Map());
      const row = rows.get(key);
      if (!row.has(kind)) row.set(kind, { error: 0, warning: 0, note: 0 });
      row.get(kind)[level]++;
      const what = `${kind} ${level} ${r.ruleId}: ${format(rule, r.message)}`;
      notes.set(what, (notes.get(what) || 0) + 1);
    }
  }
}

// Every log validated, even those the Multitool found nothing in.
for (const line of fs.readFileSync(path.join(out, 'validated.txt'), 'utf8').split('\n').filter(Boolean)) {
  const [kind, key] = line.split(' ');
  if (!rows.has(key)) rows.set(key, new Map());
  if (!rows.get(key).has(kind)) rows.get(key).set(kind, { error: 0, warning: 0, note: 0 });
}

const width = Math.max(...[...rows.keys()].map(k => k.length), 3);
console.log(`\n${'log'.padEnd(width)}  ` + kinds.map(k => k.padEnd(9)).join(' ') + '   (errors/warnings/notes)');
for (const key of [...rows.keys()].sort()) {
  const row = rows.get(key);
  const cells = kinds.map(k => {
    const c = row.get(k);
    if (!c) return '-'.padEnd(9);
    // GHAzDO's pipeline identity exists only in an Azure pipeline: on the plain logs it is informative.
    const counts = !(k === 'GHAzDO' && key.startsWith('github/'));
    if (counts && (c.error > 0 || c.warning > 0)) failed = true;
    return `${c.error}/${c.warning}/${c.note}${counts ? '' : '*'}`.padEnd(9);
  });
  console.log(`${key.padEnd(width)}  ${cells.join(' ')}`);
}
console.log('\n* not counted: GHAzDO wants an Azure DevOps pipeline\'s identity (GHAzDO1019/1020), which only the azure/ logs have.');
console.log('\nWhat was found (count, rule kind, level, rule):');
for (const [what, count] of [...notes.entries()].sort()) {
  console.log(`  ${String(count).padStart(3)}  ${what}`);
}
process.exit(broken ? 2 : failed ? 1 : 0);
