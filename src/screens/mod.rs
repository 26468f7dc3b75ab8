//! The app's screens.

mod done;
mod form;
mod home;
mod settings;

pub use done::DoneScreen;
pub use form::{FormScreen, OpenForm, OpenFormSlot, complete};
pub use home::HomeScreen;
pub use settings::{SettingsScreen, export_all};
