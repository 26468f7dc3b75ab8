//! PQ Survey's engine: everything that is logic, with no web dependencies.
//!
//! The same code runs in the browser (compiled to WebAssembly inside the app) and on the
//! collector server, so a submission is judged identically in both places.

pub mod compile;
pub mod display;
pub mod embed;
pub mod expression;
pub mod form;
pub mod ids;
pub mod indicators;
pub mod records;
pub mod session;
pub mod state;
pub mod submission;
pub mod sync;
pub mod validation;

/// The product's name, as shown to people.
pub const PRODUCT_NAME: &str = "PQ Survey";
