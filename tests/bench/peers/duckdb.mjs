// The DuckDB peer of make bench-peers: the script a SQL user would write to
// get funnel-report's numbers (data/funnel.csv and data/visits.csv, SPEC
// sections 4 and 5) from the same event log, numbers only: no charts, no
// report, no significance tests. bench-peers.sh times it and checks that its
// numbers equal funnel-report's.
//
//   node duckdb.mjs USERS_CSV EVENTS_CSV STEPS DIMS OUT_DIR
//
// STEPS and DIMS are comma lists (the funnel's pages in order; the user
// attributes to break down by, `month` being the derived entry month).
// Writes OUT_DIR/funnel.csv (breakdown,segment,step_index,step,users) and
// OUT_DIR/visits.csv (breakdown,segment,step_index,step,month,visits,
// visitors), every breakdown of up to three dimensions plus overall.
//
// DuckDB runs with its defaults (threads = the machine's cores, memory limit
// 80 % of RAM); the only setting is the session time zone, UTC, so that a
// month is a UTC month.
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const MAX_COMBO = 3;

const [usersCsv, eventsCsv, stepList, dimList, outDir] = process.argv.slice(2);
if (!outDir) {
	console.error('usage: node duckdb.mjs USERS_CSV EVENTS_CSV STEPS DIMS OUT_DIR');
	process.exit(2);
}
const steps = stepList.split(',');
const dims = dimList.split(',');
const userDims = dims.filter((d) => d !== 'month');
if (userDims.length === 0) {
	console.error('duckdb.mjs: DIMS needs a user attribute (visits.csv breaks down by them only)');
	process.exit(2);
}

// SQL text: the file names, pages and column names are ours (the command
// line), quoted as literals or identifiers; no data goes into the SQL.
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const id = (s) => `"${s.replaceAll('"', '""')}"`;

// Every combination of up to MAX_COMBO of the dimensions, in their order,
// the empty one (overall) first.
function combos(list) {
	const out = [[]];
	for (const d of list) {
		for (const c of out.slice()) {
			if (c.length < MAX_COMBO) out.push([...c, d]);
		}
	}
	return out;
}

// breakdown and segment columns of a GROUPING SETS query over `list`:
// names joined by '+' and name=value pairs joined by ';', as funnel.csv
// has them; grouping() tells a rolled-up column from a value.
function labels(list) {
	const name = list.map((d) => `CASE WHEN grouping(${id(d)}) = 0 THEN ${lit(d)} END`);
	const pair = list.map((d) => `CASE WHEN grouping(${id(d)}) = 0 THEN ${lit(d + '=')} || ${id(d)} END`);
	return `coalesce(nullif(concat_ws('+', ${name.join(', ')}), ''), 'overall') AS breakdown,
	        coalesce(nullif(concat_ws(';', ${pair.join(', ')}), ''), 'all') AS segment`;
}

function groupingSets(list, extra) {
	return combos(list).map((c) => `(${[...c.map(id), ...extra].join(', ')})`).join(',\n\t\t');
}

// The user's level in ordered mode with no window (SPEC 4): the deepest k
// with a chain of visits to steps 1..k at non-decreasing times. The chain
// that starts at the first step-1 visit and takes, at each step, the
// earliest visit not before the previous one goes as deep as any, so step
// k's time is min(t) over the user's step-k visits at or after step k-1's:
// one join and GROUP BY per step. (An ASOF join per step gives the same
// numbers in 2.5 times the time; list_reduce over each user's visits
// sorted by time, 7 times.) month is the month of the first step-1 visit,
// as year * 100 + month until the cube is small.
function levelSql() {
	const ctes = [`s1 AS (SELECT uid, min(t) AS t FROM ev WHERE step = 1 GROUP BY uid)`];
	for (let k = 2; k <= steps.length; k++) {
		ctes.push(`s${k} AS (SELECT uid, min(ev.t) AS t FROM ev JOIN s${k - 1} p USING (uid)
		WHERE ev.step = ${k} AND ev.t >= p.t GROUP BY uid)`);
	}
	const depth = ['1'];
	const joins = [];
	for (let k = 2; k <= steps.length; k++) {
		depth.push(`(s${k}.uid IS NOT NULL)::INTEGER`);
		joins.push(`LEFT JOIN s${k} USING (uid)`);
	}
	return `WITH ${ctes.join(',\n\t')}
	SELECT uid, year(s1.t) * 100 + month(s1.t) AS month, ${depth.join(' + ')} AS level
	FROM s1 ${joins.join(' ')}`;
}

// year * 100 + month as YYYY-MM
const ym = (col) => `printf('%04d-%02d', ${col} // 100, ${col} % 100)`;

const sql = [
	['set', `SET TimeZone = 'UTC'`],
	['steps', `CREATE TABLE steps AS SELECT * FROM (VALUES ${steps.map((s, i) => `(${lit(s)}, ${i + 1})`).join(', ')}) s(page, step)`],
	// The users as written (every value text; an empty one stays empty),
	// one row per user_id as a users table has it (the demo's has):
	// funnel-report's rule for a repeated id (the first row wins) would cost
	// this script 1.9 s more at 3.3 M users (a min(rowid) per user_id),
	// and a repeated id makes the numbers differ, which the bench reports.
	// (On tests/clickhouse/handmade.sh's cases, by an attribute equal to the
	// user id, the only user whose numbers differ is its dup_user.)
	['users', `CREATE TABLE u AS
	SELECT user_id, ${userDims.map((d) => `coalesce(${id(d)}, '') AS ${id(d)}`).join(', ')}
	FROM read_csv(${lit(usersCsv)}, header = true, all_varchar = true)`],
	// Visits: known user, funnel step, exact repeats once. Ids match as text;
	// times with an offset become UTC (TIMESTAMPTZ), then plain UTC
	// timestamps, whose year and month need no time zone library.
	['events', `CREATE TABLE ev AS
	SELECT DISTINCT u.rowid AS uid, s.step, make_timestamp(epoch_us(e.event_time)) AS t
	FROM read_csv(${lit(eventsCsv)}, header = true,
	              types = {'user_id': 'VARCHAR', 'page': 'VARCHAR', 'event_time': 'TIMESTAMPTZ'}) e
	JOIN steps s USING (page)
	JOIN u USING (user_id)`],
	['levels', `CREATE TABLE lv AS ${levelSql()}`],
	// The funnel cube: users by every dimension and level reached.
	['funnel-cube', `CREATE TABLE fcube AS
	SELECT *${dims.includes('month') ? ` REPLACE (${ym('month')} AS month)` : ''} FROM (
		SELECT ${dims.map((d) => (d === 'month' ? 'lv.month' : `u.${id(d)}`)).join(', ')}, level, count(*) AS users
		FROM lv JOIN u ON u.rowid = lv.uid
		GROUP BY ALL)`],
	['funnel.csv', `COPY (
	WITH g AS (
		SELECT ${labels(dims)}, level, sum(users) AS users
		FROM fcube
		GROUP BY GROUPING SETS (${groupingSets(dims, ['level'])})
	)
	SELECT breakdown, segment, s.step AS step_index, s.page AS step,
	       coalesce(sum(users) FILTER (WHERE level >= s.step), 0) AS users
	FROM g CROSS JOIN steps s
	GROUP BY ALL
	ORDER BY ALL
	) TO ${lit(outDir + '/funnel.csv')} (HEADER)`],
	// The visits cube: a user is one visitor of a (step, month), so distinct
	// visitors add up over segments, which partition the users.
	['visits-cube', `CREATE TABLE vcube AS
	SELECT * REPLACE (${ym('month')} AS month) FROM (
		SELECT ${userDims.map((d) => `u.${id(d)}`).join(', ')}, step, month, sum(n) AS visits, count(*) AS visitors
		FROM (SELECT uid, step, year(t) * 100 + month(t) AS month, count(*) AS n FROM ev GROUP BY ALL) v
		JOIN u ON u.rowid = v.uid
		GROUP BY ALL)`],
	['visits.csv', `COPY (
	SELECT ${labels(userDims)}, step AS step_index, any_value(s.page) AS step, month,
	       sum(visits) AS visits, sum(visitors) AS visitors
	FROM vcube JOIN steps s USING (step)
	GROUP BY GROUPING SETS (${groupingSets(userDims, ['step', 'month'])})
	ORDER BY ALL
	) TO ${lit(outDir + '/visits.csv')} (HEADER)`],
];

// Each statement's seconds go to OUT_DIR/statements.txt ("label seconds"),
// for the bench to print beside funnel-report's stages, and DuckDB's
// version to OUT_DIR/version.txt.
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const times = [];
for (const [label, q] of sql) {
	const t0 = performance.now();
	await con.run(q);
	times.push(`${label} ${((performance.now() - t0) / 1000).toFixed(3)}\n`);
}
writeFileSync(`${outDir}/statements.txt`, times.join(''));
const version = (await con.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;
writeFileSync(`${outDir}/version.txt`, `${version}\n`);
