//! The sync protocol between the app and the collector server: the JSON the app sends and the
//! server answers, shared by both sides so they cannot drift apart.
//!
//! The whole protocol — endpoints, authentication, every status and HTTP code, limits, retry
//! rules — is written down in `docs/sync-protocol.md`. This module holds its types and the
//! decisions that are pure logic:
//!
//! - [`Submission`]: one finished survey as the app sends it, with [`Submission::read`], the
//!   strict reader the server uses (every problem named, in the submission's language);
//! - [`read_batch`]: the body of `POST /api/v1/submissions`, or what is wrong with it;
//! - [`decide`]: `accepted` / `revised` / `duplicate` / `conflict` from what is stored;
//! - [`ItemResult`] and [`Status`]: the server's answer per submission;
//! - [`Principal`] and [`Role`]: what a token may do (enterprises only their own tax code);
//! - [`FormSummary`], [`PublishedForm`] and [`etag_matches`]: the published forms;
//! - [`Invitation`]: the link that opens the app with a server, a token and a form.

mod access;
mod batch;
mod decision;
mod forms;
mod invitation;
mod messages;
mod outbox;
mod result;
mod submission;
mod text;

pub use access::{Denied, Principal, Role, UnknownRole, tax_code_of};
pub use batch::{BatchRequest, MalformedBatch, read_batch};
pub use decision::{Decision, Existing, decide};
pub use forms::{FormList, FormSummary, PublishedForm, etag_matches, version_text};
pub use invitation::{INVITATION_PATH, Invitation, InvitationError};
pub use messages::{Expected, Problem};
pub use outbox::{
    BATCH_SIZE, FIRST_RETRY_MS, MAX_RETRY_MS, apply_response, apply_result, pending,
    retry_delay_ms, submission_of,
};
pub use result::{ApiError, BatchResponse, ItemError, ItemResult, Status};
pub use submission::Submission;
pub use text::{is_timestamp, is_uuid, percent_decode, percent_encode};

/// Where the API lives under the server's address.
pub const API_PREFIX: &str = "/api/v1";

/// The answer holding an enterprise's tax code (mã số thuế). Forms whose submissions belong to
/// an enterprise name their tax code question `tax_code`; an enterprise token may only submit
/// and read submissions whose `tax_code` answer is its own.
pub const TAX_CODE_ANSWER: &str = "tax_code";

/// Default most submissions in one batch (`pq serve --max-batch-items`).
pub const DEFAULT_MAX_BATCH_ITEMS: usize = 500;

/// Default most bytes in one batch's body (`pq serve --max-batch-bytes`): 10 MiB.
pub const DEFAULT_MAX_BATCH_BYTES: usize = 10 * 1024 * 1024;
