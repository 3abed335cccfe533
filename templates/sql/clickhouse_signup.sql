        -- The signup time of a user (templates/sql/clickhouse_signup.sql, a
        -- partial of the data-quality queries; its items end with a comma), from
        -- its text _fr_s exactly
        -- as generator/base/timestamp.c reads it: YYYY-MM-DD, then an
        -- optional [T ]HH:MM[:SS[.fff]], then an optional Z or +hh[[:]mm],
        -- a real calendar day, UTC for a time without offset. Worked out
        -- with integers (the days-from-civil algorithm), not with the
        -- server's date parser, which would move 2025-02-30 into March, reads
        -- nothing before 1970 and leans on its own rules elsewhere.
        match(_fr_s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$')
            AS _fr_s_form,
        toInt64OrZero(substring(_fr_s, 1, 4)) AS _fr_s_y,
        toInt64OrZero(substring(_fr_s, 6, 2)) AS _fr_s_mo,
        toInt64OrZero(substring(_fr_s, 9, 2)) AS _fr_s_d,
        extract(_fr_s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2})?)') AS _fr_s_hms,
        toInt64OrZero(substring(_fr_s_hms, 1, 2)) AS _fr_s_h,
        toInt64OrZero(substring(_fr_s_hms, 4, 2)) AS _fr_s_mi,
        toInt64OrZero(substring(_fr_s_hms, 7, 2)) AS _fr_s_sec,
        replaceAll(extract(_fr_s, '^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$'), ':', '')
            AS _fr_s_zone,
        toInt64OrZero(substring(_fr_s_zone, 2, 2)) AS _fr_s_oh,
        toInt64OrZero(substring(_fr_s_zone, 4, 2)) AS _fr_s_om,
        (_fr_s_y % 4 = 0 AND _fr_s_y % 100 != 0) OR _fr_s_y % 400 = 0 AS _fr_s_leap,
        _fr_s_y - (_fr_s_mo <= 2) AS _fr_s_cy,
        _fr_s_cy - intDiv(_fr_s_cy, 400) * 400 AS _fr_s_yoe,
        intDiv(_fr_s_cy, 400) * 146097 + _fr_s_yoe * 365 + intDiv(_fr_s_yoe, 4) - intDiv(_fr_s_yoe, 100)
            + intDiv(153 * if(_fr_s_mo > 2, _fr_s_mo - 3, _fr_s_mo + 9) + 2, 5) + _fr_s_d - 1 - 719468 AS _fr_s_days,
        _fr_s_days * 86400 + _fr_s_h * 3600 + _fr_s_mi * 60 + _fr_s_sec
            - if(substring(_fr_s_zone, 1, 1) = '-', -1, 1) * (_fr_s_oh * 3600 + _fr_s_om * 60) AS _fr_signup,
        -- a date a local run reads; an empty value is no signup at all, any
        -- other text an attribute value with no signup time (signup_not_date)
        _fr_s_form AND _fr_s_y >= 1 AND _fr_s_mo BETWEEN 1 AND 12
            AND _fr_s_d BETWEEN 1 AND [31, if(_fr_s_leap, 29, 28), 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][_fr_s_mo]
            AND _fr_s_h <= 23 AND _fr_s_mi <= 59 AND _fr_s_sec <= 59
            AND (_fr_s_oh < 18 OR (_fr_s_oh = 18 AND _fr_s_om = 0)) AND _fr_s_om <= 59
            AND _fr_signup BETWEEN {{time_min}} AND {{time_max}} AS _fr_signup_ok,
