//! Invitation emails as they leave: written from templates in the team's
//! language ([`render`]) and handed to a transport ([`transport`]). What an
//! email is and where it stands is the domain's outbox.

pub mod render;
pub mod transport;
