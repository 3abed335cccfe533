#!/bin/sh
# The published report as a user meets it: the HTML (self-contained, valid,
# escaped, rendered by a real browser at two widths), the Markdown (tables
# intact) and the PDF (title, pages, text, outline, every page renders).
# Usage: report.sh BIN PNGSTAT
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
BIN=$(abs "$1")
PNGSTAT=$(abs "$2")
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-report.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600

pass() { echo "ok   report: $1"; }
fail() { echo "FAIL report: $1"; FAILED=$((FAILED + 1)); }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }
absent() { if grep -q -- "$2" "$3"; then fail "$1: found '$2' in $3"; else pass "$1"; fi; }

for tool in tidy pdfinfo pdftotext pdftoppm qpdf chromium; do
	command -v $tool >/dev/null || { echo "FAIL report: $tool is not installed (make deps-test)"; exit 1; }
done

# ---- the demo report -------------------------------------------------------
O="$SCRATCH/demo"
"$BIN" -q --demo-users 3000 -o "$O" || { echo "FAIL report: demo run"; exit 1; }
H="$O/index.html"
for f in index.html report.md report.pdf docs/index.html docs/warehouse.html docs/analyses.html \
	charts/funnel.png charts/funnel.svg charts/pipeline.png; do
	[ -s "$O/$f" ] || fail "missing $f"
done

# self-contained: no resource from the network, no protocol-relative reference
if grep -Eq 'https?://|(src|href)="//|url\(' "$H"; then fail "index.html references the network"; else pass "index.html is self-contained"; fi
for d in "$O"/docs/*.html; do
	if grep -Eq '(src|href)="(https?:)?//' "$d"; then fail "$(basename "$d") loads from the network"; fi
done
pass "docs pages load nothing from the network"

# valid HTML: tidy reports no errors (exit 2); warnings (exit 1) are tolerated
for page in "$H" "$O/docs/index.html" "$O/docs/warehouse.html"; do
	tidy -e -q "$page" >"$SCRATCH/tidy.log" 2>&1
	if [ $? -ge 2 ]; then fail "tidy errors in $(basename "$page"): $(head -3 "$SCRATCH/tidy.log")"; else pass "tidy: $(basename "$page") parses"; fi
done

# accessibility basics: every image has alt text, every table a caption
# (a phone variant is aria-hidden: the wide image beside it carries the text)
imgs=$(grep -o '<img [^>]*>' "$H" | grep -vc 'aria-hidden="true"')
alts=$(grep -o '<img [^>]*>' "$H" | grep -v 'aria-hidden="true"' | grep -c 'alt="[^"]')
[ "$imgs" -gt 0 ] && [ "$imgs" = "$alts" ] && pass "every chart has a text alternative ($imgs)" || fail "images $imgs, with alt $alts"
tables=$(grep -o '<table>' "$H" | wc -l)
caps=$(grep -o '<caption>' "$H" | wc -l)
[ "$tables" = "$caps" ] && pass "every table has a caption ($tables)" || fail "tables $tables, captions $caps"

# a phone's variant of every chart, shown by a media query (still self-contained; no
# srcset, whose data: URL commas link checkers read as separators)
figs=$(grep -o '<figure class="chart">' "$H" | wc -l)
narrow=$(grep -o '<img class="narrow" src="data:image/svg+xml;base64,' "$H" | wc -l)
[ "$figs" -gt 0 ] && [ "$figs" = "$narrow" ] && pass "every chart has a phone variant ($narrow)" || fail "charts $figs, phone variants $narrow"

# a real browser renders it, wide and narrow, and the page is not blank
for width in 1280 390; do
	shot="$SCRATCH/shot-$width.png"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --disable-sync --disable-quic \
		--user-data-dir="$SCRATCH/chrome-$width" --window-size=$width,1800 \
		--screenshot="$shot" "file://$H" >/dev/null 2>&1
	if [ ! -s "$shot" ]; then fail "chromium made no screenshot at $width px"; continue; fi
	set -- $("$PNGSTAT" "$shot")
	if [ "$1" = "$width" ] && awk "BEGIN { exit !($3 > 0.02) }"; then
		pass "chromium at $width px: ${3} of the page is drawn"
	else
		fail "chromium at $width px: blank or wrong size ($*)"
	fi
	[ -n "${KEEP_SHOTS:-}" ] && cp "$shot" "$KEEP_SHOTS/shot-$width.png"
done

# report.md: every table row has the header's number of cells (unescaped pipes)
awk '
	/^\|/ { line = $0; gsub(/\\\|/, "", line); n = gsub(/\|/, "", line);
	        if (!intable) { want = n; intable = 1 } else if (n != want) { bad++; print "row " NR ": " n " != " want > "/dev/stderr" } next }
	{ intable = 0 }
	END { exit bad > 0 }' "$O/report.md" && pass "report.md: table rows have the header's cells" || fail "report.md: broken table rows"
for png in $(grep -o 'charts/[a-z0-9-]*\.png' "$O/report.md" | sort -u); do
	[ -s "$O/$png" ] || fail "report.md links $png, which is missing"
done
pass "report.md links existing charts"

# the PDF: metadata, pages, text, outline, every page renders
P="$O/report.pdf"
pdfinfo "$P" >"$SCRATCH/info" 2>&1 || fail "pdfinfo"
grep -q '^Title: *Funnel report' "$SCRATCH/info" && pass "PDF title" || fail "PDF title: $(grep Title "$SCRATCH/info")"
grep -q '^Creator: *funnel-report' "$SCRATCH/info" && pass "PDF creator" || fail "PDF creator"
grep -q '^Page size: *595.* x 841.*(A4)' "$SCRATCH/info" && pass "PDF is A4" || fail "PDF page size"
pages=$(awk '/^Pages:/ { print $2 }' "$SCRATCH/info")
[ "${pages:-0}" -ge 6 ] && pass "PDF has $pages pages" || fail "PDF pages: $pages"
pdftotext -layout "$P" "$SCRATCH/pdf.txt"
entered=$(awk -F': ' '/"entered"/ { gsub(/,/, "", $2); print $2; exit }' "$O/data/summary.json")
entered_fmt=$(printf "%'d" "$entered" 2>/dev/null || echo "$entered")
entered_fmt=$(echo "$entered" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
grep -q "$entered_fmt" "$SCRATCH/pdf.txt" && pass "PDF text has the users who entered ($entered_fmt)" || fail "PDF text lacks $entered_fmt"
grep -q "Headline numbers" "$SCRATCH/pdf.txt" && grep -q "page 2 of $pages" "$SCRATCH/pdf.txt" \
	&& pass "PDF has its sections and page numbers" || fail "PDF sections or page numbers"
qpdf --json "$P" >"$SCRATCH/pdf.json" 2>/dev/null
grep -q '"title": "The funnel"' "$SCRATCH/pdf.json" && grep -q '"title": "Breakdowns"' "$SCRATCH/pdf.json" \
	&& pass "PDF outline (bookmarks)" || fail "PDF outline missing"
mkdir -p "$SCRATCH/pages"
pdftoppm -r 20 -png "$P" "$SCRATCH/pages/p" && [ "$(ls "$SCRATCH/pages" | wc -l)" = "$pages" ] \
	&& pass "pdftoppm renders all $pages pages" || fail "pdftoppm"

# pdfcheck NAME PDF: qpdf finds nothing wrong, its output read (a damaged
# cross-reference table is only a warning, with exit status 3)
pdfcheck() {
	qpdf --check "$2" >"$SCRATCH/qpdf.log" 2>&1
	rc=$?
	if [ $rc = 0 ] && grep -q '^No syntax or stream encoding errors found' "$SCRATCH/qpdf.log" \
		&& ! grep -qi 'warning\|error:\|damaged' "$SCRATCH/qpdf.log"; then
		pass "$1: qpdf --check is clean"
	else
		fail "$1: qpdf --check (exit $rc): $(grep -i 'warning\|error\|damaged' "$SCRATCH/qpdf.log" | head -3 | tr '\n' ' ')"
	fi
}
pdfcheck "demo PDF" "$P"

# pdfstory NAME PDF MAXSTORY MAXPAGES FUNNELCSV: the story comes first and is short,
# the appendix after; step names are never hyphenated; a split table says
# "(continued)"
pdfstory() {
	n=$(pdfinfo "$2" | awk '/^Pages:/ { print $2 }')
	app=0
	for i in $(seq 1 "$n"); do
		if pdftotext -f "$i" -l "$i" "$2" - | grep -q '^Appendix$'; then app=$i; break; fi
	done
	story=$((app - 1))
	if [ "$app" -gt 1 ] && [ "$story" -le "$3" ] && [ "$n" -le "$4" ]; then
		pass "$1: $story pages of story, then the appendix; $n pages in all"
	else
		fail "$1: the appendix starts on page $app of $n (story at most $3, pages at most $4)"
	fi
	pdftotext "$2" "$SCRATCH/story.txt"
	# a step name split over two lines: the last word of one line (without
	# a hyphen) and the first of the next make it up
	broken=$(awk -F, '$1 == "overall" { print $4 }' "$5" | awk '
		NR == FNR { step[$0] = 1; next }
		{ n = split($0, w, /[[:space:](]+/); first = n ? w[1] : "" }
		FNR > 1 && last != "" && first != "" { x = last; sub(/-$/, "", x); if ((x first) in step && !(last in step)) print last "|" first }
		{ last = n ? w[n] : "" }' - "$SCRATCH/story.txt" | sort -u | tr '\n' ' ')
	[ -z "$broken" ] && pass "$1: no step name is hyphenated" || fail "$1: hyphenated:$broken"
	pdfcheck "$1" "$2"
}

# the full demo: the page count a reviewer meets
"$BIN" -q -o "$SCRATCH/full" || fail "full demo run"
pdfstory "full demo PDF" "$SCRATCH/full/report.pdf" 12 30 "$SCRATCH/full/data/funnel.csv"
pdftotext "$SCRATCH/full/report.pdf" - | grep -q '(continued)$' \
	&& pass "full demo PDF: a table split over pages says (continued)" || fail "full demo PDF: no (continued)"

# the Kaggle data (four steps, no channel): story first too
K="$SCRATCH/kaggle"
mkdir -p "$K"
for f in user_table home_page_table search_page_table payment_page_table payment_confirmation_table; do
	gzip -dc "tests/data/kaggle-funnel/$f.csv.gz" >"$K/$f.csv"
done
if (cd "$K" && "$BIN" -q --user-table user_table.csv --step-table home=home_page_table.csv \
	--step-table search=search_page_table.csv --step-table payment=payment_page_table.csv \
	--step-table confirmation=payment_confirmation_table.csv -o out); then
	pdfstory "Kaggle PDF" "$K/out/report.pdf" 12 20 "$K/out/data/funnel.csv"
else
	fail "Kaggle run"
fi

# the same input and SOURCE_DATE_EPOCH twice: identical trees, every file
"$BIN" -q --demo-users 3000 -o "$SCRATCH/demo2" || fail "second demo run"
if diff -r "$O" "$SCRATCH/demo2" >/dev/null; then pass "two runs give identical trees (HTML, PDF, charts, docs)"; else
	fail "two runs differ: $(diff -rq "$O" "$SCRATCH/demo2" | head -3)"; fi

# --templates DIR restyles the report: an override wins, the rest stays embedded
mkdir -p "$SCRATCH/tpl/html"
printf 'body { background: #fefefe; } /* restyled */\n' >"$SCRATCH/tpl/html/style.css"
"$BIN" -q --demo-users 200 --templates "$SCRATCH/tpl" -o "$SCRATCH/styled" || fail "--templates run"
grep -q 'restyled' "$SCRATCH/styled/index.html" && grep -q 'restyled' "$SCRATCH/styled/docs/index.html" \
	&& pass "--templates overrides the stylesheet" || fail "--templates did not apply"
printf '<p>{{#sections}}' >"$SCRATCH/tpl/html/page.html"
"$BIN" -q --demo-users 200 --templates "$SCRATCH/tpl" -o "$SCRATCH/broken" 2>"$SCRATCH/err"
[ $? = 3 ] && grep -q 'html/page.html:1' "$SCRATCH/err" && [ ! -e "$SCRATCH/broken" ] \
	&& pass "a broken override template is a clear error, nothing published" || fail "broken template: $(cat "$SCRATCH/err")"
"$BIN" -q --templates "$SCRATCH/nosuch" -o "$SCRATCH/x2" 2>/dev/null
[ $? = 2 ] && pass "--templates with a missing directory is a usage error" || fail "--templates missing dir"

# ---- hostile names are text everywhere ------------------------------------
X="$SCRATCH/x"
mkdir -p "$X"
printf 'user_id,sex,channel\nu1,F,<script>alert(1)</script>\nu2,M,"""><img src=x onerror=alert(1)>"\nu3,F,*bold* | pipe [x](y) `code`\nu4,M,Direct\n' >"$X/users.csv"
printf 'user_id,page,event_time\nu1,home,2025-01-01\nu2,home,2025-01-02\nu3,home,2025-01-03\nu4,home,2025-01-04\nu3,cart,2025-01-05\n' >"$X/events.csv"
"$BIN" -q --users-csv "$X/users.csv" --events-csv "$X/events.csv" --steps home,cart \
	--title '<script>alert(2)</script> | `t`' -o "$X/out" || fail "hostile run"
absent "hostile: no <script in index.html" '<script' "$X/out/index.html"
absent "hostile: no <img src=x in index.html" '<img src=x' "$X/out/index.html"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$X/out/index.html" && pass "hostile: shown as text in HTML" || fail "hostile: not shown in HTML"
for d in "$X"/out/docs/*.html; do
	grep -q '<script' "$d" && fail "hostile: <script in $(basename "$d")"
done
pass "hostile: docs pages hold no script"
if grep -q '[^\\]<script\|^<script' "$X/out/report.md"; then fail "hostile: unescaped <script in report.md"; else pass "hostile: escaped in report.md"; fi
awk '/^\|/ { line = $0; gsub(/\\\|/, "", line); n = gsub(/\|/, "", line);
	if (!t) { w = n; t = 1 } else if (n != w) bad++; next } { t = 0 } END { exit bad > 0 }' "$X/out/report.md" \
	&& pass "hostile: pipes in names leave report.md tables intact" || fail "hostile: a pipe broke a table"
pdftotext "$X/out/report.pdf" "$SCRATCH/x.txt"
grep -qF '<script>alert(1)</script>' "$SCRATCH/x.txt" && grep -qF '*bold* | pipe [x](y) `code`' "$SCRATCH/x.txt" \
	&& pass "hostile: the PDF shows the names as written" || fail "hostile: PDF text"
for s in "$X"/out/charts/*.svg; do
	grep -q '<script' "$s" && fail "hostile: <script in $(basename "$s")"
done
pass "hostile: charts hold no script"

# ---- a report at the limit of --max-segments opens in a browser -----------
# docs/BAD_INPUTS.md 39: 10,000 users with attributes of 100 and 40 values,
# --max-combo 2: about 8,282 segments (4,141 each in funnel.csv and
# visits.csv), under the default limit of 10,000; an index.html of about
# 21 MB that Chromium draws.
L="$SCRATCH/legal"
mkdir -p "$L"
awk 'BEGIN { print "user_id,a1,a2"; for (u = 0; u < 10000; u++) printf "u%d,x%d,y%d\n", u, u % 100, int(u / 100) % 40 }' >"$L/users.csv"
awk 'BEGIN { print "user_id,page,event_time"; split("home search product cart payment confirmation", S, " ")
	for (u = 0; u < 10000; u++) { n = 1 + (u * 7) % 6; for (k = 1; k <= n; k++) printf "u%d,%s,2025-0%d-1%d 10:0%d:00\n", u, S[k], 1 + u % 4, u % 9, k } }' >"$L/events.csv"
if "$BIN" -q --users-csv "$L/users.csv" --events-csv "$L/events.csv" --steps home,search,product,cart,payment,confirmation \
	--dims a1,a2 --max-combo 2 -o "$L/out"; then
	segs=$(($(wc -l <"$L/out/data/funnel.csv") / 6))
	mb=$(($(wc -c <"$L/out/index.html") / 1048576))
	shot="$SCRATCH/shot-legal.png"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --disable-sync --disable-quic \
		--user-data-dir="$SCRATCH/chrome-legal" --window-size=1280,1800 \
		--screenshot="$shot" "file://$L/out/index.html" >/dev/null 2>&1
	if [ -s "$shot" ] && set -- $("$PNGSTAT" "$shot") && awk "BEGIN { exit !($3 > 0.02) }" && [ "$mb" -lt 40 ]; then
		pass "a report of $segs funnel segments near --max-segments: index.html of $mb MB, drawn by Chromium"
	else
		fail "the report near --max-segments: index.html of $mb MB, screenshot ${*:-none}"
	fi
else
	fail "a run under --max-segments was refused"
fi

if [ $FAILED -gt 0 ]; then echo "$FAILED report test(s) failed"; exit 1; fi
echo "all report tests passed"
