//! Invitation emails: the outbox that records them, how they are written,
//! and the transports that carry them. The outbox is kept in the same
//! transaction as the change that caused each email, so an invitation never
//! exists without its email (and the reverse).

pub mod outbox;
pub mod render;
pub mod transport;

pub use outbox::{
    Attempt, AttemptOutcome, Delivery, DeliveryStatus, MessageKind, OutboxMessage, Undelivered,
};
