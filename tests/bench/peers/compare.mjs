// Checks a peer's numbers against funnel-report's, for make bench-peers:
// data/funnel.csv's users and data/visits.csv's visits and visitors, row by
// row on (breakdown, segment, step_index, step[, month]), whatever the row
// order; the percentages and the columns after them are not compared. A
// visits row of zeros counts as absent (funnel-report writes every month of
// the data for every segment, zeros included).
//
//   node compare.mjs REPORT_DATA_DIR PEER_DIR
//
// Prints "numbers equal (N funnel rows, M visits rows)" and exits 0, or the
// first difference and exits 1.
import { DuckDBInstance } from '@duckdb/node-api';

const [reportDir, peerDir] = process.argv.slice(2);
if (!peerDir) {
	console.error('usage: node compare.mjs REPORT_DATA_DIR PEER_DIR');
	process.exit(2);
}
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
// every value as text, exactly as written: a month must not become a date
const csv = (f) => `read_csv(${lit(f)}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)`;

const files = [
	{
		name: 'funnel.csv',
		keys: ['breakdown', 'segment', 'step_index', 'step'],
		values: ['users'],
		keep: 'true',
	},
	{
		name: 'visits.csv',
		keys: ['breakdown', 'segment', 'step_index', 'step', 'month'],
		values: ['visits', 'visitors'],
		keep: `NOT (visits = '0' AND visitors = '0')`,
	},
];

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const counts = [];
for (const f of files) {
	const cols = [...f.keys, ...f.values].join(', ');
	const side = (dir) => `(SELECT ${cols} FROM ${csv(`${dir}/${f.name}`)} WHERE ${f.keep})`;
	const on = f.keys.map((k) => `r.${k} = p.${k}`).join(' AND ');
	const differ = f.values.map((v) => `r.${v} IS DISTINCT FROM p.${v}`).join(' OR ');
	const show = [...f.keys.map((k) => `coalesce(r.${k}, p.${k}) AS ${k}`),
		...f.values.flatMap((v) => [`r.${v} AS report_${v}`, `p.${v} AS peer_${v}`])].join(', ');
	const q = `SELECT ${show}
		FROM ${side(reportDir)} r FULL OUTER JOIN ${side(peerDir)} p ON ${on}
		WHERE ${differ}
		ORDER BY ${f.keys.map((k) => `coalesce(r.${k}, p.${k})`).join(', ')}
		LIMIT 1`;
	const rows = (await con.runAndReadAll(q)).getRowObjects();
	if (rows.length > 0) {
		const row = rows[0];
		const where = f.keys.map((k) => `${k}=${row[k]}`).join(' ');
		const what = f.values.map((v) => `${v} ${row['report_' + v] ?? 'missing'} (funnel-report) vs ${row['peer_' + v] ?? 'missing'} (peer)`).join(', ');
		console.log(`numbers differ: ${f.name} ${where}: ${what}`);
		process.exit(1);
	}
	const n = (await con.runAndReadAll(`SELECT count(*) AS n FROM ${side(reportDir)}`)).getRowObjects()[0].n;
	counts.push(`${n} ${f.name.replace('.csv', '')} rows`);
}
console.log(`numbers equal (${counts.join(', ')})`);
