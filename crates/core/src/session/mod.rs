//! A respondent's pass through a form: which page they are on, where "next" and "previous"
//! go, how far along they are, which errors to show, and the review of every answer.
//!
//! Everything the form screen decides lives here, so the app's components only render it.

pub mod edit;
mod review;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::compile::ElementId;
use crate::expression::is_empty;
use crate::state::FormState;
use crate::validation::{ValidationError, validate_element, validate_page};

pub use review::{ReviewItem, display_answer, review};

/// How much of the form is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Visible questions with an answer.
    pub answered: usize,
    /// Visible questions.
    pub total: usize,
}

impl Progress {
    /// Visible questions answered in `state` (computed values and hidden questions left out).
    pub fn of(state: &FormState) -> Progress {
        let form = state.form();
        let mut progress = Progress {
            answered: 0,
            total: 0,
        };
        for (id, info) in form.element_ids() {
            let counts = info.dynamic_panel.is_none()
                && form.element(id).is_some_and(|e| {
                    e.kind.has_value() && !matches!(e.kind, crate::form::ElementKind::Expression(_))
                })
                && state.is_visible(id);
            if counts {
                progress.total += 1;
                if state.value(&info.name).is_some_and(|v| !is_empty(v)) {
                    progress.answered += 1;
                }
            }
        }
        progress
    }

    /// Whole percent, 0–100 (100 for a form without questions).
    pub fn percent(&self) -> u8 {
        if self.total == 0 {
            return 100;
        }
        u8::try_from(self.answered * 100 / self.total).unwrap_or(100)
    }
}

/// Where the respondent is, and which errors they have been shown.
#[derive(Debug, Clone)]
pub struct FormSession {
    state: FormState,
    page: usize,
    /// Elements whose errors are shown: left by the respondent, or checked by "next".
    shown: BTreeSet<ElementId>,
    locale: String,
}

/// What "next" did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Moved to this page.
    Moved(usize),
    /// The last page is done: show the review.
    Review,
    /// Stayed: these errors block; focus the first.
    Blocked(Vec<ValidationError>),
}

impl FormSession {
    /// A session on `state`, resuming at `page` (a saved draft's page; corrected to a visible
    /// one).
    pub fn new(state: FormState, page: usize, locale: &str) -> Self {
        let mut session = FormSession {
            state,
            page,
            shown: BTreeSet::new(),
            locale: locale.to_owned(),
        };
        session.page = session.nearest_visible(page);
        session
    }

    pub fn state(&self) -> &FormState {
        &self.state
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    pub fn set_locale(&mut self, locale: &str) {
        locale.clone_into(&mut self.locale);
    }

    /// The page shown (an index into the definition's pages).
    pub fn page(&self) -> usize {
        self.page
    }

    /// Visible pages, in order.
    pub fn visible_pages(&self) -> Vec<usize> {
        (0..self.state.form().definition().pages.len())
            .filter(|p| self.state.is_page_visible(*p))
            .collect()
    }

    /// Position of the current page among the visible ones, from 1, and their count.
    pub fn page_position(&self) -> (usize, usize) {
        let pages = self.visible_pages();
        let at = pages
            .iter()
            .position(|p| *p == self.page)
            .map_or(1, |i| i + 1);
        (at, pages.len())
    }

    pub fn is_first_page(&self) -> bool {
        self.visible_pages()
            .first()
            .is_none_or(|first| *first == self.page)
    }

    pub fn is_last_page(&self) -> bool {
        self.visible_pages()
            .last()
            .is_none_or(|last| *last == self.page)
    }

    /// Changes an answer. Returns the names whose value changed (for re-rendering).
    pub fn set_value(&mut self, name: &str, value: Value) -> Vec<String> {
        let changes = self.state.set_value(name, value);
        // An answer can hide the page the respondent is on.
        self.page = self.nearest_visible(self.page);
        changes.names
    }

    /// The respondent left a field: from now on its errors are shown.
    pub fn touch(&mut self, id: ElementId) {
        self.shown.insert(id);
    }

    /// The errors to show for an element now (none until it was left or "next" was tried).
    pub fn errors_for(&self, id: ElementId) -> Vec<ValidationError> {
        if !self.shown.contains(&id) {
            return Vec::new();
        }
        validate_element(&self.state, id, &self.locale)
    }

    /// Tries to go forward: blocked by the current page's errors (warnings do not block).
    pub fn go_next(&mut self) -> Step {
        let errors = validate_page(&self.state, self.page, &self.locale);
        let blocking: Vec<ValidationError> =
            errors.into_iter().filter(|e| e.level.is_error()).collect();
        if !blocking.is_empty() {
            let on_page = self.page_elements(self.page);
            self.shown.extend(on_page);
            return Step::Blocked(blocking);
        }
        match self.visible_pages().into_iter().find(|p| *p > self.page) {
            Some(next) => {
                self.page = next;
                Step::Moved(next)
            }
            None => Step::Review,
        }
    }

    /// Goes back one visible page (no validation: going back never loses anything).
    pub fn go_previous(&mut self) -> usize {
        if let Some(previous) = self
            .visible_pages()
            .into_iter()
            .rev()
            .find(|p| *p < self.page)
        {
            self.page = previous;
        }
        self.page
    }

    /// Jumps to a visible page (from the review, to fix an answer).
    pub fn go_to(&mut self, page: usize) -> usize {
        self.page = self.nearest_visible(page);
        self.page
    }

    /// Every blocking error of the whole form (what "submit" checks).
    pub fn blocking_errors(&self) -> Vec<ValidationError> {
        crate::validation::validate(&self.state, &self.locale)
            .into_iter()
            .filter(|e| e.level.is_error())
            .collect()
    }

    /// The page holding an element (to jump to the page of an error).
    pub fn page_of(&self, id: ElementId) -> Option<usize> {
        self.state.form().info(id).map(|i| i.page)
    }

    /// Visible questions answered, over the whole form.
    pub fn progress(&self) -> Progress {
        Progress::of(&self.state)
    }

    fn page_elements(&self, page: usize) -> Vec<ElementId> {
        self.state
            .form()
            .element_ids()
            .filter(|(_, info)| info.page == page && info.dynamic_panel.is_none())
            .map(|(id, _)| id)
            .collect()
    }

    /// `page` when visible, else the next visible page after it, else the last visible one.
    fn nearest_visible(&self, page: usize) -> usize {
        let pages = self.visible_pages();
        pages
            .iter()
            .find(|p| **p >= page)
            .or_else(|| pages.last())
            .copied()
            .unwrap_or(0)
    }
}
