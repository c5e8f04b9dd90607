#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0
// Builds the dashboard into a classpath folder the jar serves at "/":
//
//   node build.mjs OUT_DIR       e.g. target/classes/dashboard
//
// 1. `npm ci` when node_modules does not match package-lock.json (a hash stamp in node_modules),
//    so a second build costs nothing;
// 2. copies src/* as they are, and the prebuilt ECharts / ECharts GL bundles under vendor/ with
//    their versions in the file names (so they can be cached for a year), plus their licences;
// 3. writes index.html with the vendor file names filled in;
// 4. writes OUT_DIR.files: every file of OUT_DIR, one relative path a line. The server serves
//    exactly these files and nothing else.
//
// No bundler: our own JS is a few small files the browser loads as they are. Node >= 18.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out || process.argv.length > 3) {
	console.error('usage: node build.mjs OUT_DIR');
	process.exit(2);
}

const VENDOR = [
	{ pkg: 'echarts', file: 'dist/echarts.min.js', licence: 'LICENSE', token: '@ECHARTS_JS@' },
	{ pkg: 'echarts-gl', file: 'dist/echarts-gl.min.js', licence: 'LICENSE', token: '@ECHARTS_GL_JS@' },
];

function sha256(file) {
	return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function installIfStale() {
	const lock = path.join(here, 'package-lock.json');
	const stamp = path.join(here, 'node_modules', '.netmon-lock.sha256');
	const want = sha256(lock);
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) {
		return;
	}
	console.log('dashboard: npm ci (package-lock.json changed or node_modules missing)');
	const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
	if (npm.error || npm.status !== 0) {
		console.error('dashboard: npm ci failed' + (npm.error ? ': ' + npm.error.message : ''));
		process.exit(1);
	}
	fs.writeFileSync(stamp, want + '\n');
}

function version(pkg) {
	return JSON.parse(fs.readFileSync(path.join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

function build() {
	fs.rmSync(out, { recursive: true, force: true });
	fs.mkdirSync(path.join(out, 'vendor'), { recursive: true });

	const tokens = {};
	for (const v of VENDOR) {
		const name = `${v.pkg}-${version(v.pkg)}.min.js`;
		fs.copyFileSync(path.join(here, 'node_modules', v.pkg, v.file), path.join(out, 'vendor', name));
		fs.copyFileSync(path.join(here, 'node_modules', v.pkg, v.licence),
			path.join(out, 'vendor', `${v.pkg}-${version(v.pkg)}.LICENSE.txt`));
		tokens[v.token] = 'vendor/' + name;
	}

	const src = path.join(here, 'src');
	for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
		if (!entry.isFile() || entry.name.startsWith('.')) {
			continue;
		}
		const from = path.join(src, entry.name);
		if (entry.name === 'index.html') {
			let html = fs.readFileSync(from, 'utf8');
			for (const [token, value] of Object.entries(tokens)) {
				if (!html.includes(token)) {
					throw new Error(`src/index.html does not mention ${token}`);
				}
				html = html.replaceAll(token, value);
			}
			fs.writeFileSync(path.join(out, entry.name), html);
		} else {
			fs.copyFileSync(from, path.join(out, entry.name));
		}
	}

	const files = [];
	(function walk(dir, prefix) {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const rel = prefix + entry.name;
			if (entry.isDirectory()) {
				walk(path.join(dir, entry.name), rel + '/');
			} else {
				files.push(rel);
			}
		}
	})(out, '');
	files.sort();
	fs.writeFileSync(out.replace(/\/+$/, '') + '.files', files.join('\n') + '\n');
	console.log(`dashboard: ${files.length} files in ${out} (${VENDOR.map(v => v.pkg + ' ' + version(v.pkg)).join(', ')})`);
}

installIfStale();
build();
