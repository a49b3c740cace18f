//! The pure domain: types, rules and the permission policy of SPEC §1–§4.
//! No storage, no terminal, no async: everything here is unit-testable.

pub mod account;
pub mod audit;
pub mod audit_detail;
pub mod calendar;
pub mod change;
pub mod error;
pub mod history;
pub mod ids;
pub mod invitation;
pub mod outbox;
pub mod policy;
pub mod records;
pub mod rules;
pub mod ssh_key;
pub mod team;
pub mod template;
pub mod text;
pub mod timeline;
pub mod triage;

pub use account::{Account, Cycle, PersonalPlan, PlanChange, PlanEvent, Staff};
pub use audit::{AuditAction, AuditEntry};
pub use audit_detail::AuditDetail;
pub use error::{DiagnosticCode, DomainError};
pub use ids::{AccountId, AuditId, Fresh, InvitationId, MessageId, TeamId, TemplateId};
pub use invitation::{Invitation, InvitationState, InvitationStatus, RefusedAttempt, Token};
pub use policy::{Action, Standing, authorize};
pub use ssh_key::{AccountKey, KeyChoice};
pub use team::{Language, Membership, PaymentMethod, Role, Team, TeamKind, TeamPlan};
pub use template::Template;
pub use text::Email;
