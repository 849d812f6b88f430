// Measurements the browser tests take, collected in output/metrics.json for
// scripts/check-budgets (budgets are enforced there, not by timed tests).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT } from './browser.mjs';

const FILE = join(OUTPUT, 'metrics.json');

export function recordMetric(name, value, note = '') {
  let all = {};
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    // First metric of the run, or a damaged file: start over.
  }
  all[name] = { value, note, at: new Date().toISOString() };
  writeFileSync(FILE, JSON.stringify(all, null, 2));
}
