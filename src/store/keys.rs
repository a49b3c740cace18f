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

/// `member_rows`: team ++ lower-cased name ++ 0x00 ++ address. Names and
/// addresses hold no NUL, so a team's rows sort by name, then address, as
/// the member list is shown (a name that begins another sorts first).
pub fn member_row(team: TeamId, name: &str, email: &Email) -> Vec<u8> {
    let lower = name.to_lowercase();
    let mut key = Vec::with_capacity(16 + lower.len() + 1 + email.as_str().len());
    key.extend_from_slice(team.as_bytes());
    key.extend_from_slice(lower.as_bytes());
    key.push(0);
    key.extend_from_slice(email.as_str().as_bytes());
    key
}

/// `invitation_rows`: team ++ class (open, revoked, superseded, accepted)
/// ++ when it was sent, newest first ++ invitation, newest first (ids are
/// time-ordered: of a bulk invite's, the last made comes first). One
/// prefix scan lists a team's invitations of one class newest first; the
/// classes merge by the rest of the key.
pub fn invitation_row(
    team: TeamId,
    class: u8,
    sent_at: DateTime<Utc>,
    id: InvitationId,
) -> Vec<u8> {
    row_key(team, class, newest_first(sent_at), *id.as_bytes())
}

fn row_key(team: TeamId, class: u8, sent: [u8; 8], id: [u8; 16]) -> Vec<u8> {
    let mut key = Vec::with_capacity(16 + 1 + 8 + 16);
    key.extend_from_slice(team.as_bytes());
    key.push(class);
    key.extend_from_slice(&sent);
    key.extend_from_slice(&(!u128::from_be_bytes(id)).to_be_bytes());
    key
}

/// The prefix of a team's `invitation_rows` of one class.
pub fn invitation_class(team: TeamId, class: u8) -> Vec<u8> {
    let mut key = team.as_bytes().to_vec();
    key.push(class);
    key
}

/// A moment as key bytes that sort the newest first.
pub fn newest_first(at: DateTime<Utc>) -> [u8; 8] {
    (!u64::from_be_bytes(instant(at))).to_be_bytes()
}

/// `open_invitation_expiry`: team ++ when the link expires ++ invitation,
/// for open invitations only: the team's expired ones are one range scan.
pub fn open_expiry(team: TeamId, expires_at: DateTime<Utc>, id: InvitationId) -> Vec<u8> {
    let mut key = team.as_bytes().to_vec();
    key.extend_from_slice(&instant(expires_at));
    key.extend_from_slice(id.as_bytes());
    key
}

/// `team_counts`: team (zeros for what belongs to no team) ++ which count.
pub fn team_count(team: Option<TeamId>, counter: u8) -> Vec<u8> {
    let mut key = team_or_nil(team).to_vec();
    key.push(counter);
    key
}

/// Where a team's `open_invitation_expiry` keys of links expired at `now`
/// end (exclusive): a link expires at the moment `expires_at` is reached.
pub fn open_expiry_bound(team: TeamId, now: DateTime<Utc>) -> Vec<u8> {
    let mut key = team.as_bytes().to_vec();
    key.extend_from_slice(&instant(now + chrono::Duration::milliseconds(1)));
    key
}

/// The `invitation_rows` key of an open invitation, from its id and the
/// [`instant`] bytes of when it was sent (as `open_invitation_expiry` keeps them).
pub fn open_row(team: TeamId, sent: [u8; 8], id: [u8; 16]) -> Vec<u8> {
    row_key(team, 0, (!u64::from_be_bytes(sent)).to_be_bytes(), id)
}

/// The first key after every key that starts with `prefix` (an exclusive
/// range end); `prefix` is never all 0xFF here (ids are version-7 UUIDs).
pub fn after_prefix(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return end;
        }
    }
    vec![u8::MAX; prefix.len() + 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Counter;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, day, 9, 0, 0).unwrap()
    }

    #[test]
    fn member_rows_sort_by_name_whatever_its_case_then_by_address() {
        let team = TeamId::fresh(&mut Counter::default());
        let email = |text: &str| Email::parse(text).unwrap();
        let mut keys = [
            member_row(team, "Tom", &email("a@x.example")),
            member_row(team, "ana", &email("z@x.example")),
            member_row(team, "Ana", &email("b@x.example")),
            member_row(team, "An", &email("c@x.example")),
        ];
        keys.sort();
        let order: Vec<&[u8]> = keys.iter().map(|k| &k[16..]).collect();
        assert_eq!(
            order,
            [
                &b"an\0c@x.example"[..],
                b"ana\0b@x.example",
                b"ana\0z@x.example",
                b"tom\0a@x.example"
            ]
        );
    }

    #[test]
    fn invitation_rows_of_a_class_sort_newest_first_and_open_rows_are_found_from_the_expiry_index()
    {
        let fresh = &mut Counter::default();
        let team = TeamId::fresh(fresh);
        let (older, newer) = (InvitationId::fresh(fresh), InvitationId::fresh(fresh));
        let mut keys = [
            invitation_row(team, 0, at(1), older),
            invitation_row(team, 0, at(2), newer),
            invitation_row(team, 0, at(1), newer),
        ];
        keys.sort();
        assert_eq!(keys[0], invitation_row(team, 0, at(2), newer));
        assert_eq!(
            keys[1],
            invitation_row(team, 0, at(1), newer),
            "a bulk invite's last first"
        );
        assert!(
            keys.iter()
                .all(|k| k.starts_with(&invitation_class(team, 0)))
        );
        assert_eq!(
            open_row(team, instant(at(1)), *older.as_bytes()),
            invitation_row(team, 0, at(1), older)
        );
    }

    #[test]
    fn moments_sort_as_time_does_before_1970_too() {
        let before = Utc.with_ymd_and_hms(1969, 12, 31, 0, 0, 0).unwrap();
        assert!(instant(before) < instant(at(1)));
        assert!(newest_first(at(2)) < newest_first(at(1)));
        let team = TeamId::fresh(&mut Counter::default());
        let bound = open_expiry_bound(team, at(2));
        let id = InvitationId::fresh(&mut Counter::default());
        assert!(
            open_expiry(team, at(2), id) < bound,
            "a link expires when its moment is reached"
        );
        assert!(open_expiry(team, at(3), id) > bound);
    }

    #[test]
    fn after_prefix_is_the_first_key_past_every_key_with_the_prefix() {
        assert_eq!(after_prefix(&[1, 2]), [1, 3]);
        assert_eq!(after_prefix(&[1, 0xFF]), [2]);
        assert!(after_prefix(&[7]).as_slice() > [7, 0xFF, 0xFF].as_slice());
    }
}
