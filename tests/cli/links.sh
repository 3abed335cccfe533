#!/bin/sh
# Every link and image of a published report resolves inside OUT_DIR: the
# relative href and src of index.html and docs/*.html (and their #fragments),
# the links and images of report.md (and its #anchors, as GitHub makes them),
# and the PDF holds no relative link at all (an attached file has no
# neighbours: it says where the data lives instead).
# Usage: links.sh BIN
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
BIN=$(abs "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/fr-links.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1767225600

pass() { echo "ok   links: $1"; }
fail() { echo "FAIL links: $1"; FAILED=$((FAILED + 1)); }

command -v qpdf >/dev/null || { echo "FAIL links: qpdf is not installed (make deps-test)"; exit 1; }

# checklinks OUT: one line per broken link ("file: target: why"), none when all resolve.
checklinks() {
	perl -e '
	use strict; use warnings; use Cwd qw(realpath); use File::Basename qw(dirname);
	my $out = realpath($ARGV[0]);
	my (%ids, %anchors);
	sub slurp { my ($f) = @_; open(my $h, "<", $f) or return ""; local $/; my $s = <$h>; close $h; return $s; }
	# the fragment ids of an HTML file
	sub ids { my ($f) = @_; return $ids{$f} //= { map { $_ => 1 } (slurp($f) =~ /\sid="([^"]*)"/g) }; }
	# GitHub heading anchors of a Markdown file (md.c fr_md_anchor)
	sub anchors {
		my ($f) = @_;
		return $anchors{$f} //= do {
			my %a;
			for my $h (slurp($f) =~ /^#{1,6} +(.*)$/mg) {
				$h =~ s/\\(.)/$1/g;
				my $x = lc $h; $x =~ s/ /-/g; $x =~ s/[^a-z0-9_\-\x80-\xff]//g;
				$a{$x} = 1;
			}
			\%a;
		};
	}
	sub check {
		my ($file, $target, $kind) = @_;
		return if $target =~ /^(data:|mailto:)/;
		if ($target =~ m{^[a-z][a-z0-9+.-]*:|^//}i) { print "$file: $target: not relative\n"; return; }
		my ($path, $frag) = $target =~ /^([^#?]*)(?:\?[^#]*)?(?:#(.*))?$/;
		my $dest = $path eq "" ? "$out/$file" : dirname("$out/$file") . "/$path";
		my $real = realpath($dest);
		if (!defined $real || !-e $real) { print "$file: $target: no such file\n"; return; }
		if (index($real, "$out/") != 0) { print "$file: $target: outside OUT_DIR\n"; return; }
		if (-d $real) { print "$file: $target: a directory\n"; return; }
		return unless defined $frag && $frag ne "";
		my $ok = $real =~ /\.html$/ ? ids($real)->{$frag} : $real =~ /\.md$/ ? anchors($real)->{$frag} : 1;
		print "$file: $target: no #$frag there\n" unless $ok;
	}
	chdir $out or die;
	my @html = ("index.html", glob("docs/*.html"));
	for my $f (@html) {
		my $s = slurp($f);
		$s =~ s/&amp;/&/g;
		check($f, $2, $1) while $s =~ /\s(href|src)="([^"]*)"/g;
	}
	my $md = slurp("report.md");
	$md =~ s/`[^`\n]*`//g; # code spans hold no links
	while ($md =~ /(!?)\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)\)/g) { check("report.md", $3, $1 ? "image" : "link"); }
	' "$1"
}

# pdfuris PDF: the URIs of the PDF's link annotations, one a line.
pdfuris() {
	qpdf --qdf --object-streams=disable "$1" "$SCRATCH/qdf.pdf" 2>/dev/null
	grep -a -o '/URI *([^)]*)' "$SCRATCH/qdf.pdf" | sed 's/^\/URI *(//; s/)$//'
}

report() {
	name=$1
	O=$2
	checklinks "$O" >"$SCRATCH/broken"
	n=$(grep -c . "$SCRATCH/broken")
	total=$(cat "$O/index.html" "$O"/docs/*.html | grep -o ' \(href\|src\)="' | wc -l)
	if [ "$n" = 0 ] && [ "$total" -gt 20 ]; then
		pass "$name: every link and image of index.html, docs/*.html and report.md resolves ($total in the HTML)"
	else
		fail "$name: $n broken links: $(head -5 "$SCRATCH/broken" | tr '\n' ';')"
	fi
	for doc in $(grep -o 'docs/[a-z]*\.html' "$O/index.html" | sort -u); do
		[ "$doc" = docs/index.html ] && continue
		grep -q "href=\"$doc\"" "$O/index.html" || fail "$name: $doc is not linked from index.html"
	done
	if grep -q 'href="index.html"' "$O/index.html"; then fail "$name: index.html links itself"; else pass "$name: index.html does not link itself"; fi
	grep -q '\[System design\\\?: overview\](docs/index.html)' "$O/report.md" \
		&& pass "$name: report.md links the system design overview in docs/" || fail "$name: report.md's overview link"
	pdfuris "$O/report.pdf" >"$SCRATCH/uris"
	rel=$(grep -v -c '^[a-z][a-z0-9+.-]*:' "$SCRATCH/uris")
	if [ "$rel" = 0 ]; then pass "$name: report.pdf holds no relative link"; else
		fail "$name: report.pdf links $(grep -v '^[a-z][a-z0-9+.-]*:' "$SCRATCH/uris" | head -3 | tr '\n' ' ')"; fi
}

"$BIN" -q --demo-users 2000 -o "$SCRATCH/demo" || { echo "FAIL links: demo run"; exit 1; }
report demo "$SCRATCH/demo"

IN="$HERE/../golden/inputs/steptables"
cp "$IN"/*.csv "$SCRATCH/"
if (cd "$SCRATCH" && "$BIN" -q --user-table user_table.csv --step-table home=home_page_table.csv \
	--step-table search=search_page_table.csv --step-table payment=payment_page_table.csv \
	--step-table confirmation=payment_confirmation_table.csv -o steps); then
	report steptables "$SCRATCH/steps"
else
	fail "step tables run"
fi

# the checker itself finds what it should: a missing file, a missing anchor
cp -r "$SCRATCH/demo" "$SCRATCH/bad"
printf '\n[gone](docs/nosuch.html) [anchor](#no-such-heading)\n' >>"$SCRATCH/bad/report.md"
checklinks "$SCRATCH/bad" >"$SCRATCH/broken"
grep -q 'nosuch.html: no such file' "$SCRATCH/broken" && grep -q 'no #no-such-heading' "$SCRATCH/broken" \
	&& pass "the checker finds a missing file and a missing anchor" || fail "the checker missed: $(cat "$SCRATCH/broken")"

if [ $FAILED -gt 0 ]; then echo "$FAILED links test(s) failed"; exit 1; fi
echo "all links tests passed"
