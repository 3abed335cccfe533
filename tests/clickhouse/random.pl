#!/usr/bin/perl
# random.pl: an event log made to catch the funnel rules out, for the
# cluster-against-local comparison: many users with a few visits each to
# steps a..d (and now and then a page that is no step), at times drawn from
# a handful of instants a day or half a day apart, so ties, exact repeats,
# out-of-order visits, several step-1 starts and chains right at a window's
# edge are everywhere; and one user with 20,000 visits. Deterministic for a seed (its own generator, so Perl's
# rand() of another version cannot change the files).
#
#   random.pl DIR USERS SEED
use strict;
use warnings;

my ($dir, $users, $seed) = @ARGV;
die "usage: random.pl DIR USERS SEED\n" unless defined $seed && $users =~ /^[0-9]+$/;
mkdir $dir unless -d $dir;

my $s = $seed * 2654435761 % 4294967296 || 1;
sub rnd {    # xorshift32, 0 .. $_[0] - 1
	$s ^= ($s << 13) & 0xffffffff;
	$s ^= $s >> 17;
	$s ^= ($s << 5) & 0xffffffff;
	return $s % $_[0];
}

my $t0 = 1738281600;    # 2025-01-31T00:00:00Z: a month ends in the first day
my @pages = qw(a b c d a b help);
my @groups = ('g1', 'g2', 'g, 3');
open my $u, '>', "$dir/users.csv" or die "$dir/users.csv: $!\n";
open my $e, '>', "$dir/events.csv" or die "$dir/events.csv: $!\n";
print $u "user_id,signup_date,group,who\n";
print $e "user_id,page,event_time\n";
for my $i (1 .. $users) {
	my $id = sprintf 'r%05d', $i;
	my $g = $groups[rnd(3)];
	$g = "\"$g\"" if $g =~ /,/;
	# now and then a signup after some of the user's visits
	my $signup = rnd(10) ? '2025-01-01' : '2025-02-01T12:00:00Z';
	# who: the user again, so a cube by it compares levels user by user
	print $u "$id,$signup,$g,$id\n";
	my $n = 1 + rnd(7);
	for (1 .. $n) {
		# instants half a day apart over five days, a few seconds off now
		# and then, so windows of 1 and 2 days end right on some visits
		my $t = $t0 + 43200 * rnd(10) + (rnd(4) ? 0 : rnd(3));
		my @g = gmtime $t;
		printf $e "%s,%s,%04d-%02d-%02dT%02d:%02d:%02dZ\n", $id, $pages[rnd(scalar @pages)],
		  $g[5] + 1900, $g[4] + 1, @g[3, 2, 1, 0];
	}
}
# One heavy user, 20,000 visits: a formulation that copies an array per
# element (a lambda capturing one does, in 18.16) needs gigabytes for it.
print $u "heavy,2025-01-01,g1,heavy\n";
for my $i (0 .. 19999) {
	my @g = gmtime($t0 + 60 * $i);
	printf $e "heavy,%s,%04d-%02d-%02dT%02d:%02d:%02dZ\n", $pages[rnd(scalar @pages)],
	  $g[5] + 1900, $g[4] + 1, @g[3, 2, 1, 0];
}
close $u or die;
close $e or die;
