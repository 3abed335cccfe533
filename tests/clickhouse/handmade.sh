#!/bin/sh
# handmade.sh: writes DIR/users.csv and DIR/events.csv, the funnel rules of
# SPEC section 4 one user at a time (the cases of tests/unit/test_level.c and
# test_engine.c, and what a cluster adds: time zones, month edges, 2038,
# CSV quoting, column names that clash), for the steps a,b,c,d.
#
#   handmade.sh DIR
#
# The user_id names the case. There are no expected numbers here: run.sh
# compares funnel-report --clickhouse with a local run on these files, and the rules
# themselves are asserted by the unit tests the cases come from. Most times
# are around 2025-01-15T00:00:00Z.
set -u
[ $# -eq 1 ] || { echo "usage: handmade.sh DIR" >&2; exit 2; }
mkdir -p "$1" || exit 1

# "level" and "page" are attributes on purpose: names our SQL uses for its
# own columns (level) or that events has too (page) must not get mixed up.
cat >"$1/users.csv" <<'EOF'
user_id,signup_date,group,channel,level,page
in_order,2025-01-01,x,Direct,gold,p1
out_of_order,2025-01-01,x,Direct,gold,p1
skipped,2025-01-01,x,Direct,gold,p1
window_cut,2025-01-01,x,Social,gold,p1
window_incl,2025-01-01,x,Social,gold,p1
window_excl,2025-01-01,x,Social,gold,p1
later_start,2025-01-01,y,Social,silver,p1
keeps_earlier,2025-01-01,y,Social,silver,p2
ties,2025-01-01,y,Email,silver,p2
tie_at_edge,2025-01-01,y,Email,silver,p2
tie_reversed,2025-01-01,y,Email,silver,p2
tie_chain,2025-01-01,y,Email,silver,p2
many_starts,2025-01-01,y,Email,silver,p2
not_entered,2025-01-01,x,Direct,gold,p2
dups,2025-01-01,x,Direct,gold,p2
unknown_pages,2025-01-01,x,Direct,gold,p2
month_later,2025-01-01,x,Social,gold,p1
tz_edge,2025-01-01,x,Social,gold,p1
dup_user,2025-01-01,y,Direct,gold,p1
dup_user,2025-01-01,y,Direct,gold,p1
007,2025-01-01,y,Direct,gold,p1
before_signup,2025-01-20T12:00:00+01:00,y,Direct,gold,p1
all_before_signup,2025-03-01,y,Direct,gold,p1
no_events,2025-01-01,y,Direct,gold,p1
y2040,2025-01-01,x,Direct,silver,p2
q_comma,2025-01-01,"Paid, search",Direct,gold,p1
q_quote,2025-01-01,"Say ""hi""",Direct,gold,p1
q_lead,2025-01-01, lead,Direct,gold,p1
q_trail,2025-01-01,trail ,Direct,gold,p1
q_utf8,2025-01-01,Ünïcode ✓,Direct,gold,p1
q_empty,2025-01-01,,Direct,gold,p1
q_backslash,2025-01-01,back\slash	tab,Direct,gold,p1
s_words,soon,x,Email,gold,p1
s_empty,,x,Email,gold,p1
s_badday,2025-02-30,x,Email,gold,p1
s_1969,1969-12-31T23:00:00-02:00,x,Email,gold,p1
s_2200,2200-01-01,x,Email,gold,p1
s_hhmm,2025-01-20T12:00+0530,x,Email,gold,p1
s_nosec,2025-01-20 12:00,x,Email,gold,p1
s_frac,2025-01-20T11:59:59.75Z,x,Email,gold,p1
s_badzone,2025-01-20T12:00:00+19:00,x,Email,gold,p1
EOF

# An extra column (referrer) is allowed and ignored. Times come in every
# form the parser takes: Z, an offset, none (UTC), no seconds, a fraction.
cat >"$1/events.csv" <<'EOF'
user_id,page,event_time,referrer
in_order,a,2025-01-15T00:00:00Z,r
in_order,b,2025-01-15 00:00:10,r
in_order,c,2025-01-15T00:00:20+00:00,r
in_order,d,2025-01-15T05:30:30+05:30,r
out_of_order,b,2025-01-15T00:00:00Z,r
out_of_order,a,2025-01-15T00:00:10Z,r
out_of_order,c,2025-01-15T00:00:20Z,r
skipped,a,2025-01-15T00:00:00Z,r
skipped,c,2025-01-15T00:00:10Z,r
window_cut,a,2025-01-15T00:00:00Z,r
window_cut,b,2025-01-16T00:00:00Z,r
window_cut,c,2025-01-23T00:00:00Z,r
window_incl,a,2025-01-15T00:01:40Z,r
window_incl,b,2025-01-22T00:01:40Z,r
window_excl,a,2025-01-15T00:01:40Z,r
window_excl,b,2025-01-22T00:01:41Z,r
later_start,a,2025-01-15T00:00:00Z,r
later_start,b,2025-01-17T00:00:00Z,r
later_start,a,2025-01-25T00:00:00Z,r
later_start,b,2025-01-26T00:00:00Z,r
later_start,c,2025-01-27T00:00:00Z,r
keeps_earlier,a,2025-01-15T00:00:00Z,r
keeps_earlier,b,2025-01-15T01:00:00Z,r
keeps_earlier,c,2025-01-15T02:00:00Z,r
keeps_earlier,a,2025-01-20T00:00:00Z,r
keeps_earlier,b,2025-01-20T01:00:00Z,r
ties,d,2025-01-15T00:00:50Z,r
ties,c,2025-01-15T00:00:50Z,r
ties,b,2025-01-15T00:00:50Z,r
ties,a,2025-01-15T00:00:50Z,r
tie_at_edge,a,2025-01-15T00:00:00Z,r
tie_at_edge,c,2025-01-22T00:00:00Z,r
tie_at_edge,b,2025-01-22T00:00:00Z,r
tie_at_edge,d,2025-01-22T00:00:01Z,r
tie_reversed,b,2025-01-15T00:00:00Z,r
tie_reversed,a,2025-01-15T00:00:00Z,r
tie_chain,a,2025-01-15T00:00:00Z,r
tie_chain,b,2025-01-15T00:00:00Z,r
tie_chain,a,2025-01-15T00:00:00Z,r
tie_chain,c,2025-01-15T00:00:00Z,r
many_starts,a,2025-01-15T00:00:00Z,r
many_starts,a,2025-01-16T00:00:00Z,r
many_starts,a,2025-01-17T00:00:00Z,r
many_starts,b,2025-01-24T00:00:00Z,r
many_starts,c,2025-01-24T00:00:01Z,r
not_entered,b,2025-01-15T00:00:00Z,r
not_entered,c,2025-01-15T00:00:10Z,r
dups,a,2025-01-15T00:00:00Z,r
dups,a,2025-01-15T00:00:00Z,r
dups,a,2025-01-15 05:30:00+05:30,r
dups,b,2025-01-15T00:00:05Z,r
dups,b,2025-01-15T00:00:06.250Z,r
unknown_pages,a,2025-01-15T00:00:00Z,r
unknown_pages,help,2025-01-15T00:00:01Z,r
unknown_pages,zzz,2025-01-15T00:00:02Z,r
ghost,a,2025-01-15T00:00:00Z,r
ghost,zzz,2025-01-15T00:00:00Z,r
7,a,2025-01-15T00:00:00Z,r
007,a,2025-01-15T00:00:00Z,r
month_later,a,2025-01-31T01:00:00Z,r
month_later,a,2025-02-20T00:00:00Z,r
month_later,b,2025-02-21T00:00:00Z,r
month_later,c,2025-02-22T00:00,r
tz_edge,a,2025-01-31T23:30:00Z,r
tz_edge,b,2025-02-28T20:00:00-05:00,r
dup_user,a,2025-01-15T00:00:00Z,r
dup_user,b,2025-01-15T00:10:00Z,r
before_signup,a,2025-01-20T10:59:59Z,r
before_signup,a,2025-01-20T11:00:00Z,r
before_signup,b,2025-01-21,r
all_before_signup,a,2025-02-01,r
y2040,a,2040-06-01T00:00:00Z,r
y2040,b,2040-06-01T00:01:00Z,r
q_comma,a,2025-01-15T00:00:00Z,r
q_comma,b,2025-01-15T00:00:01Z,r
q_quote,a,2025-01-15T00:00:00Z,r
q_lead,a,2025-01-15T00:00:00Z,r
q_trail,a,2025-01-15T00:00:00Z,r
q_trail,b,2025-01-15T00:00:00Z,r
q_utf8,a,2025-01-15T00:00:00Z,r
q_empty,a,2025-01-15T00:00:00Z,r
q_empty,c,2025-01-15T00:00:00Z,r
q_backslash,a,2025-01-15T00:00:00Z,r
s_words,a,2025-01-15T00:00:00Z,r
s_words,b,2025-01-16T00:00:00Z,r
s_empty,a,2025-01-15T00:00:00Z,r
s_badday,a,2025-01-15T00:00:00Z,r
s_1969,a,1970-01-01T00:30:00Z,r
s_1969,b,1970-01-01T01:00:00Z,r
s_1969,c,1970-01-02T00:00:00Z,r
s_2200,a,2025-01-15T00:00:00Z,r
s_2200,b,2025-01-15T00:00:01Z,r
s_hhmm,a,2025-01-20T06:29:59Z,r
s_hhmm,b,2025-01-20T06:30:00Z,r
s_nosec,a,2025-01-20T11:59:59Z,r
s_nosec,b,2025-01-20T12:00:00Z,r
s_frac,a,2025-01-20T11:59:58Z,r
s_frac,b,2025-01-20T11:59:59Z,r
s_badzone,a,2025-01-15T00:00:00Z,r
EOF
