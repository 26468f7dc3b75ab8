//! Today's date for commands: given on the command line, or the system's.

use std::time::{SystemTime, UNIX_EPOCH};

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
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ServerError::Clock)?;
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
    fn now_is_an_rfc3339_timestamp_of_today() {
        let now = super::now_rfc3339().ok().unwrap_or_default();
        assert!(pq_core::sync::is_timestamp(&now), "{now}");
        assert_eq!(now.len(), 24, "{now}");
        let today = super::system_today().ok().map(|d| d.to_string());
        assert!(today.is_some_and(|t| now.starts_with(&t)), "{now}");
    }
}
