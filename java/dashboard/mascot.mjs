#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0
// Netmon's mascot, drawn by us: a 16x16 pixel-art monitor with a face and an antenna.
// Run `node mascot.mjs > src/mascot.svg` after editing the grid; the SVG is committed.
const GRID = [
	'.......AA.......',
	'.......AA.......',
	'.......KK.......',
	'..KKKKKKKKKKKK..',
	'.KGGGGGGGGGGGGK.',
	'.KGSSSSSSSSSSGK.',
	'.KGSSWESSWESSGK.',
	'.KGSSEESSEESSGK.',
	'.KGSPESSSSEPSGK.',
	'.KGSSSEEEESSSGK.',
	'.KGSSSSSSSSSSGK.',
	'.KGGGGGGGGGAGGK.',
	'..KKKKKKKKKKKK..',
	'....KgK..KgK....',
	'...KggK..KggK...',
	'...KKKK..KKKK...',
];
const PALETTE = {
	K: '#1b1f3a', // outline
	G: '#38d39f', // body
	g: '#23a67a', // feet
	S: '#0f2740', // screen
	W: '#ffffff', // eye glint
	E: '#9cf7d4', // eyes and smile: lit pixels on the screen
	P: '#ff7a9a', // cheeks
	A: '#ffcc4d', // antenna tip and power LED
};

const rects = [];
GRID.forEach((row, y) => {
	if (row.length !== 16) {
		throw new Error(`row ${y} is ${row.length} pixels wide`);
	}
	for (let x = 0; x < row.length;) {
		const c = row[x];
		let end = x + 1;
		while (end < row.length && row[end] === c) end++;
		if (c !== '.') {
			rects.push(`<rect x="${x}" y="${y}" width="${end - x}" height="1" fill="${PALETTE[c]}"/>`);
		}
		x = end;
	}
});
process.stdout.write(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="64" height="64" ' +
	'shape-rendering="crispEdges">\n<title>Netmon</title>\n' + rects.join('\n') + '\n</svg>\n');
