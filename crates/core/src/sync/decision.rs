//! What to do with a submission given what is already stored under its id.

use super::messages::Problem;
use super::result::Status;
use super::submission::Submission;

/// What the server holds for a submission's id.
#[derive(Debug, Clone, Copy)]
pub struct Existing<'a> {
    /// The newest stored revision.
    pub latest_revision: u32,
    /// The stored revision with the incoming submission's revision number, if there is one.
    pub same_revision: Option<&'a Submission>,
}

/// The decision on one well-formed submission, before its answers are judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing is stored under this id: judge the answers, then store (`accepted`).
    Accept,
    /// A newer revision of a stored id: judge the answers, then store (`revised`).
    Revise,
    /// Stored exactly so already: write nothing (`duplicate`).
    Duplicate,
    /// Write nothing (`conflict`), for the reason given.
    Conflict(Problem),
}

impl Decision {
    /// The status of the result when the answers are valid and the write succeeds.
    pub fn status(&self) -> Status {
        match self {
            Self::Accept => Status::Accepted,
            Self::Revise => Status::Revised,
            Self::Duplicate => Status::Duplicate,
            Self::Conflict(_) => Status::Conflict,
        }
    }

    /// True when the submission is to be judged and stored.
    pub fn stores(&self) -> bool {
        matches!(self, Self::Accept | Self::Revise)
    }
}

/// Decides on `incoming` from what is stored under its id:
///
/// - nothing stored → [`Decision::Accept`] (whatever the revision: an edit before the first
///   send is still the first the server sees);
/// - the same revision stored with the same content → [`Decision::Duplicate`] (a retry);
/// - the same revision stored with other content → conflict;
/// - a revision above the newest stored → [`Decision::Revise`];
/// - a revision below the newest, never stored → conflict (it would be older than what the
///   server holds).
///
/// Duplicates are decided before the answers are judged again, so a retry gets the same
/// answer even when the form's date-dependent rules would now judge differently.
pub fn decide(incoming: &Submission, existing: Option<Existing<'_>>) -> Decision {
    let Some(existing) = existing else {
        return Decision::Accept;
    };
    let latest = existing.latest_revision;
    match existing.same_revision {
        Some(stored) if stored.same_content(incoming) => Decision::Duplicate,
        Some(_) => Decision::Conflict(Problem::ConflictingContent {
            revision: incoming.revision,
            latest,
        }),
        None if incoming.revision > latest => Decision::Revise,
        None => Decision::Conflict(Problem::StaleRevision {
            revision: incoming.revision,
            latest,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn submission(revision: u32, employees: i64) -> Submission {
        Submission {
            id: "0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d".into(),
            form_id: "enterprise".into(),
            form_version: "1".into(),
            revision,
            answers: json!({"employees": employees}).as_object().unwrap().clone(),
            locale: "en".into(),
            started_at: "2025-06-01T08:30:00Z".into(),
            updated_at: "2025-06-01T09:00:00Z".into(),
            device_id: "tablet-07".into(),
        }
    }

    #[test]
    fn nothing_stored_accepts_any_revision() {
        assert_eq!(decide(&submission(1, 5), None), Decision::Accept);
        assert_eq!(decide(&submission(4, 5), None), Decision::Accept);
        assert_eq!(Decision::Accept.status(), Status::Accepted);
        assert!(Decision::Accept.stores());
    }

    #[test]
    fn the_same_revision_is_a_duplicate_or_a_conflict() {
        let stored = submission(1, 5);
        let existing = Existing {
            latest_revision: 1,
            same_revision: Some(&stored),
        };
        let decision = decide(&submission(1, 5), Some(existing));
        assert_eq!(decision, Decision::Duplicate);
        assert!(!decision.stores());
        let decision = decide(&submission(1, 6), Some(existing));
        assert_eq!(
            decision,
            Decision::Conflict(Problem::ConflictingContent {
                revision: 1,
                latest: 1
            })
        );
        assert_eq!(decision.status(), Status::Conflict);
        // An old revision resent unchanged after newer ones is still a duplicate.
        let later = Existing {
            latest_revision: 3,
            same_revision: Some(&stored),
        };
        assert_eq!(decide(&submission(1, 5), Some(later)), Decision::Duplicate);
    }

    #[test]
    fn a_higher_revision_revises_and_a_lower_unknown_one_conflicts() {
        let existing = Existing {
            latest_revision: 2,
            same_revision: None,
        };
        let decision = decide(&submission(3, 9), Some(existing));
        assert_eq!(decision, Decision::Revise);
        assert_eq!(decision.status(), Status::Revised);
        assert_eq!(decide(&submission(7, 9), Some(existing)), Decision::Revise);
        let stale = decide(&submission(1, 9), Some(existing));
        assert_eq!(
            stale,
            Decision::Conflict(Problem::StaleRevision {
                revision: 1,
                latest: 2
            })
        );
        let Decision::Conflict(problem) = stale else {
            unreachable!()
        };
        assert_eq!(
            problem.text("en"),
            "Revision 1 is older than the stored revision 2; nothing was stored. Send the \
             change as revision 3."
        );
    }
}
