//! Today's date for commands: given on the command line, or the system's.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pq_core::expression::Date;

use crate::ServerError;

const SECONDS_PER_DAY: u64 = 86_400;

/// `--today`, or the system's current date (UTC).
pub fn today_or(given: Option<Date>) -> Result<Date, ServerError> {
    given.map_or_else(system_today, Ok)
}

/// The current time as RFC 3339 in UTC with milliseconds, e.g. `2025-06-01T08:30:12.345Z`
/// (what `received_at`, `published_at` and `created_at` hold).
pub fn now_rfc3339() -> Result<String, ServerError> {
    rfc3339_in(Duration::ZERO)
}

/// The time `ahead` from now, written as [`now_rfc3339`] writes it (so such times compare
/// as text).
pub fn rfc3339_in(ahead: Duration) -> Result<String, ServerError> {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ServerError::Clock)?
        + ahead;
    let seconds = since.as_secs();
    let days = i64::try_from(seconds / SECONDS_PER_DAY).map_err(|_| ServerError::Clock)?;
    let date = Date::from_days_since_epoch(days).ok_or(ServerError::Clock)?;
    let in_day = seconds % SECONDS_PER_DAY;
    Ok(format!(
        "{date}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60,
        since.subsec_millis()
    ))
}

/// Seconds since 1970-01-01T00:00:00Z now.
pub fn now_seconds() -> Result<i64, ServerError> {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ServerError::Clock)?;
    i64::try_from(since.as_secs()).map_err(|_| ServerError::Clock)
}

/// The instant an RFC 3339 date-time names (`2025-06-01T15:30:00.125+07:00`), in whole
/// seconds since 1970-01-01T00:00:00Z; `None` when `text` is not one
/// ([`pq_core::sync::is_timestamp`]).
pub fn seconds_of_timestamp(text: &str) -> Option<i64> {
    if !pq_core::sync::is_timestamp(text) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> { text.get(range)?.parse().ok() };
    let date = Date::parse(text.get(..10)?)?;
    let local = date.days_since_epoch() * 86_400
        + number(11..13)? * 3600
        + number(14..16)? * 60
        + number(17..19)?;
    // The zone is the text's tail: `Z`, or `±hh:mm`.
    let zone = text.get(text.len() - 6..)?;
    let offset = match zone.as_bytes().first() {
        Some(&sign @ (b'+' | b'-')) => {
            let minutes =
                number(text.len() - 5..text.len() - 3)? * 60 + number(text.len() - 2..text.len())?;
            if sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => 0,
    };
    Some(local - offset)
}

pub fn system_today() -> Result<Date, ServerError> {
    let days = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs() / SECONDS_PER_DAY).ok(),
        Err(before) => i64::try_from(before.duration().as_secs().div_ceil(SECONDS_PER_DAY))
            .ok()
            .map(|days| -days),
    };
    days.and_then(Date::from_days_since_epoch)
        .ok_or(ServerError::Clock)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_system_date_is_a_plausible_date() {
        let today = super::system_today().ok();
        assert!(today.is_some_and(|d| d.year() >= 2024), "{today:?}");
    }

    #[test]
    fn timestamps_are_read_with_their_zone() {
        use super::seconds_of_timestamp as at;
        assert_eq!(at("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(at("2025-06-01T08:30:00Z"), Some(1_748_766_600));
        assert_eq!(at("2025-06-01T15:30:00.125+07:00"), Some(1_748_766_600));
        assert_eq!(at("2025-06-01T05:00:00-03:30"), Some(1_748_766_600));
        assert_eq!(at("2025-06-01"), None);
        assert_eq!(at("2025-06-01T08:30:00"), None);
    }

    #[test]
    fn now_is_an_rfc3339_timestamp_of_today() {
        let now = super::now_rfc3339().ok().unwrap_or_default();
        assert!(pq_core::sync::is_timestamp(&now), "{now}");
        assert_eq!(now.len(), 24, "{now}");
        let today = super::system_today().ok().map(|d| d.to_string());
        assert!(today.is_some_and(|t| now.starts_with(&t)), "{now}");
    }
}
