//! A calendar date without time or time zone, with the small amount of civil-calendar
//! arithmetic the expression functions need (proleptic Gregorian calendar).

use std::fmt;
use std::str::FromStr;

/// The first year a [`Date`] can hold.
pub const MIN_YEAR: i32 = 0;
/// The last year a [`Date`] can hold (so that every date prints as `YYYY-MM-DD`).
pub const MAX_YEAR: i32 = 9999;

/// A calendar date (year, month 1–12, day 1–31), always valid.
///
/// Ordering is chronological. Printed as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a date (expected YYYY-MM-DD)")]
pub struct DateParseError {
    text: String,
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (month 1–12).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Years start in March so that the leap day is the last day of the year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date (year, month, day) of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl Date {
    /// 1 January 1970, the day counting starts from.
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date `year-month-day`, or `None` when it does not exist (or the year is outside
    /// [`MIN_YEAR`]..=[`MAX_YEAR`]).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Reads a date from text: `YYYY-MM-DD`, `YYYY-MM` (the first of the month), or an ISO
    /// date-time such as `2024-05-01T10:30:00Z` or `2024-05-01 10:30` (the date part is
    /// taken as is; the time and any time zone are ignored). `/` is accepted instead of `-`,
    /// and month and day may have one digit. Surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let (year, month, day) = date_parts(text)?;
        Date::new(year, month, day)
    }

    /// [`Date::parse`] as JavaScript's `Date` reads dates: a day beyond the end of its
    /// month (up to 31) rolls over into the next month (`2024-02-30` is 1 March 2024).
    pub(crate) fn parse_rolling(text: &str) -> Option<Date> {
        let (year, month, day) = date_parts(text)?;
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            Date::new(year, month, 1)?.add_days(i64::from(day) - 1)
        } else {
            None
        }
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Keep the arithmetic far away from overflow; anything outside this is out of range.
        if days.unsigned_abs() > 10_000_000 {
            return None;
        }
        let (year, month, day) = civil_from_days(days);
        Date::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// The number of days from 1970-01-01 to this date (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// This date moved by `days` days; `None` when the result is out of range.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// This date moved by `months` months. When the day does not exist in the target month
    /// it becomes the month's last day (2024-01-31 + 1 month = 2024-02-29).
    pub fn add_months(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year)
            .checked_mul(12)?
            .checked_add(i64::from(self.month) - 1)?
            .checked_add(months)?;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
        let day = self.day().min(days_in_month(year, month));
        Date::new(year, month, day)
    }

    /// This date moved by `years` years (29 February becomes 28 February in a common year).
    pub fn add_years(self, years: i64) -> Option<Date> {
        self.add_months(years.checked_mul(12)?)
    }

    /// The number of days from this date to `other` (negative when `other` is earlier).
    pub fn days_between(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// The number of whole months from this date to `other` (negative when `other` is
    /// earlier): a month counts once the day of the month is reached, as SurveyJS counts.
    pub fn months_between(self, other: Date) -> i64 {
        let mut months = (i64::from(other.year) - i64::from(self.year)) * 12
            + (i64::from(other.month) - i64::from(self.month));
        if other.day < self.day {
            months -= 1;
        }
        months
    }

    /// The day of the week: 0 = Sunday, 1 = Monday, …, 6 = Saturday (as JavaScript counts).
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        let weekday = (self.days_since_epoch() + 4).rem_euclid(7);
        u32::try_from(weekday).unwrap_or(0)
    }
}

/// A date with a time of day, for the few functions that work in hours, minutes and
/// seconds (`dateAdd`, `dateDiff`). Time zones are ignored: the clock time is taken as
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DateTime {
    pub date: Date,
    /// Seconds since midnight, `0..86_400`.
    pub seconds: u32,
}

const SECONDS_PER_DAY: i64 = 86_400;

impl DateTime {
    /// Midnight of `date`.
    pub fn midnight(date: Date) -> DateTime {
        DateTime { date, seconds: 0 }
    }

    /// Reads a date ([`Date::parse_rolling`]) and the time after it, if any: `HH:MM`, `HH:MM:SS`
    /// and fractions of a second (dropped), after `T` or a space. Anything after the time
    /// (a zone such as `Z` or `+07:00`) is ignored.
    pub fn parse(text: &str) -> Option<DateTime> {
        let date = Date::parse_rolling(text)?;
        let text = text.trim();
        let Some(at) = text.find(['T', 't', ' ']) else {
            return Some(DateTime::midnight(date));
        };
        let bytes = text.as_bytes();
        let (hours, i) = read_digits(bytes, at + 1, 1, 2)?;
        let (minutes, i) = match bytes.get(i) {
            Some(b':') => read_digits(bytes, i + 1, 2, 2)?,
            _ => (0, i),
        };
        let seconds = match bytes.get(i) {
            Some(b':') => read_digits(bytes, i + 1, 2, 2)?.0,
            _ => 0,
        };
        if hours > 23 || minutes > 59 || seconds > 59 {
            return None;
        }
        Some(DateTime {
            date,
            seconds: hours * 3600 + minutes * 60 + seconds,
        })
    }

    /// Seconds since 1970-01-01 00:00.
    pub fn seconds_since_epoch(self) -> i64 {
        self.date.days_since_epoch() * SECONDS_PER_DAY + i64::from(self.seconds)
    }

    /// The date-time `seconds` seconds after 1970-01-01 00:00.
    pub fn from_seconds_since_epoch(seconds: i64) -> Option<DateTime> {
        let date = Date::from_days_since_epoch(seconds.div_euclid(SECONDS_PER_DAY))?;
        let seconds = u32::try_from(seconds.rem_euclid(SECONDS_PER_DAY)).ok()?;
        Some(DateTime { date, seconds })
    }

    /// Moved by `seconds` seconds.
    pub fn add_seconds(self, seconds: i64) -> Option<DateTime> {
        DateTime::from_seconds_since_epoch(self.seconds_since_epoch().checked_add(seconds)?)
    }

    /// Moved by `months` months the way JavaScript's `setMonth` does: a day beyond the end
    /// of the target month rolls over into the next (31 January + 1 month is 2 or 3 March).
    pub fn add_months_rolling(self, months: i64) -> Option<DateTime> {
        let index = i64::from(self.date.year())
            .checked_mul(12)?
            .checked_add(i64::from(self.date.month()) - 1)?
            .checked_add(months)?;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
        let first = Date::new(year, month, 1)?;
        Some(DateTime {
            date: first.add_days(i64::from(self.date.day()) - 1)?,
            seconds: self.seconds,
        })
    }
}

impl fmt::Display for DateTime {
    /// `YYYY-MM-DDTHH:MM:SS`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        write!(f, "{}T{h:02}:{m:02}:{s:02}", self.date)
    }
}

/// The year, month and day written at the start of `text` (see [`Date::parse`] for the
/// forms), not yet checked against the calendar.
fn date_parts(text: &str) -> Option<(i32, u32, u32)> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let (year, mut i) = read_digits(bytes, 0, 4, 4)?;
    let separator = *bytes.get(i)?;
    if separator != b'-' && separator != b'/' {
        return None;
    }
    let (month, next) = read_digits(bytes, i + 1, 1, 2)?;
    i = next;
    let day = match bytes.get(i) {
        None => 1,
        Some(&c) if c == separator => {
            let (day, next) = read_digits(bytes, i + 1, 1, 2)?;
            i = next;
            day
        }
        Some(_) => return None,
    };
    match bytes.get(i) {
        None => {}
        // A time part: it must start with a digit (`T10:30`, ` 10:30`).
        Some(b'T' | b't' | b' ') if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
        Some(_) => return None,
    }
    Some((i32::try_from(year).ok()?, month, day))
}

/// Reads `min..=max` ASCII digits at `start`; returns the number and the index after them.
fn read_digits(bytes: &[u8], start: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut i = start;
    while i < bytes.len() && i - start < max && bytes[i].is_ascii_digit() {
        value = value * 10 + u32::from(bytes[i] - b'0');
        i += 1;
    }
    if i - start < min {
        return None;
    }
    Some((value, i))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Date, DateParseError> {
        Date::parse(text).ok_or_else(|| DateParseError {
            text: text.to_owned(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_the_usual_forms() {
        assert_eq!(d("2024-05-01"), Date::new(2024, 5, 1).unwrap());
        assert_eq!(d("2024-05"), Date::new(2024, 5, 1).unwrap());
        assert_eq!(d("2024-5-7"), Date::new(2024, 5, 7).unwrap());
        assert_eq!(d("2024/05/01"), Date::new(2024, 5, 1).unwrap());
        assert_eq!(
            d(" 2024-05-01T23:59:59.123Z "),
            Date::new(2024, 5, 1).unwrap()
        );
        assert_eq!(d("2024-05-01 10:30"), Date::new(2024, 5, 1).unwrap());
        assert_eq!(
            d("2024-05-01T00:00:00+07:00"),
            Date::new(2024, 5, 1).unwrap()
        );
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "",
            "2024",
            "2024-13-01",
            "2024-02-30",
            "2023-02-29",
            "2024-00-10",
            "20240501",
            "2024-05-01x",
            "2024-05/01",
            "abc",
            "12345-01-01",
            "2024-05-01T",
        ] {
            assert!(Date::parse(text).is_none(), "{text}");
        }
        assert!("nope".parse::<Date>().is_err());
        assert_eq!(
            "nope".parse::<Date>().unwrap_err().to_string(),
            "'nope' is not a date (expected YYYY-MM-DD)"
        );
    }

    #[test]
    fn displays_as_iso() {
        assert_eq!(d("2024-5-7").to_string(), "2024-05-07");
        assert_eq!(Date::new(33, 1, 2).unwrap().to_string(), "0033-01-02");
    }

    #[test]
    fn epoch_round_trip() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        for days in (-719_528..2_932_896).step_by(997) {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(-719_529), None);
        assert_eq!(Date::from_days_since_epoch(2_932_897), None);
    }

    #[test]
    fn adds_days_months_years() {
        assert_eq!(d("2024-02-28").add_days(1), Some(d("2024-02-29")));
        assert_eq!(d("2024-02-29").add_days(1), Some(d("2024-03-01")));
        assert_eq!(d("2024-01-01").add_days(-1), Some(d("2023-12-31")));
        assert_eq!(d("2024-01-31").add_months(1), Some(d("2024-02-29")));
        assert_eq!(d("2024-03-31").add_months(-1), Some(d("2024-02-29")));
        assert_eq!(d("2024-11-15").add_months(3), Some(d("2025-02-15")));
        assert_eq!(d("2024-02-29").add_years(1), Some(d("2025-02-28")));
        assert_eq!(d("2024-02-29").add_years(4), Some(d("2028-02-29")));
        assert_eq!(d("9999-12-31").add_days(1), None);
        assert_eq!(d("2024-01-01").add_years(i64::MAX), None);
        assert_eq!(d("2024-01-01").add_days(i64::MIN), None);
    }

    #[test]
    fn differences() {
        assert_eq!(d("2024-01-01").days_between(d("2024-03-01")), 60);
        assert_eq!(d("2024-03-01").days_between(d("2024-01-01")), -60);
        assert_eq!(d("2000-05-10").months_between(d("2024-05-09")), 287);
        assert_eq!(d("2000-05-10").months_between(d("2024-05-10")), 288);
        assert_eq!(d("2024-05-10").months_between(d("2024-04-11")), -1);
    }

    #[test]
    fn weekdays() {
        assert_eq!(d("1970-01-01").weekday(), 4);
        assert_eq!(d("2024-05-05").weekday(), 0);
        assert_eq!(d("2024-05-06").weekday(), 1);
        assert_eq!(d("1969-12-27").weekday(), 6);
    }

    #[test]
    fn rolling_dates() {
        assert_eq!(Date::parse_rolling("2024-02-30"), Some(d("2024-03-01")));
        assert_eq!(Date::parse_rolling("2023-02-29"), Some(d("2023-03-01")));
        assert_eq!(Date::parse_rolling("2024/04/31"), Some(d("2024-05-01")));
        assert_eq!(Date::parse_rolling("2024-05-15"), Some(d("2024-05-15")));
        assert_eq!(Date::parse_rolling("2024-02-32"), None);
        assert_eq!(Date::parse_rolling("2024-13-01"), None);
        assert_eq!(Date::parse_rolling("2024-00-10"), None);
        // The strict reading is unchanged.
        assert_eq!(Date::parse("2024-02-30"), None);
    }

    #[test]
    fn date_times() {
        let t = DateTime::parse("2026-02-28T23:30:15.5Z").unwrap();
        assert_eq!((t.date, t.seconds), (d("2026-02-28"), 84_615));
        assert_eq!(DateTime::parse("2026-02-28 7:05").unwrap().seconds, 25_500);
        assert_eq!(DateTime::parse("2026-02-28").unwrap().seconds, 0);
        assert_eq!(DateTime::parse("2026-02-28T24:00"), None);
        assert_eq!(
            t.add_seconds(1800).unwrap().to_string(),
            "2026-03-01T00:00:15"
        );
        assert_eq!(
            DateTime::parse("2021-01-31").unwrap().add_months_rolling(1),
            DateTime::parse("2021-03-03")
        );
        assert_eq!(
            DateTime::parse("2020-02-29")
                .unwrap()
                .add_months_rolling(-24),
            DateTime::parse("2018-03-01")
        );
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2024));
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 13), 0);
    }
}
