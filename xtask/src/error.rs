//! Errors of the automation, each saying what to do next.

#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    #[error("{0}")]
    Usage(String),
    #[error("cannot run {program}: {source}")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{step} failed ({status})")]
    Failed { step: String, status: String },
    #[error("{0}")]
    Missing(String),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Check(String),
}
