//! Dates: what a document's date says, read from the forms news sites write.
//!
//! A date gives two numbers ([`DocDate`]): its *day*, the calendar day as written, in its own
//! time zone (so an article of 2020-05-28 23:30+03:00 is of the 28th, as its readers saw it),
//! for date ranges; and its *instant* in UTC seconds, for sorting newest first.
//!
//! Accepted ([`parse`]):
//!
//! | form | example |
//! |---|---|
//! | ISO 8601 date | `2020-05-28`, `2020/05/28` |
//! | ISO 8601 date and time, `T` or a space, optional seconds and fraction | `2020-05-28T14:03:09.5`, `2020-05-28 14:03` |
//! | … with a zone | `Z`, `+03:00`, `+0300`, `+03`, ` +0300` (YAML), ` UTC`, ` GMT` |
//! | RFC 2822 (RSS) | `Thu, 28 May 2020 14:03:00 +0300` |
//!
//! A time without a zone is taken as UTC. Years outside 1800–2100 are refused as typos
//! («2207-01-16» in a news archive is not a date in the 23rd century).

use std::fmt;

/// A document's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocDate {
    /// The day as written, in days since 1970-01-01 (negative before).
    pub day: i32,
    /// The instant, in seconds since 1970-01-01T00:00:00Z.
    pub instant: i64,
}

/// Why a date could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// The date as written.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read the date {:?}: {}; write it as YYYY-MM-DD, optionally with a time and a zone \
             (2020-05-28T14:03:00+03:00)",
            self.text, self.reason
        )
    }
}

impl std::error::Error for DateError {}

/// The earliest and latest years a document date may have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1800..=2100;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number (see [`days_from_civil`]).
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The number of days in a month.
pub fn month_days(y: i32, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD` of a day number.
pub fn iso_day(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A cursor over the date text.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i < self.b.len() && self.i - start < max && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i - start < min {
            self.i = start;
            return None;
        }
        let mut v = 0u32;
        for &c in &self.b[start..self.i] {
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn spaces(&mut self) {
        while self.b.get(self.i) == Some(&b' ') {
            self.i += 1;
        }
    }
    fn rest(&self) -> &[u8] {
        &self.b[self.i..]
    }
}

/// The day of a date written exactly `YYYY-MM-DD` (what a date range, an API option or a URL
/// gives): small enough for the browser, which needs nothing more.
pub fn parse_day(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
    let ok = YEARS.contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= month_days(y, m);
    ok.then(|| days_from_civil(y, m, d))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a date (see the module documentation for the forms).
pub fn parse(text: &str) -> Result<DocDate, DateError> {
    let err = |reason| DateError { text: text.to_string(), reason };
    let t = text.trim();
    if t.is_empty() {
        return Err(err("it is empty"));
    }
    // RFC 2822: an optional weekday, then "28 May 2020".
    let b = t.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rfc = b[0].is_ascii_alphabetic() || ((1..=2).contains(&lead) && b.get(lead) == Some(&b' '));
    let (y, m, d, mut c) = if rfc {
        let s = t.split_once(", ").map_or(t, |(_, rest)| rest);
        let mut parts = s.splitn(4, ' ');
        let (Some(dd), Some(mon), Some(yy)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(err("it is not a date"));
        };
        let d: u32 = dd.parse().map_err(|_| err("the day is not a number"))?;
        let m = MONTHS
            .iter()
            .position(|x| mon.eq_ignore_ascii_case(x) || (mon.len() == 3 && mon.eq_ignore_ascii_case(&x[..3])))
            .ok_or_else(|| err("the month is not a month name"))? as u32
            + 1;
        let y: i32 = yy.parse().map_err(|_| err("the year is not a number"))?;
        // The cursor stands on the space before the time, if there is one.
        let at = dd.len() + mon.len() + yy.len() + 2;
        (y, m, d, Cursor { b: &s.as_bytes()[at.min(s.len())..], i: 0 })
    } else {
        let mut c = Cursor { b, i: 0 };
        let y = c.digits(4, 4).ok_or_else(|| err("it does not start with a four-digit year"))? as i32;
        let sep = if c.eat(b'-') {
            b'-'
        } else if c.eat(b'/') {
            b'/'
        } else {
            return Err(err("the year is not followed by - or /"));
        };
        let m = c.digits(1, 2).ok_or_else(|| err("the month is not a number"))?;
        if !c.eat(sep) {
            return Err(err("the month is not followed by the day"));
        }
        let d = c.digits(1, 2).ok_or_else(|| err("the day is not a number"))?;
        (y, m, d, c)
    };
    if !YEARS.contains(&y) {
        return Err(err("the year is outside 1800–2100"));
    }
    if !(1..=12).contains(&m) {
        return Err(err("the month is not between 1 and 12"));
    }
    if d == 0 || d > month_days(y, m) {
        return Err(err("the day does not exist in that month"));
    }
    let day = days_from_civil(y, m, d);
    // The time, if any.
    let mut secs = 0i64;
    if c.eat(b'T')
        || c.eat(b't')
        || (c.rest().first() == Some(&b' ') && c.rest().get(1).is_some_and(u8::is_ascii_digit))
    {
        c.spaces();
        let h = c.digits(2, 2).ok_or_else(|| err("the hour is not two digits"))?;
        if !c.eat(b':') {
            return Err(err("the hour is not followed by minutes"));
        }
        let mi = c.digits(2, 2).ok_or_else(|| err("the minutes are not two digits"))?;
        let mut s = 0;
        if c.eat(b':') {
            s = c.digits(2, 2).ok_or_else(|| err("the seconds are not two digits"))?;
            if c.eat(b'.') || c.eat(b',') {
                c.digits(1, 9).ok_or_else(|| err("the fraction of a second is not a number"))?;
            }
        }
        if h > 23 || mi > 59 || s > 60 {
            return Err(err("the time of day does not exist"));
        }
        secs = i64::from(h * 3600 + mi * 60 + s.min(59));
    }
    // The zone, if any.
    c.spaces();
    let mut offset = 0i64;
    match c.rest() {
        [] => {}
        [b'Z' | b'z'] => c.i += 1,
        r if r.eq_ignore_ascii_case(b"UTC") || r.eq_ignore_ascii_case(b"GMT") => c.i += 3,
        [sign @ (b'+' | b'-'), ..] => {
            let neg = *sign == b'-';
            c.i += 1;
            let hh = c.digits(2, 2).ok_or_else(|| err("the zone's hours are not two digits"))?;
            c.eat(b':');
            let mm = c.digits(2, 2).unwrap_or(0);
            if hh > 14 || mm > 59 {
                return Err(err("the zone offset does not exist"));
            }
            offset = i64::from(hh * 3600 + mm * 60) * if neg { -1 } else { 1 };
        }
        _ => return Err(err("something follows the date that is not a time or a zone")),
    }
    if !c.rest().is_empty() {
        return Err(err("something follows the zone"));
    }
    Ok(DocDate { day, instant: i64::from(day) * 86_400 + secs - offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_every_day_of_four_centuries() {
        let mut expect = days_from_civil(1800, 1, 1);
        for y in 1800..=2200 {
            for m in 1..=12 {
                for d in 1..=month_days(y, m) {
                    let n = days_from_civil(y, m, d);
                    assert_eq!(n, expect, "{y}-{m}-{d}");
                    assert_eq!(civil_from_days(n), (y, m, d));
                    expect += 1;
                }
            }
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(iso_day(18_410), "2020-05-28");
    }

    fn day(s: &str) -> String {
        iso_day(parse(s).unwrap_or_else(|e| panic!("{e}")).day)
    }

    #[test]
    fn the_forms_news_sites_write() {
        for (s, want) in [
            ("2020-05-28", "2020-05-28"),
            ("2020/5/8", "2020-05-08"),
            ("2020-05-28 14:03", "2020-05-28"),
            ("2020-05-28T14:03:09.123Z", "2020-05-28"),
            ("2020-05-28T23:30:00+03:00", "2020-05-28"),
            ("2020-05-28T01:30:00-05:00", "2020-05-28"),
            ("2024-03-05 10:30:00 +0300", "2024-03-05"),
            ("2024-03-05T10:30:00+03", "2024-03-05"),
            ("Thu, 28 May 2020 14:03:00 +0300", "2020-05-28"),
            ("28 May 2020 14:03:00 GMT", "2020-05-28"),
            ("  2020-02-29  ", "2020-02-29"),
        ] {
            assert_eq!(day(s), want, "{s}");
        }
    }

    #[test]
    fn the_day_is_local_and_the_instant_utc() {
        let late = parse("2020-05-28T23:30:00+03:00").unwrap();
        let early = parse("2020-05-28T21:00:00Z").unwrap();
        assert_eq!(late.day, early.day);
        assert!(late.instant < early.instant, "23:30 in Baghdad is 20:30 UTC");
        assert_eq!(parse("2020-05-28").unwrap().instant, i64::from(parse("2020-05-28").unwrap().day) * 86_400);
        assert_eq!(parse("Thu, 28 May 2020 14:03:00 +0300").unwrap(), parse("2020-05-28T14:03:00+03:00").unwrap());
    }

    #[test]
    fn days_written_exactly() {
        assert_eq!(parse_day("2020-05-28"), Some(parse("2020-05-28").unwrap().day));
        for bad in ["2020-5-28", "2020-02-30", "28-05-2020", "2020-05-28T10:00", "2207-01-01", "٢٠٢٠-٠٥-٢٨", ""]
        {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_dates_say_why() {
        for (s, why) in [
            ("2207-20-16", "1800–2100"),
            ("2021-13-01", "month"),
            ("2021-02-29", "does not exist"),
            ("2021-04-31", "does not exist"),
            ("2020-05-28T25:00", "time of day"),
            ("2020-05-28T10", "minutes"),
            ("28/05/2020", "four-digit year"),
            ("يوم الخميس", "four-digit year"),
            ("2020-05-28 ظهرا", "follows the date"),
            ("", "empty"),
            ("Thu, 28 Mayo 2020", "month"),
        ] {
            let e = parse(s).unwrap_err();
            assert!(e.to_string().contains(why), "{s}: {e}");
            assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
        }
    }
}
