#!/bin/sh
# The nightly job as a user schedules it (issue 15): the README's recipe three
# nights in a row on changing data in a fresh directory (exit 0, 0, 4); the
# cron line, the systemd units and the Airflow DAG of docs/examples/; the
# history over five runs, bounded, through a failed night and a corrupt
# file; the JSON log against summary.json; the summary line.
#   nightly.sh BIN          from the top of the repository
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-nightly.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export LC_ALL=C TZ=UTC
DAY0=1767225600 # 2026-01-01

pass() { echo "ok   nightly: $1"; }
fail() { echo "FAIL nightly: $1"; }
skip() { echo "skip nightly: $1"; }
jq_ok() { jq -e "$@" >/dev/null; }
check() { # check NAME COMMAND...: passes when the command does
	name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# funnel-report on the PATH, as the recipe and the examples want it
mkdir -p "$SCRATCH/bin"
ln -s "$BIN" "$SCRATCH/bin/funnel-report"
PATH="$SCRATCH/bin:$PATH"
export PATH

# night_db DIR SEED [drop]: DIR/shop.db, the OLTP store of one night: the
# demo exported with SEED, and with "drop" two in five confirmations lost
# (a broken payment page).
night_db() {
	d=$1 seed=$2 plant=${3:-}
	rm -rf "$d/csv" "$d/shop.db"
	funnel-report --demo-users 10000 --seed "$seed" --export-demo "$d/csv" || return 1
	if [ "$plant" = drop ]; then
		awk -F, 'NR == 1 || $2 != "confirmation" || NR % 5 >= 2' "$d/csv/events.csv" >"$d/csv/e" &&
			mv "$d/csv/e" "$d/csv/events.csv" || return 1
	fi
	sqlite3 "$d/shop.db" ".mode csv" ".import $d/csv/users.csv users" ".import $d/csv/events.csv events"
}

# ---- 1. the README's recipe, three nights ------------------------------------

awk '/the nightly recipe: tests\/cli\/nightly.sh/ { f = 1; next }
	f && /^```sh/ { g = 1; next }
	g && /^```/ { exit }
	g { print }' docs/USAGE.md >"$SCRATCH/recipe.sh"
check "docs/USAGE.md has the nightly recipe" grep -q -- '--compare out' "$SCRATCH/recipe.sh"
check "docs/examples/nightly.sh is the recipe of docs/USAGE.md" cmp -s "$SCRATCH/recipe.sh" docs/examples/nightly.sh

JOB="$SCRATCH/job" # a fresh directory: no out/ yet
mkdir -p "$JOB"
cp "$SCRATCH/recipe.sh" "$JOB/nightly.sh"
codes=""
for n in 1 2 3; do
	plant=""
	[ $n = 3 ] && plant=drop
	night_db "$JOB" $n $plant || fail "night $n: the data"
	(cd "$JOB" && SOURCE_DATE_EPOCH=$((DAY0 + n * 86400)) sh nightly.sh) >"$SCRATCH/out$n" 2>"$SCRATCH/err$n"
	codes="$codes $?"
done
if [ "$codes" = " 0 0 4" ]; then pass "three nights: exit 0, 0, 4"; else
	fail "three nights: exit$codes, want 0 0 4; $(cat "$SCRATCH/err1" "$SCRATCH/err2" "$SCRATCH/err3" | head -c 600)"
fi
check "night 1: the first night said once on stderr" \
	[ "$(grep -c 'this is the first night' "$SCRATCH/err1")" = 1 ]
check "night 1: no alert" sh -c "! grep -q '^funnel: ' '$SCRATCH/err1'"
check "night 2: no first night any more" sh -c "! grep -q 'first night' '$SCRATCH/err2'"
check "night 3: the drop named and alerted" \
	sh -c "grep -q 'fail-on significant_drops>0 held' '$SCRATCH/err3' && grep -q '^funnel: a check held' '$SCRATCH/err3'"
check "night 3: the history has three nights, the third with its check" \
	sh -c "[ \$(wc -l <'$JOB/out/data/history.csv') = 4 ] && tail -1 '$JOB/out/data/history.csv' | grep -q '^3,2026-01-04,.*significant_drops>0'"
check "night 3: the report shows the runs and the drop" \
	sh -c "grep -q 'Run by run' '$JOB/out/index.html' && [ -s '$JOB/out/charts/history.png' ] && grep -q 'Compared with the previous run' '$JOB/out/index.html'"

# ---- 2. the examples of docs/NIGHTLY.md ---------------------------------------

# cron: the line's command, with /srv/funnel a scratch directory and cron's
# PATH (funnel-report in /usr/local/bin stands in scratch/bin)
CRON="$SCRATCH/srv"
mkdir -p "$CRON"
night_db "$CRON" 1 || fail "cron: the data"
cp docs/examples/nightly.sh "$CRON/nightly.sh"
line=$(grep -E '^[0-9*]' docs/examples/crontab)
cpath=$(sed -n 's/^PATH=//p' docs/examples/crontab | sed "s#/usr/local/bin#$SCRATCH/bin#")
cmd=$(echo "$line" | cut -d' ' -f6- | sed "s#/srv/funnel#$CRON#g")
check "the cron line is in docs/NIGHTLY.md" grep -qF "$line" docs/NIGHTLY.md
env -i PATH="$cpath" HOME="$SCRATCH" SOURCE_DATE_EPOCH=$DAY0 LC_ALL=C sh -c "$cmd"
code=$?
check "cron: the line's command publishes (exit $code)" \
	sh -c "[ $code = 0 ] && [ -s '$CRON/out/index.html' ] && grep -q 'funnel-report: published out/: 10,000 entered' '$CRON/nightly.log'"

# systemd: both units verified, and the service's command run as systemd
# would (split into words, no shell)
UNITS="$SCRATCH/units"
mkdir -p "$UNITS"
for f in funnel-report.service funnel-report.timer; do
	sed "s#/usr/local/bin/funnel-report#$BIN#; s#/srv/funnel#$CRON#g" "docs/examples/$f" >"$UNITS/$f"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	if systemd-analyze verify "$UNITS/funnel-report.service" "$UNITS/funnel-report.timer" >"$SCRATCH/verify" 2>&1; then
		pass "systemd-analyze verify: the service and the timer"
	else
		fail "systemd-analyze verify: $(head -c 400 "$SCRATCH/verify")"
	fi
else
	skip "systemd-analyze is not installed (apt-get install systemd): the units are not verified"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$UNITS/funnel-report.service")
(
	cd "$CRON" || exit 3
	set -f
	# shellcheck disable=SC2086
	set -- $exec_start
	SOURCE_DATE_EPOCH=$((DAY0 + 86400)) "$@"
) 2>"$SCRATCH/unit-err"
code=$?
check "systemd: ExecStart runs (exit $code) and logs JSON" \
	sh -c "[ $code = 0 ] && tail -1 '$SCRATCH/unit-err' | jq -e '.status == \"published\" and .history.runs == 2' >/dev/null"

# Airflow: the DAG compiles; with stand-ins for Airflow's classes it builds,
# its sensor waits on the extraction, exit 4 is a skip, and its command runs
if command -v python3 >/dev/null 2>&1; then
	check "Airflow: the DAG compiles (py_compile)" python3 -c \
		'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)' \
		docs/examples/funnel_report_dag.py "$SCRATCH/dag.pyc"
	mkdir -p "$SCRATCH/stub/airflow/operators" "$SCRATCH/stub/airflow/sensors"
	cat >"$SCRATCH/stub/airflow/__init__.py" <<-'EOF'
		TASKS = {}
		class DAG:
		    def __init__(self, **kw): self.kw = kw
		    def __enter__(self): return self
		    def __exit__(self, *a): return False
		class Task:
		    def __init__(self, **kw):
		        self.kw, self.down = kw, []
		        TASKS[kw["task_id"]] = self
		    def __rshift__(self, other):
		        self.down.append(other.kw["task_id"])
		        return other
	EOF
	printf 'from airflow import Task as BashOperator\n' >"$SCRATCH/stub/airflow/operators/bash.py"
	printf 'from airflow import Task as ExternalTaskSensor\n' >"$SCRATCH/stub/airflow/sensors/external_task.py"
	: >"$SCRATCH/stub/airflow/operators/__init__.py"
	: >"$SCRATCH/stub/airflow/sensors/__init__.py"
	PYTHONPATH="$SCRATCH/stub" python3 - docs/examples/funnel_report_dag.py >"$SCRATCH/dag-cmd" 2>"$SCRATCH/dag-err" <<-'EOF'
		import runpy, sys
		import airflow
		runpy.run_path(sys.argv[1])
		t = airflow.TASKS
		assert t["wait_for_extraction"].down == ["funnel_report"], "the sensor comes first"
		assert t["wait_for_extraction"].kw["external_dag_id"], "the sensor names the extraction"
		assert t["funnel_report"].kw["skip_on_exit_code"] == 4, "exit 4 is a skip"
		assert t["alert_check_held"].kw["trigger_rule"] == "all_skipped"
		print(t["funnel_report"].kw["bash_command"])
	EOF
	code=$?
	check "Airflow: the DAG builds: sensor, then the report, exit 4 a skip ($(head -c 200 "$SCRATCH/dag-err"))" [ $code = 0 ]
	dag_cmd=$(sed "s#/srv/funnel#$CRON#g" "$SCRATCH/dag-cmd")
	(cd "$CRON" && SOURCE_DATE_EPOCH=$((DAY0 + 2 * 86400)) bash -c "$dag_cmd") 2>"$SCRATCH/dag-run"
	code=$?
	check "Airflow: the task's command runs (exit $code)" \
		sh -c "[ $code = 0 ] && tail -1 '$SCRATCH/dag-run' | jq -e '.history.runs == 3' >/dev/null"
else
	skip "python3 is not installed: the Airflow DAG is not compiled"
fi

# ---- 3. the history ----------------------------------------------------------

H="$SCRATCH/h"
run_h() { # run_h N [options]: night N of the small demo into $H
	n=$1
	shift
	SOURCE_DATE_EPOCH=$((DAY0 + n * 86400)) funnel-report -q --demo-users 2000 --max-combo 1 --seed "$n" -o "$H" "$@"
}
hist_runs() { awk -F, 'NR > 1 { printf "%s%s", sep, $1; sep = " " }' "$H/data/history.csv"; }
for n in 1 2 3 4 5; do
	run_h $n --fail-on 'entered>1999'
	[ $? = 4 ] || fail "history run $n: not exit 4"
done
check "five runs: five rows, numbered, dated, each with its check" \
	sh -c "[ '$(hist_runs)' = '1 2 3 4 5' ] && sed -n 6p '$H/data/history.csv' | grep -q '^5,2026-01-06,2000,[0-9]*,[0-9.]*,1,entered>1999,2000,,'"
check "the header: the fixed columns, then two per step" \
	sh -c "head -1 '$H/data/history.csv' | grep -qx 'run,date,entered,converted,conversion_pct,checks_held,held_checks,home_users,home_from_prev_pct,search_users,search_from_prev_pct,product_users,product_from_prev_pct,cart_users,cart_from_prev_pct,payment_users,payment_from_prev_pct,confirmation_users,confirmation_from_prev_pct'"
run_h 6 --history 3 || fail "history run 6"
check "--history 3: the last three runs" [ "$(hist_runs)" = "4 5 6" ]
cp "$H/data/history.csv" "$SCRATCH/before.csv"
SOURCE_DATE_EPOCH=$DAY0 funnel-report -q --users-csv "$SCRATCH/nosuch.csv" --events-csv "$SCRATCH/nosuch.csv" --steps a -o "$H" 2>/dev/null
code=$?
check "a failed night (exit $code) leaves the history as it was" sh -c "[ $code = 3 ] && cmp -s '$SCRATCH/before.csv' '$H/data/history.csv'"
run_h 7 || fail "history run 7"
check "the night after the failed one carries on" [ "$(hist_runs)" = "4 5 6 7" ]
sed -i '3s/^5,2026-01-06,2000,/5,2026-01-06,2x00,/' "$H/data/history.csv"
SOURCE_DATE_EPOCH=$((DAY0 + 8 * 86400)) funnel-report --demo-users 2000 --max-combo 1 --seed 8 -o "$H" 2>"$SCRATCH/corrupt-err"
code=$?
check "a corrupt history: the run publishes (exit $code) and starts again at run 1" \
	sh -c "[ $code = 0 ] && [ '$(hist_runs)' = '1' ]"
check "a corrupt history: reported in Data quality, with line and column" \
	grep -q 'set aside and starts again with this run: data/history.csv:3: column 3: &quot;2x00&quot; is not a count' "$H/index.html"
check "a corrupt history: said on stderr, then published" \
	sh -c "grep -q '^funnel-report: the history starts again (see Data quality): data/history.csv:3' '$SCRATCH/corrupt-err' && tail -1 '$SCRATCH/corrupt-err' | grep -q '^funnel-report: published'"
run_h 9 --steps home,search,cart || fail "history run 9"
check "another funnel: the history starts again, said why" \
	sh -c "[ '$(hist_runs)' = '1' ] && grep -q 'counts another funnel (steps home,search,product' '$H/index.html'"

# ---- 4. the logs -------------------------------------------------------------

L="$SCRATCH/l"
SOURCE_DATE_EPOCH=$DAY0 funnel-report --demo-users 2000 --max-combo 1 -o "$L" --compare "$L" \
	--fail-on 'significant_drops>0' --fail-on 'entered>10' --log json 2>"$SCRATCH/json"
code=$?
check "--log json: exit 4 (entered>10 held)" [ $code = 4 ]
check "--log json: every line is one JSON object" jq_ok -s 'length == 8 and all(type == "object")' "$SCRATCH/json"
check "--log json: a notice, the five stages and the load, then the end" jq_ok -s \
	'[.[].event] == ["notice","stage","stage","stage","stage","stage","stage","end"] and [.[1:7][].stage] == ["extract","model","analyze","plot","publish","load"]' \
	"$SCRATCH/json"
check "--log json: the end's counts are summary.json's totals" jq_ok -n --slurpfile log "$SCRATCH/json" \
	--slurpfile sum "$L/data/summary.json" \
	'($log | last | .totals) as $t | $sum[0].totals as $s | $t == {users: $s.users, entered: $s.entered, converted: $s.converted, conversion_pct: $s.conversion_pct, page_visits: $s.page_visits}'
check "--log json: status, exit code, checks and the first night" jq_ok -s \
	'last | .status == "checks held" and .exit == 4 and .checks_held == 1 and .first_night and .checks[0].why_not == "no previous run" and .checks[0].value == null and .checks[1].held and .history.runs == 1' \
	"$SCRATCH/json"
funnel-report --demo-users 50 --max-combo x --log json 2>"$SCRATCH/json2"
check "--log json: a usage error is one end object with its message" jq_ok -s \
	'length == 1 and .[0].status == "usage" and .[0].exit == 2 and (.[0].error | test("--max-combo x"))' "$SCRATCH/json2"
SOURCE_DATE_EPOCH=$DAY0 funnel-report --demo-users 2000 --max-combo 1 -o "$L" --compare "$L" --log "json:$SCRATCH/log.jsonl" 2>"$SCRATCH/plain"
check "--log json:FILE: JSON in the file, the summary line on stderr" \
	sh -c "jq -e -s 'last | .status == \"published\" and .history.runs == 2' '$SCRATCH/log.jsonl' >/dev/null && grep -q '^funnel-report: published ' '$SCRATCH/plain'"

SOURCE_DATE_EPOCH=$DAY0 funnel-report --demo-users 2000 --max-combo 1 -o "$SCRATCH/s" --fail-on 'entered<1' --fail-on 'bad_rows>5' 2>"$SCRATCH/line" </dev/null
check "without a terminal: one summary line" \
	sh -c "[ \$(wc -l <'$SCRATCH/line') = 1 ] && grep -Eqx 'funnel-report: published $SCRATCH/s/: 2,000 entered, [0-9]+\.[0-9]{2} % converted, 0 checks held, [0-9]+\.[0-9] s' '$SCRATCH/line'"
SOURCE_DATE_EPOCH=$DAY0 funnel-report -q --demo-users 2000 --max-combo 1 -o "$SCRATCH/s" 2>"$SCRATCH/quiet"
check "-q: no summary line" [ ! -s "$SCRATCH/quiet" ]
exit 0
