#!/usr/bin/perl
# csv2tsv.pl: an RFC 4180 CSV file (optional UTF-8 BOM, LF or CRLF, quoted
# fields with commas, quotes and line breaks) as ClickHouse TabSeparated on
# stdout, header row included. The loader goes through TSV because
# ClickHouse 18.16's CSV input trims the spaces around unquoted fields, and
# our values are kept as they were.
#
#   csv2tsv.pl FILE
use strict;
use warnings;

my $path = shift @ARGV or die "usage: csv2tsv.pl FILE\n";
open my $fh, '<:raw', $path or die "csv2tsv.pl: $path: $!\n";

my %esc = ("\\" => "\\\\", "\t" => "\\t", "\n" => "\\n", "\r" => "\\r", "\0" => "\\0");
sub tsv { my $s = shift; $s =~ s/([\\\t\n\r\0])/$esc{$1}/g; return $s }

# One record a time: a line, and the next ones while a quote is open (an odd
# number of quotes so far), so a big file streams.
binmode STDOUT;
my $line = 0;
while (defined(my $rec = <$fh>)) {
	$line++;
	my $first = $line;
	$rec =~ s/^\xef\xbb\xbf// if $line == 1;
	while (($rec =~ tr/"//) % 2) {
		my $more = <$fh>;
		die "csv2tsv.pl: $path:$first: a quote is never closed\n" unless defined $more;
		$line++;
		$rec .= $more;
	}
	$rec =~ s/\r?\n\z//;
	if (index($rec, '"') < 0) {
		# the common case, no quotes: only commas to turn into tabs
		$rec =~ s/([\\\t\r\0])/$esc{$1}/g;
		$rec =~ tr/,/\t/;
		print $rec, "\n";
		next;
	}
	my @row;
	my $i = 0;
	my $n = length $rec;
	for (;;) {
		my $field = '';
		pos($rec) = $i;
		if ($i < $n && substr($rec, $i, 1) eq '"') {
			# a quoted field: "" is a quote, anything else as it is
			$rec =~ /\G"((?:[^"]|"")*)"/gc or die "csv2tsv.pl: $path:$first: bad quoting\n";
			($field = $1) =~ s/""/"/g;
			$i = pos($rec);
		} else {
			$rec =~ /\G([^,]*)/gc;
			$field = $1;
			$i = pos($rec);
		}
		push @row, tsv($field);
		last if $i >= $n;
		die "csv2tsv.pl: $path:$first: text after a closing quote\n" unless substr($rec, $i, 1) eq ',';
		$i++;
		if ($i == $n) { push @row, ''; last }
	}
	print join("\t", @row), "\n";
}
