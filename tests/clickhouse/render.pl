#!/usr/bin/perl
# render.pl: renders a templates/sql/clickhouse_*.sql file for the tests, with
# the values the C side will give it (docs/clickhouse.md, "Placeholders").
#
#   render.pl TEMPLATE --steps a,b,c [--dims d1,d2] [--order ordered|any]
#             [--window DAYS] [--signup COLUMN] [--database DB]
#             [--users TABLE] [--events TABLE] [--table NAME ...]
#             [--columns c1,c2] [--max-combo N (ignored)]
#
# It is two things at once: a renderer for the subset of Mustache that
# generator/base/tmpl.c implements and these templates use ({{name}}, {{{name}}},
# {{#name}}, {{^name}}, {{/name}}, {{! }}, standalone tag lines taken whole),
# and the reference for how values are quoted. Only core Perl (perl-base).
use strict;
use warnings;

sub usage { die "usage: render.pl TEMPLATE --steps a,b,c [--dims d1,d2] [--order ordered|any] "
	  . "[--window DAYS] [--signup COLUMN] [--database DB] [--users T] [--events T] [--table T] "
	  . "[--columns c1,c2]\n" }

# ---- quoting: the rules the C side must follow ---------------------------

# Control bytes as \xHH, so a value never breaks a line of the SQL (the docs
# show it) and never ends a token early; the rest byte for byte.
sub escape_body {
	my ($s, $quote) = @_;
	$s =~ s/\\/\\\\/g;
	$s =~ s/\Q$quote\E/\\$quote/g;
	$s =~ s/([\x00-\x1f\x7f])/sprintf("\\x%02X", ord($1))/ge;
	return $s;
}
# A string literal: 'it\'s'.
sub literal { return "'" . escape_body($_[0], "'") . "'" }
# An identifier: `group`, `we\`ird`.
sub ident { return '`' . escape_body($_[0], '`') . '`' }

# ---- arguments -----------------------------------------------------------

my $template = shift @ARGV or usage();
my %o = (order => 'ordered', window => 0, database => '', users => 'users', events => 'events');
my @tables;
while (@ARGV) {
	my $k = shift @ARGV;
	usage() unless $k =~ /^--(steps|dims|order|window|signup|database|users|events|table|columns|max-combo)$/ && @ARGV;
	# --max-combo shapes a local run's report, never a cube: taken, unused
	if ($1 eq 'table') { push @tables, shift @ARGV } else { $o{$1} = shift @ARGV }
}
usage() unless defined $o{steps};
die "render.pl: --order is ordered or any\n" unless $o{order} =~ /^(ordered|any)$/;
die "render.pl: --window is a whole number of days\n" unless $o{window} =~ /^[0-9]+$/;

my @steps = split /,/, $o{steps}, -1;
my @dims = defined $o{dims} && length $o{dims} ? split(/,/, $o{dims}, -1) : ();
sub table { return length $o{database} ? ident($o{database}) . '.' . ident($_[0]) : ident($_[0]) }

# ---- the values ----------------------------------------------------------

my $T = \1;
my $F = \0;
my $ordered = $o{order} eq 'ordered';
my %v = (
	users    => table($o{users}),
	events   => table($o{events}),
	steps    => join(', ', map { literal($_) } @steps),
	nsteps   => scalar @steps,
	ordered  => $ordered ? $T : $F,
	window   => $ordered && $o{window} > 0 ? $T : $F,
	seconds  => $o{window} * 86400,
	later    => [map { { index => $_, prev => $_ - 1 } } 2 .. @steps],
	signup   => defined $o{signup} ? { column => ident($o{signup}) } : $F,
	# for the schema check: the database as a literal (or the session's,
	# which the URL's ?database= sets), the table names as literals
	database => length $o{database} ? literal($o{database}) : 'currentDatabase()',
	tables   => join(', ', map { literal($_) } ($o{users}, $o{events}, @tables)),
);
my (@d, @vd);
for my $i (0 .. $#dims) {
	my $month = $dims[$i] eq 'month';
	push @d, { index => $i + 1, name => ident($dims[$i]), month => $month ? $T : $F,
	           column => $month ? '' : ident($dims[$i]) };
	push @vd, { index => scalar(@vd) + 1, name => ident($dims[$i]), column => ident($dims[$i]) }
	  unless $month;
}
$v{dims} = \@d;
$v{vdims} = \@vd;
# every column of the users table but user_id, in its order
my @cols = defined $o{columns} && length $o{columns} ? split(/,/, $o{columns}, -1) : ();
$v{columns} = [map { { index => $_ + 1, column => ident($cols[$_]) } } 0 .. $#cols];

# ---- the template engine ---------------------------------------------------

open my $fh, '<', $template or die "render.pl: $template: $!\n";
my $text = do { local $/; <$fh> };
close $fh;

# Parse into a flat list of nodes: [kind, name-or-text, end-index].
my @nodes;
my @open;
my $pos = 0;
while ($text =~ /\{\{(\{)?\s*([#^\/!&]?)\s*(.*?)\s*(?(1)\}\}\}|\}\})/gs) {
	my ($at, $end) = ($-[0], $+[0]);
	my ($raw, $sigil, $name) = ($1, $2, $3);
	my $kind = $raw || $sigil eq '&' ? 'raw' : $sigil eq '' ? 'var' : $sigil;
	my ($text_end, $next) = ($at, $end);
	if ($kind ne 'var' && $kind ne 'raw') {
		my $ls = $at;
		$ls-- while $ls > $pos && substr($text, $ls - 1, 1) =~ /[ \t]/;
		if ($ls == 0 || substr($text, $ls - 1, 1) eq "\n") {
			my $q = $end;
			$q++ while $q < length($text) && substr($text, $q, 1) =~ /[ \t]/;
			if ($q == length($text) || substr($text, $q, 1) eq "\n") {
				$text_end = $ls;
				$next = $q == length($text) ? $q : $q + 1;
			}
		}
	}
	push @nodes, ['text', substr($text, $pos, $text_end - $pos)];
	$pos = $next;
	pos($text) = $next;
	if ($kind eq '#' || $kind eq '^') {
		push @open, scalar @nodes;
		push @nodes, [$kind, $name, undef];
	} elsif ($kind eq '/') {
		my $o = pop @open;
		die "render.pl: $template: {{/$name}} closes nothing\n" unless defined $o;
		die "render.pl: $template: {{/$name}} closes {{$nodes[$o][1]}}\n" unless $nodes[$o][1] eq $name;
		$nodes[$o][2] = scalar @nodes;
	} elsif ($kind ne '!') {
		push @nodes, [$kind, $name];
	}
}
push @nodes, ['text', substr($text, $pos)];
die "render.pl: $template: {{$nodes[$open[-1]][1]}} is never closed\n" if @open;

sub lookup {
	my ($ctx, $name) = @_;
	return $ctx->[-1] if $name eq '.';
	for my $c (reverse @$ctx) {
		return $c->{$name} if ref $c eq 'HASH' && exists $c->{$name};
	}
	return undef;
}

sub truthy {
	my $v = shift;
	return 0 unless defined $v;
	return $$v if ref $v eq 'SCALAR';
	return scalar @$v if ref $v eq 'ARRAY';
	return 1 if ref $v eq 'HASH';
	return length $v;
}

sub render {
	my ($from, $to, $ctx) = @_;
	my $out = '';
	for (my $i = $from; $i < $to; $i++) {
		my $n = $nodes[$i];
		if ($n->[0] eq 'text') {
			$out .= $n->[1];
		} elsif ($n->[0] eq 'var' || $n->[0] eq 'raw') {
			my $v = lookup($ctx, $n->[1]);
			$out .= $v if defined $v && !ref $v;
		} else {
			my $v = lookup($ctx, $n->[1]);
			if ($n->[0] eq '^') {
				$out .= render($i + 1, $n->[2], $ctx) unless truthy($v);
			} elsif (ref $v eq 'ARRAY') {
				$out .= render($i + 1, $n->[2], [@$ctx, $_]) for @$v;
			} elsif (truthy($v)) {
				$out .= render($i + 1, $n->[2], ref $v eq 'HASH' ? [@$ctx, $v] : $ctx);
			}
			$i = $n->[2] - 1;
		}
	}
	return $out;
}

print render(0, scalar @nodes, [\%v]);
