//! Today's date for commands: given on the command line, or the system's.

use std::time::{SystemTime, UNIX_EPOCH};

use pq_core::expression::Date;

use crate::ServerError;

const SECONDS_PER_DAY: u64 = 86_400;

/// `--today`, or the system's current date (UTC).
pub fn today_or(given: Option<Date>) -> Result<Date, ServerError> {
    given.map_or_else(system_today, Ok)
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
}
