//! Telling a host page what happens in an embedded survey.
//!
//! The standalone app has no host: its [`Events`] goes nowhere. An embedded survey's hands
//! every [`EmbedEvent`] to the function `pq-survey.js` passed in, which dispatches it as a DOM
//! event on the `<pq-survey>` element (or posts it to the parent window from `embed.html`).

use std::rc::Rc;

use leptos::prelude::*;
use pq_core::embed::EmbedEvent;

/// A function that receives a survey's events.
type Sink = Rc<dyn Fn(&EmbedEvent)>;

/// Where a survey's events go (a copyable handle; safe to use after the survey is gone).
#[derive(Clone, Copy)]
pub struct Events {
    sink: StoredValue<Option<Sink>, LocalStorage>,
}

impl Events {
    /// Events that go nowhere (the standalone app).
    pub fn none() -> Self {
        Events {
            sink: StoredValue::new_local(None),
        }
    }

    /// Events handed to `sink`.
    pub fn to(sink: impl Fn(&EmbedEvent) + 'static) -> Self {
        Events {
            sink: StoredValue::new_local(Some(Rc::new(sink))),
        }
    }

    /// Hands `event` on; nothing when nobody listens or the survey was destroyed.
    pub fn emit(&self, event: EmbedEvent) {
        let sink = self.sink.try_with_value(Clone::clone).flatten();
        if let Some(sink) = sink {
            sink(&event);
        }
    }
}
