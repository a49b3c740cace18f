//! The append-only audit log (R12).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit_detail::AuditDetail;
use super::ids::{AccountId, AuditId, TeamId};

/// Every kind of change that is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    #[serde(rename = "account.create")]
    AccountCreate,
    #[serde(rename = "team.create")]
    TeamCreate,
    #[serde(rename = "team.upgrade")]
    TeamUpgrade,
    #[serde(rename = "team.downgrade")]
    TeamDowngrade,
    #[serde(rename = "team.trial_end")]
    TrialEnd,
    #[serde(rename = "team.rename")]
    TeamRename,
    #[serde(rename = "team.session_sharing")]
    SessionSharing,
    #[serde(rename = "team.transfer")]
    TransferOwnership,
    #[serde(rename = "team.delete")]
    TeamDelete,
    #[serde(rename = "billing.update")]
    BillingUpdate,
    #[serde(rename = "invite.add")]
    InviteAdd,
    #[serde(rename = "invite.resend")]
    InviteResend,
    #[serde(rename = "invite.revoke")]
    InviteRevoke,
    #[serde(rename = "invite.accept")]
    InviteAccept,
    #[serde(rename = "invite.refused")]
    InviteRefused,
    #[serde(rename = "member.remove")]
    MemberRemove,
    #[serde(rename = "member.leave")]
    MemberLeave,
    #[serde(rename = "member.role")]
    MemberRole,
    #[serde(rename = "template.add")]
    TemplateAdd,
    #[serde(rename = "template.edit")]
    TemplateEdit,
    #[serde(rename = "template.remove")]
    TemplateRemove,
    #[serde(rename = "account.upgrade")]
    AccountUpgrade,
    #[serde(rename = "invoice.issue")]
    InvoiceIssue,
    #[serde(rename = "invite.delivered")]
    InviteDelivered,
    #[serde(rename = "invite.undelivered")]
    InviteUndelivered,
    #[serde(rename = "invite.reminder")]
    InviteReminder,
    #[serde(rename = "team.language")]
    TeamLanguage,
    #[serde(rename = "account.key_add")]
    AccountKeyAdd,
    #[serde(rename = "account.key_remove")]
    AccountKeyRemove,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AccountCreate => "account.create",
            AuditAction::TeamCreate => "team.create",
            AuditAction::TeamUpgrade => "team.upgrade",
            AuditAction::TeamDowngrade => "team.downgrade",
            AuditAction::TrialEnd => "team.trial_end",
            AuditAction::TeamRename => "team.rename",
            AuditAction::SessionSharing => "team.session_sharing",
            AuditAction::TransferOwnership => "team.transfer",
            AuditAction::TeamDelete => "team.delete",
            AuditAction::BillingUpdate => "billing.update",
            AuditAction::InviteAdd => "invite.add",
            AuditAction::InviteResend => "invite.resend",
            AuditAction::InviteRevoke => "invite.revoke",
            AuditAction::InviteAccept => "invite.accept",
            AuditAction::InviteRefused => "invite.refused",
            AuditAction::MemberRemove => "member.remove",
            AuditAction::MemberLeave => "member.leave",
            AuditAction::MemberRole => "member.role",
            AuditAction::TemplateAdd => "template.add",
            AuditAction::TemplateEdit => "template.edit",
            AuditAction::TemplateRemove => "template.remove",
            AuditAction::AccountUpgrade => "account.upgrade",
            AuditAction::InvoiceIssue => "invoice.issue",
            AuditAction::InviteDelivered => "invite.delivered",
            AuditAction::InviteUndelivered => "invite.undelivered",
            AuditAction::InviteReminder => "invite.reminder",
            AuditAction::TeamLanguage => "team.language",
            AuditAction::AccountKeyAdd => "account.key_add",
            AuditAction::AccountKeyRemove => "account.key_remove",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the audit log; written once, never edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    /// `None` for changes the clock makes (a trial ending).
    pub actor: Option<AccountId>,
    /// The actor's address when the entry was written ("system" for the clock).
    pub actor_email: String,
    pub team: Option<TeamId>,
    pub action: AuditAction,
    pub target: String,
    pub details: AuditDetail,
}
