//! What each record implies in the index trees and the team counters: one
//! function per record kind, so that the transactions that keep indexes in
//! step, the migration that builds them, the archive and `doctor` all agree
//! on every entry.

use super::rows::{self, InvitationRow, MemberRow, RowState};
use super::{TreeName, keys};
use crate::domain::outbox::OutboxMessage;
use crate::domain::template::name_key;
use crate::domain::{Account, Email, Invitation, Membership, Role, Team, TeamId, Template};

/// How a person is named in a row when their account is missing (damage
/// `doctor` reports on its own).
pub const UNKNOWN_NAME: &str = "(unknown account)";

/// The index trees, each derived from records alone.
pub const INDEXES: [TreeName; 12] = [
    TreeName::AccountByEmail,
    TreeName::AccountByKey,
    TreeName::TeamByName,
    TreeName::MemberTeam,
    TreeName::MemberRows,
    TreeName::InvitationByEmail,
    TreeName::InvitationByToken,
    TreeName::InvitationRows,
    TreeName::OpenInvitationExpiry,
    TreeName::ReminderDue,
    TreeName::TemplateByName,
    TreeName::OutboxDue,
];

/// One index entry a record implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub tree: TreeName,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

fn entry(tree: TreeName, key: Vec<u8>, value: Vec<u8>) -> Entry {
    Entry { tree, key, value }
}

/// The numbers kept per team in `team_counts`, each changed in the same
/// transaction as the records it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Counter {
    Members = 1,
    BillableSeats = 2,
    Assistants = 3,
    /// Pending or expired: which one depends on the clock.
    OpenInvitations = 4,
    RevokedInvitations = 5,
    SupersededInvitations = 6,
    AcceptedInvitations = 7,
    /// Invitations moved to the archive (counted above as well).
    ArchivedInvitations = 8,
    /// Audit entries moved to the archive.
    ArchivedAudit = 9,
    Admins = 10,
    TemplateManagers = 11,
    /// Members whose role is member (every member is counted in `Members`).
    MemberRole = 12,
}

impl Counter {
    pub const ALL: [Counter; 12] = [
        Counter::Members,
        Counter::BillableSeats,
        Counter::Assistants,
        Counter::OpenInvitations,
        Counter::RevokedInvitations,
        Counter::SupersededInvitations,
        Counter::AcceptedInvitations,
        Counter::ArchivedInvitations,
        Counter::ArchivedAudit,
        Counter::Admins,
        Counter::TemplateManagers,
        Counter::MemberRole,
    ];

    pub fn from_byte(byte: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|counter| *counter as u8 == byte)
    }

    /// The counter of members in `role`.
    pub fn role(role: Role) -> Self {
        match role {
            Role::Admin => Counter::Admins,
            Role::TemplateManager => Counter::TemplateManagers,
            Role::Member => Counter::MemberRole,
            Role::Assistant => Counter::Assistants,
        }
    }

    /// The counter of invitations in `state`.
    pub fn invitations(state: RowState) -> Self {
        match state {
            RowState::Open => Counter::OpenInvitations,
            RowState::Revoked => Counter::RevokedInvitations,
            RowState::Superseded => Counter::SupersededInvitations,
            RowState::Accepted => Counter::AcceptedInvitations,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Counter::Members => "members",
            Counter::BillableSeats => "billable seats",
            Counter::Assistants => "assistants",
            Counter::OpenInvitations => "open invitations",
            Counter::RevokedInvitations => "revoked invitations",
            Counter::SupersededInvitations => "superseded invitations",
            Counter::AcceptedInvitations => "accepted invitations",
            Counter::ArchivedInvitations => "archived invitations",
            Counter::ArchivedAudit => "archived audit entries",
            Counter::Admins => "admins",
            Counter::TemplateManagers => "template managers",
            Counter::MemberRole => "members in the member role",
        }
    }
}

/// A change to one team's counter.
pub type Count = (Option<TeamId>, Counter, i64);

/// An account is found by its address, and by each of its SSH keys'
/// fingerprints.
pub fn account_entries(account: &Account) -> Vec<Entry> {
    let id = account.id.as_bytes().to_vec();
    let mut entries = vec![entry(
        TreeName::AccountByEmail,
        account.email.as_str().as_bytes().to_vec(),
        id.clone(),
    )];
    entries.extend(account.keys().map(|key| {
        entry(
            TreeName::AccountByKey,
            key.fingerprint().as_bytes().to_vec(),
            id.clone(),
        )
    }));
    entries
}

/// A live team is found by its name; a deleted one is not.
pub fn team_entries(team: &Team) -> Vec<Entry> {
    match team.deleted {
        Some(_) => Vec::new(),
        None => vec![entry(
            TreeName::TeamByName,
            keys::team_name(&team.name, team.id),
            Vec::new(),
        )],
    }
}

/// The one-team index entry and the display row of a membership; `holder`
/// is its account's name and address (no row without them), `owner`
/// whether it holds the team.
pub fn membership_entries(
    membership: &Membership,
    holder: Option<(&str, &Email)>,
    owner: bool,
) -> Vec<Entry> {
    let mut entries = vec![entry(
        TreeName::MemberTeam,
        membership.account.as_bytes().to_vec(),
        membership.team.as_bytes().to_vec(),
    )];
    if let Some((name, email)) = holder {
        entries.push(entry(
            TreeName::MemberRows,
            keys::member_row(membership.team, name, email),
            rows::encode(&MemberRow::of(membership, name, email.as_str(), owner)),
        ));
    }
    entries
}

pub fn membership_counts(membership: &Membership) -> Vec<Count> {
    let team = Some(membership.team);
    vec![
        (team, Counter::Members, 1),
        (
            team,
            Counter::BillableSeats,
            i64::from(membership.role.is_billable()),
        ),
        (team, Counter::role(membership.role), 1),
    ]
}

/// Every index entry of an invitation: by address, by token, its display
/// row (`inviter` and `revoker` are names), and while open its expiry and
/// reminder entries.
pub fn invitation_entries(
    invitation: &Invitation,
    inviter: &str,
    revoker: Option<&str>,
) -> Vec<Entry> {
    let id = invitation.id;
    let state = RowState::of(&invitation.state);
    let mut entries = vec![
        entry(
            TreeName::InvitationByEmail,
            keys::email_invitation(&invitation.email, id),
            Vec::new(),
        ),
        entry(
            TreeName::InvitationByToken,
            invitation.token_hash.to_vec(),
            id.as_bytes().to_vec(),
        ),
        entry(
            TreeName::InvitationRows,
            keys::invitation_row(invitation.team, state.class(), invitation.sent_at, id),
            rows::encode(&InvitationRow::of(invitation, inviter, revoker)),
        ),
    ];
    if state == RowState::Open {
        entries.push(entry(
            TreeName::OpenInvitationExpiry,
            keys::open_expiry(invitation.team, invitation.expires_at, id),
            keys::instant(invitation.sent_at).to_vec(),
        ));
    }
    if let Some(expires_at) = invitation.awaits_reminder() {
        entries.push(entry(
            TreeName::ReminderDue,
            keys::timed(expires_at, id.as_bytes()),
            Vec::new(),
        ));
    }
    entries
}

pub fn invitation_counts(invitation: &Invitation) -> Vec<Count> {
    let state = RowState::of(&invitation.state);
    vec![(Some(invitation.team), Counter::invitations(state), 1)]
}

pub fn message_entries(message: &OutboxMessage) -> Vec<Entry> {
    match message.due() {
        Some(due) => vec![entry(
            TreeName::OutboxDue,
            keys::timed(due, message.id.as_bytes()),
            Vec::new(),
        )],
        None => Vec::new(),
    }
}

pub fn template_entries(template: &Template) -> Vec<Entry> {
    vec![entry(
        TreeName::TemplateByName,
        keys::template_name(template.team, &name_key(&template.name)),
        template.id.as_bytes().to_vec(),
    )]
}

/// The counts negated: what removing a record takes away.
pub fn negated(counts: Vec<Count>) -> Vec<Count> {
    counts
        .into_iter()
        .map(|(team, counter, delta)| (team, counter, -delta))
        .collect()
}
