#!/usr/bin/perl
# tsv2csv.pl: ClickHouse TabSeparated(WithNames) on stdin as the project's CSV
# on stdout, so a cube from the cluster compares byte for byte with a local
# run's data/cube_*.csv. TSV escapes are undone as ClickHouse 18.16 writes
# them (\b \f \r \n \t \0 \' \\); a field is quoted as fr_escape_csv
# quotes it: when it holds a comma, a quote, CR or LF, or starts or ends
# with a space.
use strict;
use warnings;

my %unescape = (b => "\b", f => "\f", r => "\r", n => "\n", t => "\t", 0 => "\0",
                "'" => "'", '\\' => '\\');

binmode STDIN;
binmode STDOUT;
while (my $line = <STDIN>) {
	chomp $line;
	my @out;
	for my $f (split /\t/, $line, -1) {
		$f =~ s/\\(.)/exists $unescape{$1} ? $unescape{$1} : "\\$1"/ge;
		if ($f =~ /[,"\r\n]/ || $f =~ /^ / || $f =~ / $/) {
			$f =~ s/"/""/g;
			$f = "\"$f\"";
		}
		push @out, $f;
	}
	print join(',', @out), "\n";
}
