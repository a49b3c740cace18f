//! Key layouts of the record trees and their secondary indexes.
//!
//! Composite keys put the grouping id first so a prefix scan lists a group
//! (a team's members, an address's invitations) in key order.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{AccountId, Email, InvitationId, TeamId, TemplateId};

pub fn id(bytes: &[u8; 16]) -> Vec<u8> {
    bytes.to_vec()
}

pub fn pair(first: &[u8; 16], second: &[u8; 16]) -> Vec<u8> {
    let mut key = Vec::with_capacity(32);
    key.extend_from_slice(first);
    key.extend_from_slice(second);
    key
}

/// `members`: team ++ account.
pub fn membership(team: TeamId, account: AccountId) -> Vec<u8> {
    pair(team.as_bytes(), account.as_bytes())
}

/// `invitation_by_team`: team ++ invitation.
pub fn team_invitation(team: TeamId, invitation: InvitationId) -> Vec<u8> {
    pair(team.as_bytes(), invitation.as_bytes())
}

/// `invitation_by_email`: address ++ 0x00 ++ invitation. Addresses never hold NUL.
pub fn email_invitation(email: &Email, invitation: InvitationId) -> Vec<u8> {
    let mut key = email_prefix(email);
    key.extend_from_slice(invitation.as_bytes());
    key
}

/// The prefix of every `invitation_by_email` key of one address.
pub fn email_prefix(email: &Email) -> Vec<u8> {
    let mut key = email.as_str().as_bytes().to_vec();
    key.push(0);
    key
}

/// `templates`: team ++ template.
pub fn template(team: TeamId, template: TemplateId) -> Vec<u8> {
    pair(team.as_bytes(), template.as_bytes())
}

/// `template_by_name`: team ++ lower-cased name.
pub fn template_name(team: TeamId, name_key: &str) -> Vec<u8> {
    let mut key = team.as_bytes().to_vec();
    key.extend_from_slice(name_key.as_bytes());
    key
}

/// `team_by_name`: lower-cased name ++ 0x00 ++ team. Names never hold NUL.
pub fn team_name(name: &str, team: TeamId) -> Vec<u8> {
    let mut key = team_name_prefix(name);
    key.extend_from_slice(team.as_bytes());
    key
}

pub fn team_name_prefix(name: &str) -> Vec<u8> {
    let mut key = name.to_lowercase().into_bytes();
    key.push(0);
    key
}

/// `audit`: team (zeros for entries outside any team) ++ time-ordered entry id.
pub fn audit(team: Option<TeamId>, entry: &[u8; 16]) -> Vec<u8> {
    pair(&team_or_nil(team), entry)
}

pub fn team_or_nil(team: Option<TeamId>) -> [u8; 16] {
    team.map_or([0; 16], |t| *t.as_bytes())
}

/// `adjustments` and `invoices`: team ++ a period's first day (days since
/// 1970, big-endian, so keys sort by date) ++ whatever tells records of one
/// day apart.
pub fn dated(team: TeamId, day: NaiveDate, rest: &[u8]) -> Vec<u8> {
    let mut key = team.as_bytes().to_vec();
    let days = i32::try_from(day.signed_duration_since(NaiveDate::default()).num_days())
        .unwrap_or(i32::MAX);
    // Flip the sign bit so negative and positive days sort as numbers do.
    key.extend_from_slice(&((days as u32) ^ 0x8000_0000).to_be_bytes());
    key.extend_from_slice(rest);
    key
}

/// `outbox_due` and `reminder_due`: a moment (milliseconds since 1970,
/// big-endian with the sign bit flipped, so keys sort by time) ++ an id.
pub fn timed(at: DateTime<Utc>, id: &[u8; 16]) -> Vec<u8> {
    let mut key = instant(at).to_vec();
    key.extend_from_slice(id);
    key
}

/// The first bytes of every [`timed`] key at or after `at`.
pub fn instant(at: DateTime<Utc>) -> [u8; 8] {
    ((at.timestamp_millis() as u64) ^ (1 << 63)).to_be_bytes()
}

/// The last 16 bytes of a key (the id after a variable-length prefix).
pub fn trailing_id(key: &[u8]) -> Option<[u8; 16]> {
    key.len()
        .checked_sub(16)
        .and_then(|start| key[start..].try_into().ok())
}
