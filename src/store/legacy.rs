//! Record shapes written by earlier teamdesk versions, read once and upgraded
//! to today's shape when a record is decoded (the envelope says which).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::codec::{decode_payload, unknown_format};
use super::{Record, StoreError};
use crate::domain::invitation::{REFUSALS_KEPT, TokenHash};
use crate::domain::outbox::{MessageKind, OutboxMessage};
use crate::domain::{
    Account, AccountId, AuditAction, AuditDetail, AuditEntry, AuditId, Cycle, Email, Invitation,
    InvitationId, InvitationState, Language, MessageId, PaymentMethod, PersonalPlan, PlanChange,
    PlanEvent, RefusedAttempt, Role, Staff, Team, TeamId, TeamPlan,
};

/// An invitation in format 1: every refused opening kept, none counted.
#[derive(Deserialize)]
struct InvitationV1 {
    id: InvitationId,
    team: TeamId,
    email: Email,
    role: Role,
    token_hash: TokenHash,
    invited_by: AccountId,
    sent_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    state: InvitationState,
    replaces: Option<InvitationId>,
    refused_attempts: Vec<RefusedAttempt>,
    message: MessageId,
}

/// An invitation in format 2: refusals bounded, no reminder yet.
#[derive(Deserialize)]
struct InvitationV2 {
    id: InvitationId,
    team: TeamId,
    email: Email,
    role: Role,
    token_hash: TokenHash,
    invited_by: AccountId,
    sent_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    state: InvitationState,
    replaces: Option<InvitationId>,
    refused_attempts: Vec<RefusedAttempt>,
    refused_total: u32,
    refusals_audited_at: Option<DateTime<Utc>>,
    refusals_unaudited: u32,
    message: MessageId,
}

impl From<InvitationV1> for InvitationV2 {
    fn from(old: InvitationV1) -> Self {
        let refused_total = u32::try_from(old.refused_attempts.len()).unwrap_or(u32::MAX);
        let mut refused_attempts = old.refused_attempts;
        let excess = refused_attempts.len().saturating_sub(REFUSALS_KEPT);
        refused_attempts.drain(..excess);
        let refusals_audited_at = refused_attempts.last().map(|attempt| attempt.at);
        InvitationV2 {
            id: old.id,
            team: old.team,
            email: old.email,
            role: old.role,
            token_hash: old.token_hash,
            invited_by: old.invited_by,
            sent_at: old.sent_at,
            expires_at: old.expires_at,
            state: old.state,
            replaces: old.replaces,
            refused_attempts,
            refused_total,
            refusals_audited_at,
            refusals_unaudited: 0,
            message: old.message,
        }
    }
}

impl From<InvitationV2> for Invitation {
    fn from(old: InvitationV2) -> Self {
        Invitation {
            id: old.id,
            team: old.team,
            email: old.email,
            role: old.role,
            token_hash: old.token_hash,
            invited_by: old.invited_by,
            sent_at: old.sent_at,
            expires_at: old.expires_at,
            state: old.state,
            replaces: old.replaces,
            refused_attempts: old.refused_attempts,
            refused_total: old.refused_total,
            refusals_audited_at: old.refusals_audited_at,
            refusals_unaudited: old.refusals_unaudited,
            message: old.message,
            reminder: None,
        }
    }
}

/// Format 2 bounds the refused openings an invitation keeps; format 3 remembers its reminder.
pub(super) fn upgrade_invitation(format: u8, payload: &[u8]) -> Result<Invitation, StoreError> {
    let v2 = match format {
        1 => decode_payload::<InvitationV1>(Invitation::KIND, payload)?.into(),
        2 => decode_payload::<InvitationV2>(Invitation::KIND, payload)?,
        _ => return Err(unknown_format(Invitation::KIND, format)),
    };
    Ok(v2.into())
}

/// A team in format 1: no email language.
#[derive(Deserialize)]
struct TeamV1 {
    id: TeamId,
    name: String,
    owner: AccountId,
    plan: TeamPlan,
    cycle: Cycle,
    session_sharing: bool,
    trial_used: bool,
    payment_method: Option<PaymentMethod>,
    billing_email: Option<String>,
    created_at: DateTime<Utc>,
    deleted: Option<DateTime<Utc>>,
}

/// Format 2 writes a team's emails in its language (English before).
pub(super) fn upgrade_team(format: u8, payload: &[u8]) -> Result<Team, StoreError> {
    let old = match format {
        1 => decode_payload::<TeamV1>(Team::KIND, payload)?,
        _ => return Err(unknown_format(Team::KIND, format)),
    };
    Ok(Team {
        id: old.id,
        name: old.name,
        owner: old.owner,
        plan: old.plan,
        cycle: old.cycle,
        session_sharing: old.session_sharing,
        trial_used: old.trial_used,
        payment_method: old.payment_method,
        billing_email: old.billing_email,
        created_at: old.created_at,
        deleted: old.deleted,
        language: Language::En,
    })
}

/// An outbox message in format 1: the whole email, link included, kept
/// until sent (and nothing ever sent it).
#[derive(Deserialize)]
struct OutboxMessageV1 {
    id: MessageId,
    to: Email,
    _subject: String,
    _body: String,
    created_at: DateTime<Utc>,
    team: TeamId,
    invitation: Option<InvitationId>,
}

/// Format 2 keeps no email, only what to derive it from. A format-1 message
/// is queued again; its link was random, not derived, so the worker will
/// find it cannot be made again and say to resend the invitation.
pub(super) fn upgrade_outbox_message(
    format: u8,
    payload: &[u8],
) -> Result<OutboxMessage, StoreError> {
    let old = match format {
        1 => decode_payload::<OutboxMessageV1>(OutboxMessage::KIND, payload)?,
        _ => return Err(unknown_format(OutboxMessage::KIND, format)),
    };
    let invitation = old.invitation.ok_or_else(|| {
        StoreError::Corrupt(format!("outbox message {} names no invitation", old.id))
    })?;
    Ok(OutboxMessage::queued(
        old.id,
        (old.to, old.team, invitation),
        MessageKind::Invitation,
        old.created_at,
    ))
}

/// A plan change in format 1 of accounts: no credit recorded.
#[derive(Deserialize)]
enum PlanChangeV1 {
    ProCancelledOnJoining {
        cycle: Cycle,
        paid_since: DateTime<Utc>,
    },
    UpgradedByTeam,
    MovedToTeam {
        cycle: Cycle,
    },
    ReturnedToFree,
}

#[derive(Deserialize)]
struct PlanEventV1 {
    at: DateTime<Utc>,
    team: TeamId,
    team_name: String,
    change: PlanChangeV1,
}

/// An account in format 1: no credit, no card of its own.
#[derive(Deserialize)]
struct AccountV1 {
    id: AccountId,
    email: Email,
    name: String,
    plan: PersonalPlan,
    staff: Option<Staff>,
    ssh_keys: Vec<String>,
    created_at: DateTime<Utc>,
    plan_history: Vec<PlanEventV1>,
}

impl From<PlanEventV1> for PlanEvent {
    fn from(old: PlanEventV1) -> Self {
        let change = match old.change {
            PlanChangeV1::ProCancelledOnJoining { cycle, paid_since } => {
                PlanChange::ProCancelledOnJoining {
                    cycle,
                    paid_since,
                    credit: 0,
                }
            }
            PlanChangeV1::UpgradedByTeam => PlanChange::UpgradedByTeam,
            PlanChangeV1::MovedToTeam { cycle } => PlanChange::MovedToTeam { cycle, credit: 0 },
            PlanChangeV1::ReturnedToFree => PlanChange::ReturnedToFree,
        };
        PlanEvent {
            at: old.at,
            team: old.team,
            team_name: old.team_name,
            change,
        }
    }
}

/// Format 2 keeps a person's credit and card on their account.
pub(super) fn upgrade_account(format: u8, payload: &[u8]) -> Result<Account, StoreError> {
    let old = match format {
        1 => decode_payload::<AccountV1>(Account::KIND, payload)?,
        _ => return Err(unknown_format(Account::KIND, format)),
    };
    Ok(Account {
        id: old.id,
        email: old.email,
        name: old.name,
        plan: old.plan,
        staff: old.staff,
        ssh_keys: old.ssh_keys,
        created_at: old.created_at,
        plan_history: old.plan_history.into_iter().map(PlanEvent::from).collect(),
        credit: 0,
        payment_method: None,
    })
}

/// An audit entry in format 1: its details an English sentence.
#[derive(Deserialize)]
struct AuditEntryV1 {
    id: AuditId,
    at: DateTime<Utc>,
    actor: Option<AccountId>,
    actor_email: String,
    team: Option<TeamId>,
    action: AuditAction,
    target: String,
    details: String,
}

/// Format 2 keeps an entry's details as typed values; a format-1 sentence
/// is kept as it was written.
pub(super) fn upgrade_audit_entry(format: u8, payload: &[u8]) -> Result<AuditEntry, StoreError> {
    let old = match format {
        1 => decode_payload::<AuditEntryV1>(AuditEntry::KIND, payload)?,
        _ => return Err(unknown_format(AuditEntry::KIND, format)),
    };
    Ok(AuditEntry {
        id: old.id,
        at: old.at,
        actor: old.actor,
        actor_email: old.actor_email,
        team: old.team,
        action: old.action,
        target: old.target,
        details: AuditDetail::Recorded(old.details),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DiagnosticCode;
    use crate::domain::ids::Counter;
    use crate::store::codec;
    use chrono::{Duration, TimeZone};
    use serde::Serialize;

    /// The format-1 layout, as format-1 teamdesk wrote it.
    #[derive(Serialize)]
    struct WrittenV1 {
        id: InvitationId,
        team: TeamId,
        email: Email,
        role: Role,
        token_hash: TokenHash,
        invited_by: AccountId,
        sent_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        state: InvitationState,
        replaces: Option<InvitationId>,
        refused_attempts: Vec<RefusedAttempt>,
        message: MessageId,
    }

    #[test]
    fn a_format_1_invitation_keeps_its_newest_refusals_and_counts_them_all() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let attempts: Vec<RefusedAttempt> = (0..30)
            .map(|i| RefusedAttempt {
                at: at + Duration::minutes(i),
                code: DiagnosticCode::Expired,
                by_email: Email::parse("tom@x.example").unwrap(),
                other_team: None,
            })
            .collect();
        let fresh = &mut Counter::default();
        let old = WrittenV1 {
            id: InvitationId::fresh(fresh),
            team: TeamId::fresh(fresh),
            email: Email::parse("tom@x.example").unwrap(),
            role: Role::Member,
            token_hash: [7; 32],
            invited_by: AccountId::fresh(fresh),
            sent_at: at,
            expires_at: at + Duration::days(30),
            state: InvitationState::Pending,
            replaces: None,
            refused_attempts: attempts.clone(),
            message: MessageId::fresh(fresh),
        };
        let mut bytes = vec![1];
        bytes.extend(bincode::serde::encode_to_vec(&old, bincode::config::standard()).unwrap());
        let upgraded: Invitation = codec::decode(&bytes).unwrap();
        assert_eq!(upgraded.refused_total, 30);
        assert_eq!(upgraded.refused_attempts, attempts[10..]);
        assert_eq!(upgraded.email, old.email);
        assert_eq!(codec::encode(&upgraded)[0], Invitation::FORMAT);
    }

    /// An audit entry as format-1 teamdesk wrote it.
    #[derive(Serialize)]
    struct AuditWrittenV1 {
        id: AuditId,
        at: DateTime<Utc>,
        actor: Option<AccountId>,
        actor_email: String,
        team: Option<TeamId>,
        action: AuditAction,
        target: String,
        details: String,
    }

    #[test]
    fn a_format_1_audit_entry_keeps_its_sentence_as_recorded() {
        let fresh = &mut Counter::default();
        let sentence = "invited as member; link valid until 1 Apr 2026";
        let old = AuditWrittenV1 {
            id: AuditId::fresh(fresh),
            at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            actor: Some(AccountId::fresh(fresh)),
            actor_email: "olivia@bondi.example".into(),
            team: Some(TeamId::fresh(fresh)),
            action: AuditAction::InviteAdd,
            target: "tom@bondi.example".into(),
            details: sentence.into(),
        };
        let mut bytes = vec![1];
        bytes.extend(bincode::serde::encode_to_vec(&old, bincode::config::standard()).unwrap());
        let upgraded: AuditEntry = codec::decode(&bytes).unwrap();
        assert_eq!(upgraded.details, AuditDetail::Recorded(sentence.into()));
        assert_eq!(upgraded.details.to_string(), sentence);
        assert_eq!(
            (upgraded.id, upgraded.at, upgraded.actor, upgraded.team),
            (old.id, old.at, old.actor, old.team)
        );
        assert_eq!(
            (upgraded.actor_email.as_str(), upgraded.target.as_str()),
            ("olivia@bondi.example", "tom@bondi.example")
        );
        assert_eq!(upgraded.action, AuditAction::InviteAdd);
        // Written again (an archive move copies bytes; an import encodes
        // anew), it is in today's format and reads the same.
        let again = codec::encode(&upgraded);
        assert_eq!(again[0], AuditEntry::FORMAT);
        assert_eq!(codec::decode::<AuditEntry>(&again).unwrap(), upgraded);
    }

    #[test]
    fn every_kind_of_detail_round_trips_through_the_store_format() {
        let fresh = &mut Counter::default();
        for (details, _) in crate::domain::audit_detail::tests::samples() {
            let entry = AuditEntry {
                id: AuditId::fresh(fresh),
                at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
                actor: None,
                actor_email: "system".into(),
                team: None,
                action: AuditAction::TeamCreate,
                target: "Bondi".into(),
                details,
            };
            assert_eq!(
                codec::decode::<AuditEntry>(&codec::encode(&entry)).unwrap(),
                entry
            );
        }
    }
}
