#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0
// Runs the dashboard's unit tests, test/*.test.js, with Node's own test runner (no dependency):
//
//   node run-tests.mjs      (Maven runs it in the test phase; `npm test` too)
//
// Exits non-zero when a test fails, and when there is no test file at all (a runner that finds
// nothing must not pass). The files are named one by one, which every Node from 18 on accepts.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'test');
const files = fs.readdirSync(dir).filter(name => name.endsWith('.test.js')).sort().map(name => path.join('test', name));
if (files.length === 0) {
	console.error(`dashboard tests: no test/*.test.js in ${dir}`);
	process.exit(1);
}
const node = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: here, stdio: 'inherit' });
if (node.error || node.status !== 0) {
	console.error('dashboard tests: failed' + (node.error ? ': ' + node.error.message : ` (node --test exited ${node.status})`));
	process.exit(1);
}
